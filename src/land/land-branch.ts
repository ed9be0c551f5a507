import { changedPaths, commitOf, git, isAncestor, type GitContext } from './git.js';
import { clearJournal, writeJournal } from './journal.js';
import { itemMessage } from './collect-work.js';
import { mergeOnto } from './merge-onto.js';
import { editedPaths, syncWorkTree } from './sync-work-tree.js';

/** The moments of a landing, in order; `onStep` is told of each (progress, and crash tests). */
export const LandingStep = {
  merged: 'merged',
  journaled: 'journaled',
  ref_moved: 'ref_moved',
  synced: 'synced',
} as const;
export type LandingStep = (typeof LandingStep)[keyof typeof LandingStep];

export interface LandRequest {
  /** The main work tree (or, in CI, any checkout of the repository). */
  repo: GitContext;
  /** The branch to land on: `main`. */
  target: string;
  id: string;
  title: string;
  /** The item's collected commit. */
  head: string;
  /** Recorded in the journal: the apply run or CI job. */
  run: string;
  /** Bring the main work tree along (it has `target` checked out); default true. */
  sync?: boolean;
  /** Checks the merge commit before the ref moves (`run.gate`); a failure lands nothing. */
  gate?: (merged: string) => Promise<{ ok: true } | { ok: false; detail: string }>;
  onStep?: (step: LandingStep) => void | Promise<void>;
}

export type LandOutcome =
  /** The target moved from `old` to `new` (and the work tree followed). The journal stays until `finishLanding`. */
  | { kind: 'landed'; old: string; new: string; paths: string[] }
  /** `head` is already in the target: nothing to do (a re-run, or an item that changed nothing). */
  | { kind: 'already_landed'; tip: string }
  | { kind: 'conflict'; old: string; paths: string[] }
  | { kind: 'gate_failed'; old: string; merged: string; detail: string }
  /** The user has uncommitted changes where the merge writes: nothing moved. */
  | { kind: 'refused'; old: string; paths: string[] }
  /** Someone else moved the target between reading and the compare-and-swap: try again. */
  | { kind: 'moved'; old: string };

/**
 * Land one item's commit on the target branch (docs/apply.md, "Land"): merge without a
 * checkout, run the gate, journal, compare-and-swap the ref against the tip the merge was
 * made on, then bring the main work tree along. The target is at the old tip or the new one,
 * never between; after `landed`, record the item and then call `finishLanding`.
 */
export async function landBranch(request: LandRequest): Promise<LandOutcome> {
  const { repo, target } = request;
  const ref = `refs/heads/${target}`;
  const old = await commitOf(repo, ref);
  if (!old) throw new Error(`cannot land on ${target}: there is no such branch`);
  if (await isAncestor(repo, request.head, old)) return { kind: 'already_landed', tip: old };
  const merge = await mergeOnto(repo, old, request.head, itemMessage(request.id, request.title));
  if (!merge.clean) return { kind: 'conflict', old, paths: merge.conflicts };
  await request.onStep?.(LandingStep.merged);
  if (request.gate) {
    const verdict = await request.gate(merge.commit);
    if (!verdict.ok) return { kind: 'gate_failed', old, merged: merge.commit, detail: verdict.detail };
  }
  const paths = await changedPaths(repo, old, merge.commit);
  const sync = request.sync ?? true;
  if (sync) {
    const edited = await editedPaths(repo, old, paths);
    if (edited.length > 0) return { kind: 'refused', old, paths: edited };
  }
  await writeJournal(repo, { v: 1, item: request.id, run: request.run, target, old, new: merge.commit, head: request.head, sync });
  await request.onStep?.(LandingStep.journaled);
  try {
    await git(repo, ['update-ref', '-m', `waveplan: land ${request.id}`, ref, merge.commit, old]);
  } catch {
    await clearJournal(repo);
    return { kind: 'moved', old };
  }
  await request.onStep?.(LandingStep.ref_moved);
  if (sync) await syncWorkTree(repo, old, merge.commit, paths, { checked: true });
  await request.onStep?.(LandingStep.synced);
  return { kind: 'landed', old, new: merge.commit, paths };
}

/** The landing is recorded (item completed): forget the journal. */
export function finishLanding(repo: GitContext): Promise<void> {
  return clearJournal(repo);
}
