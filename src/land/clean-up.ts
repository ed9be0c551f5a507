import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings } from '../order.js';
import { git, isAncestor, nulFields, type GitContext } from './git.js';
import { drainWorktreePool, itemBranch, removeItemWorktree, WORKTREES_DIR } from './item-worktree.js';

export interface CleanPlan {
  /** Item worktree folders (repo-relative) to remove. */
  worktrees: string[];
  /** `waveplan/*` branches whose work is in `target`: safe to delete. */
  merged: string[];
  /** `waveplan/*` branches with work not in `target` (blocked items, run.land: keep). */
  unmerged: string[];
  /**
   * Worktrees holding uncommitted changes (tracked edits, untracked files not ignored): a failed
   * item's last attempt, kept for inspection. With the branch checked out there, if any, and the paths.
   */
  dirty: Array<{ worktree: string; branch?: string; paths: string[] }>;
}

/**
 * What finished runs left behind (docs/apply.md, "Clean-up"): item worktrees and `waveplan/*`
 * branches, split by whether the branch's work is already in `target`. Reads only.
 */
export async function findLeftovers(repo: GitContext, target: string): Promise<CleanPlan> {
  const dir = join(repo.cwd, WORKTREES_DIR);
  const worktrees = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => !n.startsWith('.'))
        .sort(compareStrings)
        .map((n) => `${WORKTREES_DIR}/${n}`)
    : [];
  const branches = nulFields(await git(repo, ['for-each-ref', '--format=%(refname:short)%00', 'refs/heads/waveplan/']))
    .map((b) => b.trim())
    .filter(Boolean)
    .sort(compareStrings);
  const merged: string[] = [];
  const unmerged: string[] = [];
  for (const branch of branches) ((await isAncestor(repo, branch, target)) ? merged : unmerged).push(branch);
  const dirty: CleanPlan['dirty'] = [];
  for (const worktree of worktrees) {
    const at = { cwd: join(repo.cwd, worktree), env: repo.env };
    const status = await git(at, ['status', '--porcelain', '-z', '--untracked-files=all']).catch(() => '');
    // `XY path` entries; a rename's second field (its old path) follows on its own.
    const fields = nulFields(status).filter(Boolean);
    const paths: string[] = [];
    for (let i = 0; i < fields.length; i++) {
      paths.push(fields[i].slice(3));
      if (fields[i][0] === 'R' || fields[i][0] === 'C') i++;
    }
    if (paths.length === 0) continue;
    const branch = (await git(at, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '')).trim();
    dirty.push({ worktree, ...(branch ? { branch } : {}), paths: [...new Set(paths)].sort(compareStrings) });
  }
  return { worktrees, merged, unmerged, dirty };
}

/** Remove the worktrees and the given branches (worktrees first: a checked-out branch cannot be deleted). */
export async function removeLeftovers(repo: GitContext, worktrees: readonly string[], branches: readonly string[]): Promise<void> {
  for (const path of worktrees) {
    await git(repo, ['worktree', 'remove', '--force', '--force', path]).catch(() => undefined);
  }
  for (const path of worktrees) rmSync(join(repo.cwd, path), { recursive: true, force: true });
  await git(repo, ['worktree', 'prune']);
  if (branches.length > 0) await git(repo, ['branch', '-D', '--quiet', ...branches]);
}

/**
 * The worktree and branch of each landed item (`ids`: completed, run.land: merge) that a run killed
 * right after the landing left behind, removed when the next run starts (docs/apply.md, "Clean-up").
 * A branch whose work is not in `target` is kept, and so is its worktree. Returns the ids cleaned.
 */
export async function dropLandedLeftovers(repo: GitContext, ids: readonly string[], target: string): Promise<string[]> {
  const dir = join(repo.cwd, WORKTREES_DIR);
  const folders = new Set(existsSync(dir) ? readdirSync(dir) : []);
  const branches = new Set(nulFields(await git(repo, ['for-each-ref', '--format=%(refname:short)%00', 'refs/heads/waveplan/'])).map((b) => b.trim()));
  const cleaned: string[] = [];
  for (const id of ids) {
    const { slug, branch } = itemBranch(id);
    if (!folders.has(slug) && !branches.has(branch)) continue;
    if (branches.has(branch) && !(await isAncestor(repo, branch, target))) continue;
    await removeItemWorktree(repo, id);
    cleaned.push(id);
  }
  return cleaned;
}

/**
 * What a killed run left when the next `apply` has nothing to run (every item completed): the landed
 * items' worktrees and branches, and the worktrees it had pooled, removed as a run's end would have.
 */
export async function tidyKilledRun(repo: GitContext, ids: readonly string[], target: string): Promise<void> {
  await dropLandedLeftovers(repo, ids, target);
  await drainWorktreePool(repo);
}
