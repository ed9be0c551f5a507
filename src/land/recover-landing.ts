import { changedPaths, commitOf, currentBranch, isAncestor, type GitContext } from './git.js';
import { clearJournal, readJournal, type LandingRecord } from './journal.js';
import { removeStaleIndexLock, syncWorkTree } from './sync-work-tree.js';

export type Recovery =
  /** The ref had moved: the landing is finished (work tree synced); record the item, then `finishLanding`. */
  | { action: 'finished'; record: LandingRecord }
  /** The ref had not moved: the landing never happened and its journal is gone; the item runs again. */
  | { action: 'undone'; record: LandingRecord };

/**
 * Finish or undo a landing cut short by a crash or `kill -9` (docs/apply.md, "Crash safety").
 * Call before anything else lands, holding the apply lock. The journal decides: the target at
 * the journal's new commit (or past it) means the landing happened, and only the work-tree
 * sync and the bookkeeping may be missing; anything else means it did not.
 */
export async function recoverLanding(repo: GitContext): Promise<Recovery | undefined> {
  const record = await readJournal(repo);
  if (!record) return undefined;
  const tip = await commitOf(repo, `refs/heads/${record.target}`);
  const landed = tip !== undefined && (tip === record.new || (await isAncestor(repo, record.new, tip)));
  if (!landed) {
    await clearJournal(repo);
    return { action: 'undone', record };
  }
  if (record.sync && tip === record.new && (await currentBranch(repo)) === record.target) {
    await removeStaleIndexLock(repo);
    await syncWorkTree(repo, record.old, record.new, await changedPaths(repo, record.old, record.new));
  }
  return { action: 'finished', record };
}
