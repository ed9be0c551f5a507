import { git, nulFields, type GitContext } from './git.js';
import { gitExec } from '../io/git-exec.js';
import { compareStrings } from '../order.js';

export type MergeResult = { clean: true; commit: string; tree: string } | { clean: false; conflicts: string[] };

/**
 * Merge `head` into `tip` without touching any checkout (docs/apply.md, "Land"):
 * `git merge-tree --write-tree` computes the tree, `commit-tree` makes the merge commit
 * (first parent `tip`, so the target's first-parent history has one commit per item).
 * Nothing is referenced yet: the caller moves the ref.
 */
export async function mergeOnto(ctx: GitContext, tip: string, head: string, message: string): Promise<MergeResult> {
  const result = await gitExec(['merge-tree', '--write-tree', '--name-only', '-z', '--no-messages', tip, head], { cwd: ctx.cwd, env: ctx.env, okCodes: [1] });
  const [tree, ...conflicts] = nulFields(result.stdout.toString('utf8'));
  if (result.code === 1) return { clean: false, conflicts: [...new Set(conflicts)].sort(compareStrings) };
  const commit = (await git(ctx, ['commit-tree', tree, '-p', tip, '-p', head, '-F', '-'], message)).trim();
  return { clean: true, commit, tree };
}

/**
 * For each path, the `Item:` trailer of the last first-parent commit in `from..to` that changed
 * it: which landed item wrote a conflicting path. Paths no item commit changed are left out.
 */
export async function landedWriters(ctx: GitContext, from: string, to: string, paths: readonly string[]): Promise<Map<string, string>> {
  const writers = new Map<string, string>();
  for (const path of paths) {
    const text = await git(ctx, ['log', '--first-parent', '-1', '--format=%(trailers:key=Item,valueonly,separator=%x2C)', `${from}..${to}`, '--', path]);
    const id = text.trim();
    if (id) writers.set(path, id);
  }
  return writers;
}
