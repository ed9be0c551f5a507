import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
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
export function freshWorktree(ctx: GitContext, id: string, tip: string): Promise<ItemWorktree> {
  return oneAtATime(ctx, () => makeWorktree(ctx, id, tip));
}

/**
 * Worktree changes of one repository, one at a time: `git worktree prune` (run when a worktree is
 * dropped) and a concurrent `git worktree add` or `move` race on `.git/worktrees`, and a pruned entry
 * leaves an item with a half-made worktree.
 */
const queues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(ctx: GitContext, fn: () => Promise<T>): Promise<T> {
  const before = queues.get(ctx.cwd) ?? Promise.resolve();
  const next = before.then(fn, fn);
  const settled = next.catch(() => undefined);
  queues.set(ctx.cwd, settled);
  void settled.then(() => {
    if (queues.get(ctx.cwd) === settled) queues.delete(ctx.cwd);
  });
  return next;
}

async function makeWorktree(ctx: GitContext, id: string, tip: string): Promise<ItemWorktree> {
  const { slug, branch } = itemBranch(id);
  const dir = join(ctx.cwd, WORKTREES_DIR);
  const path = join(dir, slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.gitignore'), '*\n');
  await dropWorktree(ctx, path);
  if (await fromPool(ctx, path, branch, tip)) return { path, branch, base: tip };
  try {
    await git(ctx, ['worktree', 'add', '--quiet', '--force', '-B', branch, path, tip]);
  } catch (error) {
    throw new WaveplanError(`could not create the worktree for item ${id} from ${tip.slice(0, 12)}: ${(error as Error).message}`);
  }
  return { path, branch, base: tip };
}

/**
 * Pooled worktrees (docs/apply.md, "Clean-up"): a landed item's worktree is kept, detached, as
 * `.agent/worktrees/+pool-<n>` (`+` never occurs in an item's folder name), and the next item moves
 * it into place and resets it (`checkout -f -B`, `clean -fdx`): checking out only what changed between
 * the two tips instead of every file. A pooled worktree is detached (its HEAD the commit its index
 * holds), so that the item's branch could be deleted. Anything odd about a pooled one (a crash mid-move, a lock, a
 * second item taking it first) and it is dropped and the item gets a new worktree, as without a pool.
 */
const POOL_PREFIX = '+pool-';

/** Pooled worktrees whose every file outside their commit is known (`leftovers`): path → those files. */
const knownLeftovers = new Map<string, readonly string[]>();

async function fromPool(ctx: GitContext, path: string, branch: string, tip: string): Promise<boolean> {
  const dir = join(ctx.cwd, WORKTREES_DIR);
  const pooled = readdirSync(dir)
    .filter((n) => n.startsWith(POOL_PREFIX))
    .sort();
  for (const name of pooled) {
    const from = join(dir, name);
    const leftovers = knownLeftovers.get(from);
    knownLeftovers.delete(from);
    if (!(await moveWorktree(ctx, from, path))) continue;
    try {
      // Known: only these are not in its commit (ignored files; collectWork listed them). Else a scan.
      for (const rel of leftovers ?? []) rmSync(join(path, rel), { recursive: true, force: true });
      await git({ ...ctx, cwd: path }, ['checkout', '--quiet', '--force', '-B', branch, tip]);
      if (!leftovers) await git({ ...ctx, cwd: path }, ['clean', '--quiet', '-fdx']);
      return true;
    } catch {
      await dropWorktree(ctx, path);
      return false;
    }
  }
  return false;
}

/**
 * Remove an item's worktree and (unless kept) its branch; quiet when there is none. With `pool`
 * (a landed item), the worktree is detached and kept for the next item instead of deleted.
 */
export function removeItemWorktree(
  ctx: GitContext,
  id: string,
  options: {
    keepBranch?: boolean;
    pool?: boolean;
    /** The landing's ref transaction already detached the worktree and deleted the branch (`releaseMoves`). */
    released?: boolean;
    /** All the worktree holds outside the commit checked out (collectWork's `ignored`), if known. */
    leftovers?: readonly string[];
  } = {},
): Promise<void> {
  return oneAtATime(ctx, async () => {
    const { slug, branch } = itemBranch(id);
    const path = join(ctx.cwd, WORKTREES_DIR, slug);
    if (options.pool && (await toPool(ctx, path, branch, options.released ?? false, options.leftovers))) return;
    await dropWorktree(ctx, path);
    if (!options.keepBranch && (await gitYes(ctx, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]))) {
      await git(ctx, ['branch', '-D', '--quiet', branch]);
    }
  });
}

/**
 * Park an item's worktree in the pool as soon as its work is collected, before it lands (docs/apply.md,
 * "Clean-up"): the landing needs only the commit, so the next item can start in this worktree while
 * this one waits for its turn, instead of a new worktree (a checkout of every file) being made. One
 * ref transaction moves `waveplan/<id>` to the collected commit, which keeps the work until it lands,
 * and detaches the worktree there; then the worktree moves to the pool. False when it could not be
 * parked (the item then keeps its worktree until it has landed, as with a gate).
 */
export function parkWorktree(ctx: GitContext, id: string, head: string, leftovers: readonly string[]): Promise<boolean> {
  return oneAtATime(ctx, async () => {
    const { slug, branch } = itemBranch(id);
    const path = join(ctx.cwd, WORKTREES_DIR, slug);
    const admin = worktreeAdmin(path);
    if (!admin) return false;
    const moves = `update refs/heads/${branch} ${head}\noption no-deref\nupdate worktrees/${basename(admin)}/HEAD ${head}\n`;
    if (!(await gitYes(ctx, ['update-ref', '-m', 'waveplan: collect', '--stdin'], moves).catch(() => false))) return false;
    return toPool(ctx, path, branch, true, leftovers);
  });
}

/**
 * The ref moves that let a landed item's worktree go to the pool, for `git update-ref --stdin`:
 * its HEAD detached at `at` (the commit its index holds) and its branch deleted. The landing puts
 * them in its own transaction (`LandRequest.release`), so no process of its own is needed.
 * Undefined when the worktree's git folder cannot be read.
 */
export function releaseMoves(path: string, branch: string, at: string): string | undefined {
  const admin = worktreeAdmin(path);
  if (!admin) return undefined;
  return `option no-deref\nupdate worktrees/${basename(admin)}/HEAD ${at}\ndelete refs/heads/${branch}\n`;
}

/** A linked worktree's own folder in the git folder (`.git/worktrees/<name>`), from its `.git` file. */
function worktreeAdmin(path: string): string | undefined {
  try {
    const m = /^gitdir: (.+)$/m.exec(readFileSync(join(path, '.git'), 'utf8'));
    return m && isAbsolute(m[1].trim()) ? m[1].trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `git worktree move` without a git process: rename the folder and tell git where it went (its
 * `.git/worktrees/<name>/gitdir` file; docs: gitrepository-layout). Falls back to `git worktree move`
 * when the worktree's git folder cannot be read or the rename fails. False when it could not move.
 */
async function moveWorktree(ctx: GitContext, from: string, to: string): Promise<boolean> {
  const admin = worktreeAdmin(from);
  if (admin && existsSync(join(admin, 'gitdir')) && !existsSync(join(admin, 'locked')) && !existsSync(to)) {
    try {
      renameSync(from, to);
    } catch {
      return gitYes(ctx, ['worktree', 'move', from, to]).catch(() => false);
    }
    writeFileSync(join(admin, 'gitdir'), `${join(realpathSync(to), '.git')}\n`);
    return true;
  }
  return gitYes(ctx, ['worktree', 'move', from, to]).catch(() => false);
}

async function dropWorktree(ctx: GitContext, path: string): Promise<void> {
  // Nothing there and git knows of nothing there (the usual case: a new item): two git calls saved.
  if (!existsSync(path) && !mayBeRegistered(ctx, path)) return;
  await gitYes(ctx, ['worktree', 'remove', '--force', '--force', path]);
  rmSync(path, { recursive: true, force: true });
  await git(ctx, ['worktree', 'prune']);
}

/**
 * Keep a worktree for the next item. Detached first, its branch deleted (`released`: the landing's
 * ref transaction already did both), so that the branch is gone while the worktree waits.
 */
async function toPool(ctx: GitContext, path: string, branch: string, released: boolean, leftovers?: readonly string[]): Promise<boolean> {
  if (!existsSync(path)) return false;
  const dir = join(ctx.cwd, WORKTREES_DIR);
  const taken = new Set(readdirSync(dir));
  let n = 1;
  while (taken.has(`${POOL_PREFIX}${n}`)) n++;
  if (!released) {
    const moves = releaseMoves(path, branch, `refs/heads/${branch}`);
    if (!moves || !(await gitYes(ctx, ['update-ref', '-m', 'waveplan: pool', '--stdin'], moves).catch(() => false))) return false;
  }
  const pooled = join(dir, `${POOL_PREFIX}${n}`);
  if (!(await moveWorktree(ctx, path, pooled))) return false;
  if (leftovers) knownLeftovers.set(pooled, leftovers);
  else knownLeftovers.delete(pooled);
  return true;
}

/**
 * Whether git may have a worktree registered at `path` (a folder removed by hand, a crash): read
 * from `.git/worktrees/<name>/gitdir`; true whenever that cannot be read, so the caller prunes.
 */
function mayBeRegistered(ctx: GitContext, path: string): boolean {
  const admin = join(ctx.cwd, '.git', 'worktrees');
  try {
    if (!statSync(join(ctx.cwd, '.git')).isDirectory()) return true;
    if (!existsSync(admin)) return false;
    return readdirSync(admin).some((name) => dirname(readFileSync(join(admin, name, 'gitdir'), 'utf8').trim()) === path);
  } catch {
    return true;
  }
}

/**
 * The pooled worktrees a run kept for reuse, removed when it ends: a finished run leaves only
 * failed items' worktrees. A pooled worktree holds nothing (detached, reset): the folders are
 * deleted together and one `git worktree prune` forgets them all, instead of a `git worktree
 * remove` (which first scans the whole worktree for changes) and a prune each.
 */
export function drainWorktreePool(ctx: GitContext): Promise<void> {
  return oneAtATime(ctx, async () => {
    const dir = join(ctx.cwd, WORKTREES_DIR);
    if (!existsSync(dir)) return;
    const pooled = readdirSync(dir).filter((n) => n.startsWith(POOL_PREFIX));
    if (pooled.length === 0) return;
    // All at once: deleting files is waiting on the disk, which several deletions share better.
    for (const name of pooled) knownLeftovers.delete(join(dir, name));
    await Promise.all(pooled.map((name) => rm(join(dir, name), { recursive: true, force: true })));
    await git(ctx, ['worktree', 'prune']);
  });
}
