import { changedPaths, git, gitYes, type GitContext } from './git.js';

export interface CollectRequest {
  /** The item's worktree. */
  worktree: GitContext;
  /** The commit the worktree started from. */
  base: string;
  id: string;
  title: string;
}

export interface CollectedWork {
  /** The commit holding everything the command left (its commits plus one for the rest), or `base`. */
  head: string;
  /** Whether uncommitted or untracked changes had to be committed. */
  committedLeftovers: boolean;
  /** Paths changed from `base` to `head`, sorted: the item's real write set. */
  paths: string[];
}

/** The message of every commit waveplan writes for an item: its title and an `Item:` trailer. */
export function itemMessage(id: string, title: string): string {
  return `${title.trim() || `item ${id}`}\n\nItem: ${id}\n`;
}

/**
 * Gather what an item's command left in its worktree onto the checked-out branch
 * (docs/apply.md, "Collect"): the commits it made stay; uncommitted and untracked files
 * (not ignored ones) become one more commit. Running it twice commits nothing new.
 */
export async function collectWork(request: CollectRequest): Promise<CollectedWork> {
  const tree = request.worktree;
  await git(tree, ['add', '--all']);
  const clean = await gitYes(tree, ['diff', '--cached', '--quiet']);
  if (!clean) {
    // --no-verify: this commit is bookkeeping, not the user's; their hooks ran on their own commits.
    await git(tree, ['commit', '--quiet', '--no-verify', '--allow-empty-message', '-F', '-'], itemMessage(request.id, request.title));
  }
  const head = (await git(tree, ['rev-parse', 'HEAD'])).trim();
  const paths = head === request.base ? [] : await changedPaths(tree, request.base, head);
  return { head, committedLeftovers: !clean, paths };
}
