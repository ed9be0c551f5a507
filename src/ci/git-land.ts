import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveplanError } from '../errors.js';
import { gitExec, gitText } from '../io/git-exec.js';
import type { GitContext } from '../land/index.js';

/*
 * The remote half of landing an item from a CI job (docs/github.md "How an item lands"): the
 * landing core (src/land/, docs/apply.md) collects and merges; these fetch the target's tip,
 * edit the merged tree (the status move), and move the remote branch with a compare-and-swap
 * push instead of the local update-ref. Plumbing only: the job's checkout never moves.
 */

const sha = (text: string) => text.trim();

/** The remote branch's current tip, fetched now (with its history, for merge bases). */
export async function fetchTip(git: GitContext, remote: string, branch: string): Promise<string> {
  const local = `refs/remotes/${remote}/${branch}`;
  await gitExec(['fetch', '--quiet', '--no-tags', remote, `+refs/heads/${branch}:${local}`], git);
  return sha(await gitText(['rev-parse', '--verify', `${local}^{commit}`], git));
}

/** A file's bytes in a tree, or undefined when the path is not there. */
export async function readBlob(git: GitContext, tree: string, path: string): Promise<Buffer | undefined> {
  const result = await gitExec(['cat-file', 'blob', `${tree}:${path}`], { ...git, okCodes: [128] });
  return result.code === 0 ? result.stdout : undefined;
}

/** `tree` with paths removed (content null) or written; a private index, the checkout untouched. */
export async function editTree(git: GitContext, tree: string, edits: Array<{ path: string; content: string | null }>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'waveplan-index-'));
  const env = { ...(git.env ?? process.env), GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await gitExec(['read-tree', tree], { ...git, env });
    for (const edit of edits) {
      if (edit.content === null) {
        await gitExec(['update-index', '--force-remove', '--', edit.path], { ...git, env });
        continue;
      }
      const blob = sha(await gitText(['hash-object', '-w', '--stdin'], { ...git, env, input: edit.content }));
      await gitExec(['update-index', '--add', '--cacheinfo', `100644,${blob},${edit.path}`], { ...git, env });
    }
    return sha(await gitText(['write-tree'], { ...git, env }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function commitTree(git: GitContext, tree: string, parents: string[], message: string): Promise<string> {
  return sha(await gitText(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])], { ...git, input: message }));
}

/**
 * Compare-and-swap on the remote: move `branch` from `expected` to `commit`, or refuse when
 * another job moved it first (then the caller fetches, merges again and retries).
 */
export async function pushWithLease(git: GitContext, remote: string, commit: string, branch: string, expected: string): Promise<'pushed' | 'moved'> {
  const ref = `refs/heads/${branch}`;
  const result = await gitExec(['push', '--porcelain', `--force-with-lease=${ref}:${expected}`, remote, `${commit}:${ref}`], { ...git, okCodes: [1] });
  if (result.code === 0) return 'pushed';
  const said = `${result.stdout.toString('utf8')}\n${result.stderr}`;
  if (/\[rejected\]|\(stale info\)|\(fetch first\)|non-fast-forward|cannot lock ref|failed to update ref/.test(said)) return 'moved';
  throw new WaveplanError(`git push to ${remote} ${branch} failed: ${said.trim().split('\n').slice(-3).join(' ')}`, 'GIT');
}

/** Publish an item's work for inspection (its own branch, overwritten by a re-run). */
export async function pushBranch(git: GitContext, remote: string, commit: string, branch: string): Promise<void> {
  await gitExec(['push', '--quiet', '--force', remote, `${commit}:refs/heads/${branch}`], git);
}
