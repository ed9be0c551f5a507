import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gitExec } from '../io/git-exec.js';
import { fieldsAfter } from './collect-work.js';
import { git, nulFields, type GitContext } from './git.js';

/** Above this many paths, one scan of the whole work tree costs less than naming them all. */
const PATHSPEC_LIMIT = 2000;

/**
 * The paths among `paths` the user has changed in the main work tree since `old`: edited,
 * staged, deleted, or untracked (not ignored) where the merge writes. Landing refuses to
 * move the target over them (docs/apply.md, "The main work tree"). Only those paths are
 * looked at (git pathspecs), so the cost follows the item's change, not the repository's size:
 * a file whose stat data alone differs (touched, not changed) is checked by content.
 */
export async function editedPaths(ctx: GitContext, old: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const whole = paths.length > PATHSPEC_LIMIT;
  if (!whole) {
    const status = await statusAt(ctx, old, paths);
    if (status) return paths.filter((p) => status.has(p));
  }
  const spec = whole ? [] : ['--', ...paths];
  const lines = async (args: string[]) => new Set(nulFields(await git(ctx, ['--literal-pathspecs', ...args, ...spec])));
  if (whole) await gitExec(['update-index', '-q', '--refresh'], { cwd: ctx.cwd, env: ctx.env, okCodes: [1] });
  const staged = await lines(['diff-index', '--cached', '--name-only', '-z', '--no-renames', old]);
  const differing = await lines(['diff-index', '--name-only', '-z', '--no-renames', old]);
  const untracked = await lines(['ls-files', '--others', '--exclude-standard', '-z']);
  const edited: string[] = [];
  for (const p of paths) {
    if (staged.has(p) || untracked.has(p)) edited.push(p);
    else if (differing.has(p) && (whole || !(await holdsContentOf(ctx, old, p)))) edited.push(p);
  }
  return edited;
}

/**
 * When HEAD is `old` (a landing before its ref moves), one `git status` of just `paths` answers:
 * staged, changed (by content: it refreshes stat data), deleted, unmerged or untracked, not ignored.
 * Undefined when HEAD is elsewhere (a recovery after the ref moved): the caller compares with `old`.
 */
async function statusAt(ctx: GitContext, old: string, paths: readonly string[]): Promise<Set<string> | undefined> {
  const args = ['--literal-pathspecs', 'status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all', '--no-renames', '--', ...paths];
  const records = nulFields(await git(ctx, args));
  if (!records.includes(`# branch.oid ${old}`)) return undefined;
  const changed = new Set<string>();
  for (const r of records) {
    // `1 XY sub mH mI mW hH hI path`, `u XY sub m1 m2 m3 mW h1 h2 h3 path`, `? path` (docs: git-status, porcelain v2).
    if (r.startsWith('1 ')) changed.add(fieldsAfter(r, 8));
    else if (r.startsWith('u ')) changed.add(fieldsAfter(r, 10));
    else if (r.startsWith('? ')) changed.add(r.slice(2));
  }
  return changed;
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
