import { createHash } from 'node:crypto';
import type { Inference } from './infer-footprint.js';

/**
 * The inferred footprints of a warm plan (docs/inference.md): `.agent/cache/inference.json`
 * holds each item's inference under a key of everything it depends on (waveplan's build; HEAD, so the history;
 * every file and its blob id, so the symbols; what runs taught; the config's components; the
 * ranking knobs), and each item under the hash of its own words. A plan whose key and items
 * match reads one file instead of the symbol index, the history and the run memory.
 *
 * The file keeps the last `KEPT_KEYS` keys, newest first: `infer` and `explain` read HEAD's history
 * while `plan --check` and `apply` read the committed plan's base, and with one key each of them
 * recomputed what the other had just written.
 */
export const INFERENCE_CACHE_FILE = 'inference.json';
const TAG = 'waveplan-inference';
const VERSION = 4;
const KEPT_KEYS = 2;

export interface InferenceCache {
  key: string;
  /** Item words hash → its inference. */
  items: Record<string, Inference>;
}

export function hashOf(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** The key of everything an item's inference depends on besides its own words. */
export function inferenceKey(input: {
  /** waveplan's version and build (BUILD_ID): another build may rank the same words differently. */
  build: string;
  head: string;
  files: readonly string[];
  versions: ReadonlyMap<string, string>;
  memory: string;
  settings: string;
}): string {
  const hash = createHash('sha256');
  hash.update(`${VERSION}\0${input.build}\0${input.head}\0${input.memory}\0${input.settings}\0`);
  for (const file of input.files) hash.update(`${file}\0${input.versions.get(file) ?? '-'}\n`);
  return hash.digest('hex');
}

/** The file's entries after writing `entry`: it first, then the newest others under another key. */
export function withInferenceEntry(entries: readonly InferenceCache[], entry: InferenceCache): InferenceCache[] {
  return [entry, ...entries.filter((e) => e.key !== entry.key)].slice(0, KEPT_KEYS);
}

export function serializeInferenceCache(entries: readonly InferenceCache[]): string {
  return `${JSON.stringify({ tag: TAG, version: VERSION, entries: entries.map((e) => ({ key: e.key, items: e.items })) })}\n`;
}

/** The file's entries when it is ours and of this version; anything else (corrupt, foreign, older) reads as none. */
export function parseInferenceCache(text: string | undefined): InferenceCache[] {
  if (text === undefined) return [];
  try {
    const data = JSON.parse(text) as { tag?: unknown; version?: unknown; entries?: unknown };
    if (data.tag !== TAG || data.version !== VERSION || !Array.isArray(data.entries)) return [];
    return (data.entries as Array<{ key?: unknown; items?: unknown }>).filter(isEntry);
  } catch {
    return [];
  }
}

function isEntry(entry: { key?: unknown; items?: unknown } | null): entry is InferenceCache {
  return (
    typeof entry?.key === 'string' &&
    typeof entry.items === 'object' &&
    entry.items !== null &&
    Object.values(entry.items as Record<string, unknown>).every(isInference)
  );
}

function isInference(value: unknown): value is Inference {
  const v = value as Partial<Inference> | null;
  const isEntries = (list: unknown) =>
    Array.isArray(list) &&
    list.every(
      (e: { path?: unknown; words?: unknown; confidence?: unknown }) =>
        typeof e?.path === 'string' && typeof e.confidence === 'number' && Array.isArray(e.words) && e.words.every((w) => typeof w === 'string'),
    );
  return (
    v !== null && typeof v === 'object' && typeof v.confidence === 'number' && typeof v.isWeak === 'boolean' && isEntries(v.entries) && isEntries(v.suggestions)
  );
}
