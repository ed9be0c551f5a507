import { statSync } from 'node:fs';
import { join } from 'node:path';
import { gitExec } from '../../io/git-exec.js';
import type { TreeReader } from '../../io/ports.js';
import { contentPattern, keyOfMatch, type ContentTerm } from './content-terms.js';
import { NOT_OWN_DIRS } from './repo-shape.js';

/**
 * Where the terms of a queue's items occur in the repository's own files (docs/inference.md,
 * "The repository's vocabulary"): term id (`n:name`, `w:stem`) → file → occurrences, each
 * matching file's size in bytes, and the terms too common to look up.
 */
export interface Vocabulary {
  occurrences: ReadonlyMap<string, ReadonlyMap<string, number>>;
  sizes: ReadonlyMap<string, number>;
  /** Terms in more than MAX_TERM_SHARE of the files (estimated on a sample): never looked up, no evidence (lookupTerms). */
  common?: ReadonlySet<string>;
}

export const EMPTY_VOCABULARY: Vocabulary = { occurrences: new Map(), sizes: new Map() };

/** Patterns per git grep: a long alternation is one pass over the files either way. */
const TERMS_PER_GREP = 600;
/**
 * Trees that are not the repository's own code, and files that are never evidence: git grep does
 * not read them (bundles in `dist/` are most of the bytes). Yarn's committed tool files are bundles
 * too: `.yarn/releases/yarn-*.cjs` (2-3 MB), its plugins and editor SDKs, the zero-install cache and
 * Plug'n'Play's generated `.pnp.cjs` / `.pnp.loader.mjs` hold every word (on arcanis/clipanion they
 * "held the rare words" of 11 of 40 items).
 */
const SKIPPED = [
  ...NOT_OWN_DIRS.map((dir) => `:(exclude,glob)**/${dir}/**`),
  ...['.yarn/releases', '.yarn/plugins', '.yarn/sdks', '.yarn/cache', '.yarn/unplugged'].map((dir) => `:(exclude,glob)**/${dir}/**`),
  ...['*.lock', '*-lock.json', '*-lock.yaml', '*.snap', '*.map', '*.svg', '*.min.js', 'CHANGELOG*', '.pnp.cjs', '.pnp.js', '.pnp.loader.mjs'].map(
    (name) => `:(exclude,glob)**/${name}`,
  ),
];
/** The first pass reads at most this many files (every k-th of the eligible ones, in path order). */
export const SAMPLE_FILES = 400;

/**
 * One `git grep -P` over the tracked files of the work tree for the queue's terms (IO); with
 * `staged` (the pre-commit hook's index), over the staged contents instead, so the hook's plan
 * reads what its tree holds. `eligible` lists the files inference may name (the repository's own,
 * not waveplan's), sorted. A repository of more than SAMPLE_FILES files is first read on a sample
 * of them: the terms found in more than MAX_TERM_SHARE of it (`payload`, `field`, `default`:
 * little evidence, most of the output) are not looked up, and each item keeps at most
 * MAX_LOOKUP_TERMS of the rest (lookupTerms, the same rule the ranking applies). Not a
 * repository, or a git without Perl patterns: no vocabulary (it is only evidence).
 */
export async function readVocabulary(
  root: string,
  queries: ReadonlyArray<readonly ContentTerm[]>,
  eligible: readonly string[],
  staged?: TreeReader,
): Promise<Vocabulary> {
  const isFile = new Set(eligible);
  const all = uniqueTerms(queries.flat());
  if (all.length === 0) return EMPTY_VOCABULARY;
  const grep = async (terms: readonly ContentTerm[], paths?: readonly string[]) => {
    const occurrences = new Map<string, Map<string, number>>();
    for (let i = 0; i < terms.length; i += TERMS_PER_GREP) {
      const chunk = terms.slice(i, i + TERMS_PER_GREP);
      const args = ['grep', ...(staged ? ['--cached'] : []), '-z', '-I', '-o', '-P', '--no-color', '-e', contentPattern(chunk), '--'];
      const where = paths ? paths.map((p) => `:(literal)${p}`) : SKIPPED;
      const out = (await gitExec([...args, ...where], { cwd: root, okCodes: [1] })).stdout;
      parseGrepOutput(out.toString('utf8'), chunk, (f) => isFile.has(f), occurrences);
    }
    return occurrences;
  };
  let occurrences: Map<string, Map<string, number>>;
  let common: Set<string>;
  try {
    if (eligible.length <= SAMPLE_FILES) {
      // The sample is every file: one pass, and the common terms are known exactly.
      occurrences = await grep(all);
      common = commonTerms(all, occurrences, eligible.length, eligible.length);
      for (const id of common) occurrences.delete(id);
    } else {
      const step = Math.ceil(eligible.length / SAMPLE_FILES);
      const sample = eligible.filter((_, i) => i % step === 0);
      common = commonTerms(all, await grep(all, sample), sample.length, eligible.length);
      const wanted = uniqueTerms(queries.flatMap((terms) => lookupTerms(terms, common)));
      occurrences = wanted.length === 0 ? new Map() : await grep(wanted);
    }
  } catch {
    return EMPTY_VOCABULARY;
  }
  const sizes = new Map<string, number>();
  for (const file of [...new Set([...occurrences.values()].flatMap((row) => [...row.keys()]))].sort()) {
    try {
      const size = staged ? ((await staged.size?.(file)) ?? (await staged.read(file))?.length) : statSync(join(root, file)).size;
      if (size !== undefined) sizes.set(file, size);
    } catch {
      // Gone from the work tree since git listed it: its occurrences still count, at an average size.
    }
  }
  return { occurrences, sizes, common };
}

/** A term in more than this share of the repository's files (and more than MIN_COMMON_FILES) is too common to look up. */
export const MAX_TERM_SHARE = 0.1;
const MIN_COMMON_FILES = 500;
/** At most this many terms of an item are looked up, title first (contentTerms' order), once the common ones are dropped. */
export const MAX_LOOKUP_TERMS = 16;

/** The terms found in more than MAX_TERM_SHARE of `sampled` files, scaled to the `total` (pure). */
export function commonTerms(
  terms: readonly ContentTerm[],
  found: ReadonlyMap<string, ReadonlyMap<string, number>>,
  sampled: number,
  total: number,
): Set<string> {
  const out = new Set<string>();
  for (const term of terms) {
    const id = termId(term);
    const estimate = ((found.get(id)?.size ?? 0) * total) / Math.max(1, sampled);
    if (estimate > Math.max(MIN_COMMON_FILES, MAX_TERM_SHARE * total)) out.add(id);
  }
  return out;
}

/** The terms of one item that are looked up and ranked: not common, at most MAX_LOOKUP_TERMS, in order (pure). */
export function lookupTerms<T extends Pick<ContentTerm, 'key' | 'isName'>>(terms: readonly T[], common: ReadonlySet<string> | undefined): T[] {
  return terms.filter((t) => !common?.has(termId(t))).slice(0, MAX_LOOKUP_TERMS);
}

export function termId(term: Pick<ContentTerm, 'key' | 'isName'>): string {
  return `${term.isName ? 'n' : 'w'}:${term.key}`;
}

function uniqueTerms(terms: readonly ContentTerm[]): ContentTerm[] {
  return [...new Map(terms.map((t) => [termId(t), t])).values()];
}

/** `git grep -z -o` output (`path\0match` lines) → term id → file → count (pure). */
export function parseGrepOutput(
  out: string,
  terms: readonly ContentTerm[],
  isFile: (path: string) => boolean,
  into = new Map<string, Map<string, number>>(),
): Map<string, Map<string, number>> {
  const names = new Set(terms.filter((t) => t.isName).map((t) => t.key));
  const stems = new Set(terms.filter((t) => !t.isName).map((t) => t.key));
  for (const line of out.split('\n')) {
    const nul = line.indexOf('\0');
    if (nul < 0) continue;
    const file = line.slice(0, nul);
    if (!isFile(file)) continue;
    const key = keyOfMatch(line.slice(nul + 1), names, stems);
    if (key === undefined) continue;
    let row = into.get(key);
    if (!row) into.set(key, (row = new Map()));
    row.set(file, (row.get(file) ?? 0) + 1);
  }
  return into;
}
