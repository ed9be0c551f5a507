import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WaveplanError } from '../errors.js';
import { git, gitYes, type GitContext } from './git.js';

/** Repo-relative folder of the per-item worktrees (`run.isolation: worktree`); ignored by its own .gitignore. */
export const WORKTREES_DIR = '.agent/worktrees';

export interface ItemWorktree {
  /** Absolute path of the worktree. */
  path: string;
  /** `waveplan/<id>`. */
  branch: string;
  /** The commit the worktree was made from: the target's tip when the item started. */
  base: string;
}

/** `waveplan/<id>` and the folder name for an id (`#12` → `_12`). */
export function itemBranch(id: string): { slug: string; branch: string } {
  const slug = id.replace(/[^A-Za-z0-9._-]/g, '_');
  return { slug, branch: `waveplan/${slug}` };
}

/**
 * A clean worktree on `waveplan/<id>` made from `tip` (docs/apply.md, "Worktrees"). Whatever an
 * earlier run left there (a failed item's worktree, a dirty index, an old branch) is removed
 * first, so a requeued item never starts on top of its last attempt.
 */
export async function freshWorktree(ctx: GitContext, id: string, tip: string): Promise<ItemWorktree> {
  const { slug, branch } = itemBranch(id);
  const dir = join(ctx.cwd, WORKTREES_DIR);
  const path = join(dir, slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.gitignore'), '*\n');
  await dropWorktree(ctx, path);
  try {
    await git(ctx, ['worktree', 'add', '--quiet', '--force', '-B', branch, path, tip]);
  } catch (error) {
    throw new WaveplanError(`could not create the worktree for item ${id} from ${tip.slice(0, 12)}: ${(error as Error).message}`);
  }
  return { path, branch, base: tip };
}

/** Remove an item's worktree and (unless kept) its branch; quiet when there is none. */
export async function removeItemWorktree(ctx: GitContext, id: string, options: { keepBranch?: boolean } = {}): Promise<void> {
  const { slug, branch } = itemBranch(id);
  await dropWorktree(ctx, join(ctx.cwd, WORKTREES_DIR, slug));
  if (!options.keepBranch && (await gitYes(ctx, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]))) {
    await git(ctx, ['branch', '-D', '--quiet', branch]);
  }
}

async function dropWorktree(ctx: GitContext, path: string): Promise<void> {
  await gitYes(ctx, ['worktree', 'remove', '--force', '--force', path]);
  rmSync(path, { recursive: true, force: true });
  await git(ctx, ['worktree', 'prune']);
}
