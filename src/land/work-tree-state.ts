import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { changedPaths, git, type GitContext } from './git.js';

/**
 * The whole work tree (tracked and untracked, not ignored) as a git tree id, without touching
 * the real index: a copy of it (so unchanged files are not hashed again) takes `add --all`,
 * then `write-tree`. Two of these bracket a wave run without isolation (docs/apply.md).
 */
export async function workTreeState(repo: GitContext, scratch: string): Promise<string> {
  const gitDir = (await git(repo, ['rev-parse', '--path-format=absolute', '--git-dir'])).trim();
  const index = join(gitDir, 'index');
  if (existsSync(index)) copyFileSync(index, scratch);
  const env = { ...(repo.env ?? process.env), GIT_INDEX_FILE: scratch };
  try {
    await git({ cwd: repo.cwd, env }, ['add', '--all']);
    return (await git({ cwd: repo.cwd, env }, ['write-tree'])).trim();
  } finally {
    rmSync(scratch, { force: true });
  }
}

/** Files whose content changed between two work-tree states, sorted. */
export function changedBetween(repo: GitContext, before: string, after: string): Promise<string[]> {
  return before === after ? Promise.resolve([]) : changedPaths(repo, before, after);
}
