import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WaveplanError } from '../errors.js';

const run = promisify(execFile);

/** Repo-relative folder of the per-item worktrees (`isolation: worktree`). */
export const WORKTREES_DIR = '.agent/worktrees';

export interface ItemWorktree {
  /** Absolute path of the worktree. */
  path: string;
  branch: string;
}

/**
 * The item's own worktree on branch `waveplan/<id>`, created from `base` the first time
 * and reused when a resumed run finds it. The branch is kept afterwards for review.
 */
export async function ensureWorktree(root: string, id: string, base: string): Promise<ItemWorktree> {
  const slug = id.replace(/[^A-Za-z0-9._-]/g, '_');
  const branch = `waveplan/${slug}`;
  const dir = join(root, WORKTREES_DIR);
  const path = join(dir, slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.gitignore'), '*\n');
  if (existsSync(join(path, '.git'))) return { path, branch };
  const hasBranch = await git(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).then(() => true, () => false);
  const args = hasBranch ? ['worktree', 'add', path, branch] : ['worktree', 'add', '-b', branch, path, base];
  try {
    await git(root, args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? String(error);
    throw new WaveplanError(`could not create the worktree for item ${id} (git ${args.join(' ')}): ${stderr}`);
  }
  return { path, branch };
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, encoding: 'utf8' });
  return stdout;
}
