import { compareStrings } from '../../order.js';
import type { CommitLike } from './change-history.js';
import { itemTerms } from './item-terms.js';
import { dirOf } from './repo-shape.js';

/**
 * A repository whose changes each add a change note (`.changeset/brave-owls-sing.md`,
 * `packages/x/.changes/patch.fix-y.md`) and whose releases consume them: the release commit
 * deletes the pending notes and writes them into the changelogs (docs/inference.md, "Releases
 * consume the change notes"). Read off the history alone (pure).
 */
export interface ChangeNotes {
  /** The folders the notes are added to and consumed from, sorted. */
  folders: string[];
  /** The past commits that consumed notes: their subjects and terms (itemTerms of the subject). */
  releases: ReadonlyArray<{ subject: string; terms: readonly string[] }>;
}

export const NO_CHANGE_NOTES: ChangeNotes = { folders: [], releases: [] };

/** A note: Markdown, not a folder's README or a changelog. */
const NOTE = /\.mdx?$/i;
const NOT_A_NOTE = /(?:^|\/)(?:README|CHANGELOG|CHANGES|HISTORY|RELEASES?|NEWS)(?:\.[\w-]+)?$/i;
/** A changelog or release notes (prose: `history.ts` is code): what a release writes the notes into. */
export const RELEASE_NOTES = /(?:^|\/)(?:CHANGELOG|CHANGES|HISTORY|RELEASES?|NEWS)(?:\.(?:md|mdx|markdown|txt|rst|adoc))?$/i;
/** A release commit consumes at least this many notes of one folder, each added by its own earlier commit. */
const MIN_CONSUMED = 2;
/** A folder is a change-notes folder when its releases consumed at least this many notes in all. */
const MIN_NOTES = 5;

/**
 * The change-notes folders and the commits that consumed them, from commits newest first. A
 * note's whole life is two commits: the change that added it and the release that deleted it
 * (touched by no later commit). A release touches a changelog and at least MIN_CONSUMED such
 * notes of one folder, added by as many different commits; a folder is one of change notes when
 * its releases consumed at least MIN_NOTES notes. A docs page written once and moved later is
 * not a note: the commit that moved it wrote no changelog.
 */
export function findChangeNotes(commits: readonly CommitLike[]): ChangeNotes {
  const touchedBy = new Map<string, number[]>();
  commits.forEach((commit, index) => {
    for (const file of new Set(commit.files)) if (NOTE.test(file) && !NOT_A_NOTE.test(file)) touchedBy.set(file, [...(touchedBy.get(file) ?? []), index]);
  });
  const consumed = new Map<string, number>();
  const releases: Array<{ subject: string; terms: string[] }> = [];
  commits.forEach((commit, index) => {
    if (!commit.files.some((f) => RELEASE_NOTES.test(f))) return;
    const byFolder = new Map<string, Set<number>>();
    for (const file of new Set(commit.files)) {
      const life = touchedBy.get(file);
      // Newest first: the release is the note's last commit (index 0 of its list), its adder the one before.
      if (!life || life.length !== 2 || life[0] !== index) continue;
      const folder = dirOf(file);
      const adders = byFolder.get(folder) ?? new Set<number>();
      adders.add(life[1]);
      byFolder.set(folder, adders);
    }
    const folders = [...byFolder].filter(([, adders]) => adders.size >= MIN_CONSUMED);
    if (folders.length === 0) return;
    for (const [folder, adders] of folders) consumed.set(folder, (consumed.get(folder) ?? 0) + adders.size);
    releases.push({ subject: commit.subject, terms: itemTerms({ title: commit.subject, body: [] }) });
  });
  const folders = [...consumed].filter(([, n]) => n >= MIN_NOTES).map(([folder]) => folder);
  if (folders.length === 0) return NO_CHANGE_NOTES;
  return { folders: folders.sort(compareStrings), releases };
}

/** Whether `path` is a change note in one of `folders` (pure): a Markdown file right in it, not its README. */
export function isChangeNote(path: string, folders: readonly string[]): boolean {
  return NOTE.test(path) && !NOT_A_NOTE.test(path) && folders.includes(dirOf(path));
}

/** An item's title this close to a past release's subject (Jaccard of their terms) is a release too. */
export const RELEASE_LIKENESS = 0.6;

/**
 * A title that is a release, whatever the repository's own releases say: one that starts by
 * releasing (`Release v8.3.0`, `chore: release v5.0.0-rc.2`, `[ci] release`, `Version packages`,
 * `Publish 2.1.0`, `Cut a release`) or is a version alone (`4.13.0`, `v2.1.0`). Not one that only
 * mentions a release (`Skip release PR in the workflow example`, `fix: publish on forks`).
 */
const RELEASE_HEAD =
  /^\s*(?:\[[\w-]+\]\s*)?(?:(?:chore|build|ci|release)(?:\([\w./-]*\))?!?:\s*)?(?:(?:release|publish|version)(?:\s+(?:packages|v?\d+\.\d+\.\d+\S*))?|cut\s+(?:a\s+)?(?:new\s+)?release|prepare\s+(?:the\s+)?release|v?\d+\.\d+\.\d+\S*)\s*(?:\(.*\))?\s*$/i;

/**
 * The past release an item's title is like (pure): the subject whose terms share at least
 * RELEASE_LIKENESS of the union with the title's (`Version Packages (next)` ~ `Version Packages`,
 * `Prep 8.3.0 release notes` ~ `Prep 8.2.0 release notes`; not `Add release notes preparation
 * skill`), the closest, ties to the newest; or, for a title that is a release (RELEASE_HEAD), the
 * newest past release. Undefined when none is, and always in a repository without change notes.
 */
export function releaseLike(terms: readonly string[], notes: ChangeNotes, title = ''): string | undefined {
  if (notes.folders.length === 0) return undefined;
  if (RELEASE_HEAD.test(title)) return notes.releases[0]?.subject;
  if (terms.length === 0) return undefined;
  const mine = new Set(terms);
  let best: { subject: string; score: number } | undefined;
  for (const release of notes.releases) {
    const shared = release.terms.filter((t) => mine.has(t)).length;
    const score = shared / (mine.size + release.terms.length - shared);
    if (score >= RELEASE_LIKENESS && (!best || score > best.score)) best = { subject: release.subject, score };
  }
  return best?.subject;
}
