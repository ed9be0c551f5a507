import { compareStrings } from '../../order.js';
import { findBoilerplate, stripBoilerplate } from './boilerplate.js';
import { itemTerms } from './item-terms.js';
import { findChangeNotes, NO_CHANGE_NOTES, type ChangeNotes } from './change-notes.js';

/** One piece of past work: its words and the files it really changed (a commit, or an item of a past run). */
export interface PastChange {
  /** Normalised terms of its text (see itemTerms). */
  terms: string[];
  files: string[];
  /** 0..1: how much it counts (recent commits count more). */
  weight: number;
  /** Where it comes from, for the evidence: `commit:abc1234` or `run:<run>/<id>`. */
  source: string;
}

/**
 * What the repository's history says about its files (pure, built from `git log`):
 * how often each file changed lately, which files change together, and past changes whose
 * words a new item may share (docs/inference.md).
 */
export interface ChangeHistory {
  /** Recency-weighted number of commits that changed the file. */
  changes: ReadonlyMap<string, number>;
  /** file → file → recency-weighted number of commits that changed both (commits of at most COCHANGE_MAX_FILES files). */
  cochange: ReadonlyMap<string, ReadonlyMap<string, number>>;
  past: readonly PastChange[];
  /** The same past commits with the terms of their whole message (subject and body). */
  pastText: readonly PastChange[];
  /** Body lines that recur in many past commits (a pull-request template): left out of every text compared (boilerplate.ts). */
  boilerplate: ReadonlySet<string>;
  /** The change-notes folders and the releases that consumed them (change-notes.ts). */
  notes: ChangeNotes;
}

/** A commit of more files than this is a sweep (a rename, a format pass, a release): it says nothing about coupling. */
export const COCHANGE_MAX_FILES = 12;
/** A past change of more files than this is too broad to lend its files to a new item. */
export const PAST_MAX_FILES = 12;
/** Commits this far back count half. */
const HALF_LIFE = 250;

export interface CommitLike {
  hash: string;
  subject: string;
  body: string;
  files: readonly string[];
}

/** Commits, newest first → the history (pure, deterministic). */
export function buildChangeHistory(commits: readonly CommitLike[]): ChangeHistory {
  const changes = new Map<string, number>();
  const cochange = new Map<string, Map<string, number>>();
  const past: PastChange[] = [];
  const pastText: PastChange[] = [];
  const boilerplate = findBoilerplate(commits.map((c) => withoutTrailers(c.body)));
  commits.forEach((commit, age) => {
    const weight = round(0.5 ** (age / HALF_LIFE));
    const files = [...new Set(commit.files)].sort(compareStrings);
    for (const file of files) changes.set(file, (changes.get(file) ?? 0) + weight);
    if (files.length > 1 && files.length <= COCHANGE_MAX_FILES) {
      for (const a of files) {
        let row = cochange.get(a);
        if (!row) cochange.set(a, (row = new Map()));
        for (const b of files) if (a !== b) row.set(b, (row.get(b) ?? 0) + weight);
      }
    }
    if (files.length <= PAST_MAX_FILES) {
      // A subject is the one line written like an item's title; the whole message is compared with the item's whole text.
      const source = `commit:${commit.hash.slice(0, 10)}`;
      const terms = itemTerms({ title: commit.subject, body: [] });
      if (terms.length > 0) past.push({ terms, files, weight, source });
      const text = itemTerms({ title: commit.subject, body: [stripBoilerplate(withoutTrailers(commit.body), boilerplate)] });
      if (text.length > 0) pastText.push({ terms: text, files, weight, source });
    }
  });
  return { changes, cochange, past, pastText, boilerplate, notes: findChangeNotes(commits) };
}

export const EMPTY_HISTORY: ChangeHistory = { changes: new Map(), cochange: new Map(), past: [], pastText: [], boilerplate: new Set(), notes: NO_CHANGE_NOTES };

/** A commit body without its trailers (`Co-authored-by:`, `Signed-off-by:`): names, not words of the change. */
function withoutTrailers(body: string): string {
  return body
    .split('\n')
    .filter((line) => !/^[\w-]+-by:/i.test(line.trim()))
    .join('\n');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
