import { gitText } from './git-exec.js';

/**
 * Which of `paths` (relative to `root`) differ between the last commit that changed `file` and
 * the work tree: what moved since a committed plan was compiled, when only its fingerprint says
 * so; for a plan never committed, between HEAD and the work tree (`committed: false`). Undefined
 * when git cannot tell (no commit, not a repository).
 */
export async function changedSinceCommitted(
  root: string,
  file: string,
  paths: Iterable<string>,
): Promise<{ commit: string; changed: string[]; committed: boolean } | undefined> {
  try {
    let commit = (await gitText(['log', '-1', '--format=%H', '--', file], { cwd: root })).trim();
    // A plan never committed was compiled on HEAD's history (committedPlanBase): what moved since HEAD.
    const committed = commit !== '';
    if (!committed) commit = (await gitText(['rev-parse', '--verify', '-q', 'HEAD'], { cwd: root, okCodes: [1] })).trim();
    if (commit === '') return undefined;
    // --relative: paths from the project folder, as ours are.
    const diff = (await gitText(['diff', '--relative', '--name-only', '-z', commit, '--'], { cwd: root })).split('\0');
    // A file created since and not yet added changed too (git diff does not list it).
    const untracked = (await gitText(['ls-files', '--others', '--exclude-standard', '-z'], { cwd: root })).split('\0');
    const wanted = new Set(paths);
    return { commit, committed, changed: [...new Set([...diff, ...untracked])].filter((path) => path !== '' && wanted.has(path)).sort() };
  } catch {
    return undefined;
  }
}

/**
 * The commit a committed plan was compiled on (docs/plan-file.md): the parent of the last commit
 * that changed `file`, when the work tree and the index hold that commit's copy unchanged. The
 * plan was compiled before that commit existed (by the pre-commit hook, or by `waveplan plan`
 * before committing), so inference read the history up to its parent: checking it against HEAD's
 * history would count the commit that carried it, and every later one. `undefined`: compare with
 * HEAD (the plan is not committed as it is, or git cannot tell); `null`: the commit has no parent.
 */
export async function committedPlanBase(root: string, file: string): Promise<string | null | undefined> {
  try {
    if ((await gitText(['status', '--porcelain', '--', file], { cwd: root })).trim() !== '') return undefined;
    const line = (await gitText(['log', '-1', '--format=%H %P', '--', file], { cwd: root })).trim();
    if (line === '') return undefined;
    const parent = line.split(' ')[1];
    return parent === undefined || parent === '' ? null : parent;
  } catch {
    return undefined;
  }
}
