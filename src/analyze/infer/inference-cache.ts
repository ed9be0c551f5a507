import { createHash } from 'node:crypto';
import type { Inference } from './infer-footprint.js';

/**
 * The inferred footprints of a warm plan (docs/inference.md): `.agent/cache/inference.json`
 * holds each item's inference under a key of everything it depends on (waveplan's build; HEAD, so the history;
 * every file and its blob id, so the symbols; what runs taught; the config's components; the
 * ranking knobs), and each item under the hash of its own words. A plan whose key and items
 * match reads one file instead of the symbol index, the history and the run memory.
 */
export const INFERENCE_CACHE_FILE = 'inference.json';
const TAG = 'waveplan-inference';
const VERSION = 3;

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

export function serializeInferenceCache(cache: InferenceCache): string {
  return `${JSON.stringify({ tag: TAG, version: VERSION, key: cache.key, items: cache.items })}\n`;
}

/** The cache when it is ours, of this version and for `key`; anything else (corrupt, foreign, stale) reads as a miss. */
export function parseInferenceCache(text: string | undefined, key: string): InferenceCache | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as { tag?: unknown; version?: unknown; key?: unknown; items?: unknown };
    if (data.tag !== TAG || data.version !== VERSION || data.key !== key || typeof data.items !== 'object' || data.items === null) return undefined;
    const items = data.items as Record<string, Inference>;
    for (const value of Object.values(items)) if (!isInference(value)) return undefined;
    return { key, items };
  } catch {
    return undefined;
  }
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
