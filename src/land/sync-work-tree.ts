import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gitExec } from '../io/git-exec.js';
import { git, nulFields, type GitContext } from './git.js';

/**
 * The paths among `paths` the user has changed in the main work tree since `old`: edited,
 * staged, deleted, or untracked (not ignored) where the merge writes. Landing refuses to
 * move the target over them (docs/apply.md, "The main work tree").
 */
export async function editedPaths(ctx: GitContext, old: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  // Refresh stat data first, or a file merely touched would count as edited.
  await gitExec(['update-index', '-q', '--refresh'], { cwd: ctx.cwd, env: ctx.env, okCodes: [1] });
  const differing = new Set(nulFields(await git(ctx, ['diff-index', '--name-only', '-z', '--no-renames', old])));
  const untracked = new Set(nulFields(await git(ctx, ['ls-files', '--others', '--exclude-standard', '-z'])));
  return paths.filter((p) => differing.has(p) || untracked.has(p));
}

/**
 * Bring the main work tree and index from `old` to `next` after the target ref moved, keeping
 * every other uncommitted change (a two-way `read-tree -m -u`, as `git checkout` does). Safe
 * to run again after a crash part-way: files already holding `next`'s content are recorded
 * as such first, and a stale index.lock from the killed process is removed.
 */
export async function syncWorkTree(ctx: GitContext, old: string, next: string, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  const edited = await editedPaths(ctx, old, paths);
  const done: string[] = [];
  const blocking: string[] = [];
  for (const path of edited) ((await holdsContentOf(ctx, next, path)) ? done : blocking).push(path);
  if (blocking.length > 0) {
    throw new Error(
      `the target moved to ${next.slice(0, 12)} but the work tree has uncommitted changes in ${blocking.join(', ')}; bring them over with \`git checkout ${next.slice(0, 12)} -- <path>\` once they are saved elsewhere`,
    );
  }
  if (done.length > 0) await git(ctx, ['update-index', '--add', '--remove', '-z', '--stdin'], `${done.join('\0')}\0`);
  await git(ctx, ['read-tree', '-m', '-u', old, next]);
}

/** Remove `index.lock` left by a killed git process (only call while holding waveplan's apply lock). */
export async function removeStaleIndexLock(ctx: GitContext): Promise<boolean> {
  const gitDir = (await git(ctx, ['rev-parse', '--path-format=absolute', '--git-dir'])).trim();
  const lock = join(gitDir, 'index.lock');
  if (!existsSync(lock)) return false;
  rmSync(lock, { force: true });
  return true;
}

/** True when the work-tree file at `path` is what `commit` has there (both absent counts). */
async function holdsContentOf(ctx: GitContext, commit: string, path: string): Promise<boolean> {
  const inCommit = await gitExec(['rev-parse', '--verify', '--quiet', `${commit}:${path}`], { cwd: ctx.cwd, env: ctx.env, okCodes: [1, 128] });
  const onDisk = existsSync(join(ctx.cwd, path));
  if (inCommit.code !== 0 || !onDisk) return inCommit.code !== 0 && !onDisk;
  const hashed = await git(ctx, ['hash-object', '--', path]);
  return hashed.trim() === inCommit.stdout.toString('utf8').trim();
}
