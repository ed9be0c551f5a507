import { compareStrings } from '../../order.js';
import type { ContentTerm } from './content-terms.js';
import { lookupTerms, type Vocabulary } from './read-vocabulary.js';
import type { Hit } from './find-hits.js';

/** One file ranked by how much of an item's rare vocabulary it holds. */
export interface ContentMatch {
  file: string;
  /** BM25 score of the file for the item's terms. */
  score: number;
  /** The file's score over the best possible (every found term, at its best): 0..1. */
  share: number;
  /** The item's words found in it, rarest first. */
  words: string[];
}

/** Logs, locks and snapshots hold every word of every change; they are no evidence of where one lands. */
const NOT_CONTENT =
  /(?:^|\/)(?:CHANGELOG|CHANGES|HISTORY|RELEASES?|LICEN[CS]E|COPYING|NOTICE)(?:\.[\w-]+)?$|(?:lock\.(?:json|ya?ml)|\.lock|\.snap|\.min\.[cm]?js|\.map|\.svg)$/i;
/** Prose (documentation) holds the words of every explanation: for an item not about docs it counts this much. */
const PROSE = /\.(?:md|mdx|markdown|txt|rst|adoc)$/i;
export const PROSE_WEIGHT = 0.4;
/** A test holds the words of what it tests; a found file brings its tests anyway: for an item not about tests it counts this much. */
const TEST = /(?:^|\/)(?:__tests__|tests?|spec)\/|\.(?:test|spec|e2e)\.[cm]?[jt]sx?$/;
export const TEST_WEIGHT = 0.5;
const K1 = 1.2;
const B = 0.3;

/**
 * The repository's files ranked by the item's terms (pure, BM25 over the occurrences git grep
 * found): a term in few files weighs much, one in many barely; a long file needs more
 * occurrences to score. Only the item's terms that were looked up count (lookupTerms). `files` is how many files the repository's own code holds (N).
 */
export function rankByContent(
  terms: readonly ContentTerm[],
  vocabulary: Vocabulary,
  files: number,
  isEligible: (file: string) => boolean,
  about: { isAboutDocs: boolean; isAboutTests: boolean } = { isAboutDocs: false, isAboutTests: false },
  prior: (file: string) => number = () => 1,
): ContentMatch[] {
  const weightOf = (file: string) =>
    prior(file) * (!about.isAboutDocs && PROSE.test(file) ? PROSE_WEIGHT : 1) * (!about.isAboutTests && TEST.test(file) ? TEST_WEIGHT : 1);
  const rows = lookupTerms(terms, vocabulary.common)
    .map((term) => {
      const all = vocabulary.occurrences.get(`${term.isName ? 'n' : 'w'}:${term.key}`);
      const row = all ? [...all].filter(([file]) => isEligible(file) && !NOT_CONTENT.test(file)) : [];
      return { term, row, idf: row.length === 0 ? 0 : Math.log(1 + (files - row.length + 0.5) / (row.length + 0.5)) };
    })
    .filter((r) => r.row.length > 0);
  if (rows.length === 0) return [];
  const sizes = [...vocabulary.sizes.values()];
  const average = sizes.length === 0 ? 1 : sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const best = rows.reduce((sum, r) => sum + r.term.weight * r.idf, 0);
  const byFile = new Map<string, { score: number; words: Array<[string, number]> }>();
  for (const { term, row, idf } of rows) {
    for (const [file, tf] of row) {
      const length = (vocabulary.sizes.get(file) ?? average) / average;
      const part = (term.weight * idf * (tf * (K1 + 1))) / (tf + K1 * (1 - B + B * length)) / (K1 + 1);
      const seen = byFile.get(file) ?? { score: 0, words: [] };
      seen.score += part * weightOf(file);
      seen.words.push([term.words[0], idf]);
      byFile.set(file, seen);
    }
  }
  return [...byFile]
    .map(([file, { score, words }]) => ({
      file,
      score: round(score),
      share: round(best === 0 ? 0 : score / best),
      words: words.sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0])).map(([w]) => w),
    }))
    .sort((a, b) => b.score - a.score || compareStrings(a.file, b.file));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** How many of the best-ranked files the item's vocabulary may point at. */
const CONTENT_FILES = 3;
/** Below this share of the best possible score, a file merely shares a word or two. */
const MIN_SHARE = 0.2;
/**
 * A content match's confidence: the top file is right about a third of the time, more when it holds
 * most of the item's rare words (measured on the tuning repositories, docs/inference.md); never
 * strong alone, so it decides only when it agrees with other evidence.
 */
export function contentConfidence(rank: number, share: number): number {
  const top = Math.min(0.55, 0.3 + 0.4 * share);
  return Math.round(top * ([1, 0.8, 0.65][rank] ?? 0) * 100) / 100;
}

/** The item's best content matches as hits: one piece of evidence (`content`), however many files it names. */
export function contentHits(matches: readonly ContentMatch[]): Hit[] {
  return matches
    .filter((m) => m.share >= MIN_SHARE)
    .slice(0, CONTENT_FILES)
    .map((m, rank) => ({
      entry: m.file,
      files: [m.file],
      isFile: true,
      confidence: contentConfidence(rank, m.share),
      words: m.words.slice(0, 4),
      evidence: 'content',
      kind: 'content' as const,
    }));
}

/** A file that changed lately is likelier to change again: 1 for one changed about three times lately, down to 0.6 for one never changed (no history: 1). */
export function changePrior(changes: ReadonlyMap<string, number> | undefined): (file: string) => number {
  if (!changes || changes.size === 0) return () => 1;
  return (file) => 0.6 + 0.4 * Math.min(1, (changes.get(file) ?? 0) / 3);
}
