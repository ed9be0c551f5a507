import { simpleGit, type SimpleGit } from 'simple-git';
import { compareStrings } from '../order.js';

/** The git facts waveplan needs, named for our use rather than simple-git's surface. */
export interface GitPort {
  /** True when `root` is inside a git work tree. */
  isRepo(): Promise<boolean>;
  /** Tracked files plus untracked files that are not ignored, repo-relative, sorted. */
  listFiles(): Promise<string[]>;
  /** The commit a ref names (branch, tag, `origin/x`, sha), or undefined when there is none. */
  commitOf(ref: string): Promise<string | undefined>;
  /** The best common ancestor of two commits, or undefined when they share no history. */
  mergeBase(a: string, b: string): Promise<string | undefined>;
  /**
   * Files changed from commit `from` to commit `to`, repo-relative, sorted: added, modified,
   * deleted, and both paths of a rename or copy.
   */
  changedFiles(from: string, to: string): Promise<string[]>;
}

export function gitPort(root: string): GitPort {
  const git: SimpleGit = simpleGit({ baseDir: root, config: ['core.quotepath=false'] });
  return {
    async isRepo() {
      try {
        return await git.checkIsRepo();
      } catch {
        return false;
      }
    },
    async listFiles() {
      const out = await git.raw(['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
      return [...new Set(out.split('\0').filter(Boolean))].sort(compareStrings);
    },
    async commitOf(ref) {
      try {
        const out = await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
        return out.trim() || undefined;
      } catch {
        return undefined;
      }
    },
    async mergeBase(a, b) {
      try {
        return (await git.raw(['merge-base', a, b])).trim() || undefined;
      } catch {
        return undefined;
      }
    },
    async changedFiles(from, to) {
      const out = await git.raw(['diff', '--name-status', '-z', '-M', from, to]);
      return parseNameStatus(out);
    },
  };
}

/** `git diff --name-status -z`: `M\0path\0`, `R100\0old\0new\0`; renames and copies give both paths. */
export function parseNameStatus(out: string): string[] {
  const fields = out.split('\0');
  const files = new Set<string>();
  for (let i = 0; i < fields.length; ) {
    const status = fields[i++];
    if (status === '') continue;
    const count = status.startsWith('R') || status.startsWith('C') ? 2 : 1;
    for (let k = 0; k < count && i < fields.length; k++) files.add(fields[i++]);
  }
  return [...files].filter(Boolean).sort(compareStrings);
}
