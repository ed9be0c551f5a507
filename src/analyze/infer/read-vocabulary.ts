import { statSync } from 'node:fs';
import { join } from 'node:path';
import { gitExec } from '../../io/git-exec.js';
import type { TreeReader } from '../../io/ports.js';
import { contentPattern, keyOfMatch, type ContentTerm } from './content-terms.js';

/**
 * Where the terms of a queue's items occur in the repository's own files (docs/inference.md,
 * "The repository's vocabulary"): term id (`n:name`, `w:stem`) → file → occurrences, and each
 * matching file's size in bytes.
 */
export interface Vocabulary {
  occurrences: ReadonlyMap<string, ReadonlyMap<string, number>>;
  sizes: ReadonlyMap<string, number>;
}

export const EMPTY_VOCABULARY: Vocabulary = { occurrences: new Map(), sizes: new Map() };

/** Patterns per git grep: a long alternation is one pass over the files either way. */
const TERMS_PER_GREP = 600;

/**
 * One `git grep -P` over the tracked files of the work tree for every term (IO); with `staged`
 * (the pre-commit hook's index), over the staged contents instead, so the hook's plan reads what
 * its tree holds. `isFile` keeps the files inference may name (the repository's own, not
 * waveplan's). Not a repository, or a git without Perl patterns: no vocabulary (it is only evidence).
 */
export async function readVocabulary(root: string, terms: readonly ContentTerm[], isFile: (path: string) => boolean, staged?: TreeReader): Promise<Vocabulary> {
  const unique = [...new Map(terms.map((t) => [`${t.isName ? 'n' : 'w'}:${t.key}`, t])).values()];
  if (unique.length === 0) return EMPTY_VOCABULARY;
  const occurrences = new Map<string, Map<string, number>>();
  for (let i = 0; i < unique.length; i += TERMS_PER_GREP) {
    const chunk = unique.slice(i, i + TERMS_PER_GREP);
    let out: Buffer;
    try {
      const args = ['grep', ...(staged ? ['--cached'] : []), '-z', '-I', '-o', '-P', '--no-color', '-e', contentPattern(chunk)];
      out = (await gitExec(args, { cwd: root, okCodes: [1] })).stdout;
    } catch {
      return EMPTY_VOCABULARY;
    }
    parseGrepOutput(out.toString('utf8'), chunk, isFile, occurrences);
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
  return { occurrences, sizes };
}

/** `git grep -z -o` output (`path\0match` lines) → term id → file → count (pure). */
export function parseGrepOutput(
  out: string,
  terms: readonly ContentTerm[],
  isFile: (path: string) => boolean,
  into = new Map<string, Map<string, number>>(),
): Map<string, Map<string, number>> {
  const names = new Set(terms.filter((t) => t.isName).map((t) => t.key));
  const stems = terms.filter((t) => !t.isName).map((t) => t.key);
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
