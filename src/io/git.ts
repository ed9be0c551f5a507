import { simpleGit, type SimpleGit } from 'simple-git';
import { compareStrings } from '../order.js';

/** The git facts waveplan needs, named for our use rather than simple-git's surface. */
export interface GitPort {
  /** True when `root` is inside a git work tree. */
  isRepo(): Promise<boolean>;
  /** Tracked files plus untracked files that are not ignored, repo-relative, sorted. */
  listFiles(): Promise<string[]>;
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
  };
}
