import { gitExec } from '../io/git-exec.js';
import { branchTip, changedPaths, git, headRef, isAncestor, type GitContext } from './git.js';
import { clearJournal, writeJournal } from './journal.js';
import { itemMessage } from './collect-work.js';
import { mergeOnto } from './merge-onto.js';
import { editedPaths } from './sync-work-tree.js';

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
  /** Bring the main work tree along when it has `target` checked out; default true. */
  sync?: boolean;
  /**
   * More ref moves for the same transaction as the landing, in `git update-ref --stdin` form: the
   * item's branch deleted and its worktree detached (`releaseMoves`), so they cost no process.
   * Called with the merge commit (a gate checked it out in the worktree).
   */
  release?: (merged: string) => string | undefined;
  /** Checks the merge commit before the ref moves (`run.gate`); a failure lands nothing. */
  gate?: (merged: string) => Promise<{ ok: true } | { ok: false; detail: string }>;
  onStep?: (step: LandingStep) => void | Promise<void>;
}

export type LandOutcome =
  /** The target moved from `old` to `new` (and the work tree followed). The journal stays until `finishLanding`. */
  | { kind: 'landed'; old: string; new: string; released: boolean }
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
  const tip = await tipOf(repo, target);
  if (!tip) throw new Error(`cannot land on ${target}: there is no such branch`);
  const old = tip.commit;
  const merge = await mergeOnto(repo, old, request.head, itemMessage(request.id, request.title));
  if (!merge.clean) return { kind: 'conflict', old, paths: merge.conflicts };
  // The merge changes nothing: perhaps `head` is already in the target (a re-run). Asked only then.
  if (merge.tree === tip.tree && (await isAncestor(repo, request.head, old))) return { kind: 'already_landed', tip: old };
  await request.onStep?.(LandingStep.merged);
  if (request.gate) {
    const verdict = await request.gate(merge.commit);
    if (!verdict.ok) return { kind: 'gate_failed', old, merged: merge.commit, detail: verdict.detail };
  }
  // The main work tree follows only when it is on the target (a checkout elsewhere is not ours to move).
  const sync = (request.sync ?? true) && tip.checkedOut;
  if (sync && (await syncBlockers(repo, old, merge.commit)) !== undefined) {
    const edited = await editedPaths(repo, old, await changedPaths(repo, old, merge.commit));
    if (edited.length > 0) return { kind: 'refused', old, paths: edited };
    // Only touched (editedPaths refreshed their stat data), or in the way as a folder: ask again.
    const still = await syncBlockers(repo, old, merge.commit);
    if (still !== undefined) return { kind: 'refused', old, paths: still };
  }
  await writeJournal(repo, { v: 1, item: request.id, run: request.run, target, old, new: merge.commit, head: request.head, sync });
  await request.onStep?.(LandingStep.journaled);
  // One transaction: the compare-and-swap of the target, and the item's branch and worktree released with it.
  const extra = request.release?.(merge.commit) ?? '';
  const cas = `update ${ref} ${merge.commit} ${old}\n`;
  let released = extra !== '';
  if (!(await moveRefs(repo, request.id, cas + extra))) {
    // Either the target moved, or only the release could not be done: the landing alone decides.
    released = false;
    if (extra === '' || !(await moveRefs(repo, request.id, cas))) {
      await clearJournal(repo);
      return { kind: 'moved', old };
    }
  }
  lastLanded = { commit: merge.commit, tree: merge.tree };
  await request.onStep?.(LandingStep.ref_moved);
  if (sync) await git(repo, ['read-tree', '-m', '-u', old, merge.commit]);
  await request.onStep?.(LandingStep.synced);
  return { kind: 'landed', old, new: merge.commit, released };
}

async function moveRefs(repo: GitContext, id: string, moves: string): Promise<boolean> {
  return (await gitExec(['update-ref', '-m', `waveplan: land ${id}`, '--stdin'], { cwd: repo.cwd, env: repo.env, input: moves, okCodes: [1, 128] })).code === 0;
}

/** The target's commit and tree, and whether the work tree here has it checked out: one `rev-parse`. */
async function tipOf(repo: GitContext, target: string): Promise<{ commit: string; tree: string; checkedOut: boolean } | undefined> {
  const ref = `refs/heads/${target}`;
  // The usual case, items landing one after another: the tip is the merge this process made last,
  // whose tree it knows; the ref file and HEAD are read without a process.
  const commit = await branchTip(repo, target);
  if (commit !== undefined && commit === lastLanded?.commit) return { commit, tree: lastLanded.tree, checkedOut: (await headRef(repo)) === ref };
  const r = await gitExec(['rev-parse', `${ref}^{commit}`, `${ref}^{tree}`, '--symbolic-full-name', 'HEAD'], { cwd: repo.cwd, env: repo.env, okCodes: [128] });
  const [found, tree, head] = r.stdout.toString('utf8').trim().split('\n');
  return r.code === 0 && found && tree ? { commit: found, tree, checkedOut: head === ref } : undefined;
}

/** The last merge commit this process moved a target to, and its tree. */
let lastLanded: { commit: string; tree: string } | undefined;

/**
 * What stops the work-tree sync from `old` to `next` (undefined: nothing): the two-way
 * `read-tree -m -u` that does it, as a dry run. It refuses where the user has staged or unstaged changes, or an untracked
 * file, in a path the merge changes (ignored files in the way are overwritten, as by `git checkout`).
 * It also refuses a file only touched (same content, new stat data): the caller then asks
 * `editedPaths`, which compares content.
 */
async function syncBlockers(repo: GitContext, old: string, next: string): Promise<string[] | undefined> {
  const r = await gitExec(['read-tree', '-n', '-m', '-u', old, next], { cwd: repo.cwd, env: repo.env, okCodes: [128] });
  if (r.code === 0) return undefined;
  // `error: Entry 'a' not uptodate. Cannot merge.`, `error: Untracked working tree file 'd' would be overwritten by merge.`
  const named = [...r.stderr.matchAll(/'(.+?)'(?= (?:not uptodate|would be overwritten|would be lost))/g)].map((m) => m[1]);
  return named.length > 0 ? [...new Set(named)] : [r.stderr.trim() || 'the work tree (git read-tree refused)'];
}

/** The landing is recorded (item completed): forget the journal. */
export function finishLanding(repo: GitContext): Promise<void> {
  return clearJournal(repo);
}
