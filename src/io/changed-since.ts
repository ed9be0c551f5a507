import { gitText } from './git-exec.js';

/**
 * Which of `paths` (relative to `root`) differ between the last commit that changed `file` and
 * the work tree: what moved since a committed plan was compiled, when only its fingerprint says
 * so. Undefined when git cannot tell (no such commit, not a repository).
 */
export async function changedSinceCommitted(root: string, file: string, paths: Iterable<string>): Promise<{ commit: string; changed: string[] } | undefined> {
  try {
    const commit = (await gitText(['log', '-1', '--format=%H', '--', file], { cwd: root })).trim();
    if (commit === '') return undefined;
    // --relative: paths from the project folder, as ours are.
    const diff = (await gitText(['diff', '--relative', '--name-only', '-z', commit, '--'], { cwd: root })).split('\0');
    // A file created since and not yet added changed too (git diff does not list it).
    const untracked = (await gitText(['ls-files', '--others', '--exclude-standard', '-z'], { cwd: root })).split('\0');
    const wanted = new Set(paths);
    return { commit, changed: [...new Set([...diff, ...untracked])].filter((path) => path !== '' && wanted.has(path)).sort() };
  } catch {
    return undefined;
  }
}
