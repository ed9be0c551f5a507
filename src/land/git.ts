import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitExec } from '../io/git-exec.js';
import { compareStrings } from '../order.js';

/** Options every landing git call shares: where, and the environment (identity, GIT_* of a CI job). */
export interface GitContext {
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** Run git and return stdout as text (throws a WaveplanError naming the command on failure). */
export async function git(ctx: GitContext, args: readonly string[], input?: string): Promise<string> {
  return (await gitExec(args, { cwd: ctx.cwd, env: ctx.env, input })).stdout.toString('utf8');
}

/** Run git where exit code 1 is an answer (`--quiet`, `--is-ancestor`, `--verify`): true for 0. */
export async function gitYes(ctx: GitContext, args: readonly string[], input?: string): Promise<boolean> {
  return (await gitExec(args, { cwd: ctx.cwd, env: ctx.env, input, okCodes: [1, 128] })).code === 0;
}

/** NUL-separated git output → its fields, without the empty tail. */
export function nulFields(text: string): string[] {
  return text.split('\0').filter((f) => f !== '');
}

/** The commit a ref names, or undefined when there is none. */
export async function commitOf(ctx: GitContext, ref: string): Promise<string | undefined> {
  const r = await gitExec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: ctx.cwd, env: ctx.env, okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/**
 * A branch's commit, read from its loose ref file in the shared git folder when there is one (docs:
 * gitrepository-layout; git replaces that file by an atomic rename), else from `git rev-parse` (a
 * packed ref, another ref store): the tip an item starts from costs no process once a landing wrote it.
 */
export async function branchTip(ctx: GitContext, branch: string): Promise<string | undefined> {
  try {
    const text = readFileSync(join(await commonGitDir(ctx), 'refs', 'heads', branch), 'utf8').trim();
    if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(text)) return text;
  } catch {
    // No loose file: ask git.
  }
  return commitOf(ctx, `refs/heads/${branch}`);
}

/** True when `a` is `b` or one of its ancestors. */
export function isAncestor(ctx: GitContext, a: string, b: string): Promise<boolean> {
  return gitYes(ctx, ['merge-base', '--is-ancestor', a, b]);
}

/** Paths that differ between two commits (no rename detection: both sides of a rename), sorted. */
export async function changedPaths(ctx: GitContext, from: string, to: string): Promise<string[]> {
  return nulFields(await git(ctx, ['diff-tree', '-r', '-z', '--no-renames', '--name-only', from, to])).sort(compareStrings);
}

/** The branch checked out in a work tree (`main`), or undefined when HEAD is detached. */
export async function currentBranch(ctx: GitContext): Promise<string | undefined> {
  const r = await gitExec(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd: ctx.cwd, env: ctx.env, okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/** The shared git folder (absolute): the same from the main work tree and every linked worktree. */
export async function commonGitDir(ctx: GitContext): Promise<string> {
  // Asked twice per landing; a repository's git folder does not move while waveplan runs in it.
  const known = commonDirs.get(ctx.cwd);
  if (known) return known;
  const dir = (await git(ctx, ['rev-parse', '--path-format=absolute', '--git-common-dir'])).trim();
  commonDirs.set(ctx.cwd, dir);
  return dir;
}
const commonDirs = new Map<string, string>();

/** The work tree's own git folder (absolute): `.git`, or `.git/worktrees/<name>` for a linked worktree. */
export async function ownGitDir(ctx: GitContext): Promise<string> {
  const known = ownDirs.get(ctx.cwd);
  if (known) return known;
  const dir = (await git(ctx, ['rev-parse', '--path-format=absolute', '--git-dir'])).trim();
  ownDirs.set(ctx.cwd, dir);
  return dir;
}
const ownDirs = new Map<string, string>();

/** The ref HEAD names in a work tree (`refs/heads/main`), read from its HEAD file; '' when detached or unreadable. */
export async function headRef(ctx: GitContext): Promise<string> {
  try {
    return /^ref: (\S+)\s*$/.exec(readFileSync(join(await ownGitDir(ctx), 'HEAD'), 'utf8'))?.[1] ?? '';
  } catch {
    return '';
  }
}
