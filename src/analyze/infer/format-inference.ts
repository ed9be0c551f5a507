import { compareStrings } from '../../order.js';
import { STRONG_CONFIDENCE, type Inference } from './infer-footprint.js';
import { TUNING } from './tuning.js';
import { fieldsPlace } from '../../text.js';

/** What `waveplan infer` says about one item. */
export interface ItemInference {
  id: string;
  title: string;
  file: string;
  /** `declared`: the item names its footprint (nothing inferred); `inferred`; `unknown`: too weak, runs alone. */
  state: 'declared' | 'inferred' | 'unknown';
  confidence: number;
  /** The write entries (inferred) or the suggestions (unknown), best first. */
  entries: Array<{ path: string; confidence: number; words: string[]; evidence?: string[]; symbols?: string[] }>;
  /** With --write: whether `files:` was written into the item. */
  written?: boolean;
  /** An inferred release: the past release it is like and the change-notes folders it consumes (it runs apart from every other item). */
  release?: { like: string; folders: string[] };
  /** The files near the guess, which the plan writes with it (docs/inference.md, "Still safe when wrong"), and why each is near. */
  near?: Array<{ path: string; why: string }>;
}

/** At most this many near files on a line of `infer`'s text (--json and `explain` list them all). */
const MAX_NEAR_SHOWN = 6;

/**
 * What each kind of evidence is called where a person reads it (docs/inference.md): the words say
 * which of the item's words agreed, these say how they found the file, so a reviewer can tell a
 * path the author wrote from a file a close past change lends.
 */
const EVIDENCE: Record<string, string> = {
  path: 'a path in the text',
  package: 'a package it names',
  identifier: 'a name declared there',
  scope: 'its scope',
  word: 'a file or folder name',
  history: "its scope's past commits",
  narrowed: "a folder's busiest files",
  learned: 'a close past change',
  test: 'a test',
  cochange: 'changes with a file found',
  content: 'holds its rare words',
  dependency: 'lists the dependency it updates',
};

/** The kinds behind an entry as a reader's words, in the order above (an unknown kind as it is). */
export function evidenceOf(kinds: readonly string[] | undefined): string[] | undefined {
  if (!kinds || kinds.length === 0) return undefined;
  const order = Object.keys(EVIDENCE);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...new Set(kinds)].sort((a, b) => rank(a) - rank(b) || compareStrings(a, b)).map((k) => EVIDENCE[k] ?? k);
}

export function toItemInference(item: { id: string; title: string; file: string }, inference: Inference | undefined): ItemInference {
  const base = { id: item.id, title: item.title, file: item.file };
  if (!inference) return { ...base, state: 'declared', confidence: 1, entries: [] };
  const list = inference.isWeak ? inference.suggestions : inference.entries;
  const entries = [...list]
    .sort((a, b) => b.confidence - a.confidence || compareStrings(a.path, b.path))
    .map((e) => {
      const evidence = evidenceOf(e.kinds);
      return {
        path: e.path,
        confidence: e.confidence,
        words: [...e.words],
        ...(evidence ? { evidence } : {}),
        ...(e.symbols ? { symbols: [...e.symbols] } : {}),
      };
    });
  const release = inference.releases ? { release: { like: inference.releases.like, folders: [...inference.releases.folders] } } : {};
  const near =
    !inference.isWeak && inference.near && inference.near.length > 0
      ? { near: inference.near.map((path) => ({ path, why: inference.nearWhy?.[path] ?? 'near the guess' })) }
      : {};
  return { ...base, state: inference.isWeak ? 'unknown' : 'inferred', confidence: inference.confidence, entries, ...release, ...near };
}

/** `waveplan infer` as text: each item, its entries with confidence and the words behind them. */
export function formatInference(items: readonly ItemInference[]): string {
  const lines: string[] = [];
  for (const x of items) {
    const head = `${x.id} ${x.title}`;
    if (x.state === 'declared') {
      lines.push(`${head}: declares its footprint; nothing inferred`);
      continue;
    }
    if (x.state === 'unknown') {
      // At or above the threshold, only the past pointed there: such a guess needs more (docs/inference.md, "Confidence and safety").
      const short =
        x.confidence >= STRONG_CONFIDENCE
          ? `${x.confidence.toFixed(2)} < ${TUNING.pastOnlyStrong.toFixed(2)}, what only past changes point at`
          : `${x.confidence.toFixed(2)} < ${STRONG_CONFIDENCE.toFixed(2)}`;
      lines.push(`${head}: unknown footprint (best evidence ${short}): runs alone`);
      if (x.entries.length > 0) lines.push(`  its words point weakly at: ${x.entries.map((e) => e.path).join(', ')} (add files: if that is right)`);
      else lines.push(`  its words name nothing in the repository: add files: [the paths it will change] to ${fieldsPlace(x.id, 'its frontmatter')}`);
      continue;
    }
    lines.push(`${head}: inferred, confidence ${x.confidence.toFixed(2)}${x.written === true ? ' (written as files:)' : ''}`);
    const shown = (e: ItemInference['entries'][number]) => (e.symbols ? e.symbols.map((s) => `${e.path}#${s}`).join(', ') : e.path);
    const width = Math.min(60, Math.max(...x.entries.map((e) => shown(e).length)));
    for (const e of x.entries)
      lines.push(
        `  ${shown(e).padEnd(width)}  ${e.confidence.toFixed(2)}  from ${e.words
          .slice(0, 4)
          .map((w) => `"${w}"`)
          .join(', ')}${e.words.length > 4 ? ', …' : ''}${e.evidence ? ` (${e.evidence.join(', ')})` : ''}`,
      );
    if (x.near) {
      const more = x.near.length - MAX_NEAR_SHOWN;
      lines.push(
        `  near the guess, written with it (it may change them too): ${x.near
          .slice(0, MAX_NEAR_SHOWN)
          .map((n) => n.path)
          .join(', ')}${more > 0 ? `, and ${more} more` : ''} (waveplan explain ${x.id} says why)`,
      );
    }
    if (x.release)
      lines.push(
        `  a release, like "${x.release.like}": it consumes the change notes in ${x.release.folders.map((f) => `${f}/`).join(', ')}, so it runs apart from every other item`,
      );
  }
  return `${lines.join('\n')}\n`;
}
