import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
  /**
   * Git blob ids (sha-1 hex) of the content the plan sees, for each of `paths` that
   * exists; paths that do not exist are left out. For the work tree that is the file
   * on disk; a port over the index answers with the staged blobs.
   */
  blobIds(paths: readonly string[]): Promise<Map<string, string>>;
}

export function gitPort(root: string): GitPort {
  const git: SimpleGit = simpleGit({ baseDir: root, config: ['core.quotepath=false'] });
  const isRepo = async () => {
    try {
      return await git.checkIsRepo();
    } catch {
      return false;
    }
  };
  return {
    isRepo,
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
    async blobIds(paths) {
      const ids = new Map<string, string>();
      if (paths.length === 0 || !(await isRepo())) return ids;
      const wanted = new Set(paths);
      // Staged blobs: right for every tracked file that is unmodified in the work tree.
      for (const line of (await git.raw(['ls-files', '-s', '-z'])).split('\0')) {
        const match = /^\d+ ([0-9a-f]+) (\d)\t(.*)$/s.exec(line);
        if (match && match[2] === '0' && wanted.has(match[3])) ids.set(match[3], match[1]);
      }
      // Modified, deleted and untracked files: hash what is on disk (or drop it).
      const changed = new Set([
        ...(await git.raw(['diff', '--name-only', '-z', '--no-renames'])).split('\0'),
        ...(await git.raw(['ls-files', '-z', '--others', '--exclude-standard'])).split('\0'),
      ].filter((path) => path && wanted.has(path)));
      const existing = [...changed].sort(compareStrings).filter((path) => {
        ids.delete(path);
        return existsSync(join(root, path));
      });
      if (existing.length > 0) {
        // --stdin-paths applies the path's clean filters, so the id is what `git add` would store.
        const out = execFileSync('git', ['hash-object', '--stdin-paths'], { cwd: root, input: `${existing.join('\n')}\n`, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        out.split('\n').filter(Boolean).forEach((id, k) => ids.set(existing[k], id));
      }
      return ids;
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

/** URL of a remote (`origin`), or undefined when there is none or `root` is not a repository. */
export async function remoteUrl(root: string, name = 'origin'): Promise<string | undefined> {
  try {
    const out = await simpleGit({ baseDir: root }).raw(['remote', 'get-url', name]);
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}
