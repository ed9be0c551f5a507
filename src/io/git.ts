import type { SimpleGit } from 'simple-git';
import { compareStrings } from '../order.js';
import { gitExec } from './git-exec.js';
import { takeWorkTreeSnapshot, type FileSnapshot } from './work-tree-snapshot.js';

export type { FileSnapshot };

/** The git facts waveplan needs, named for our use rather than simple-git's surface. */
export interface GitPort {
  /** True when `root` is inside a git work tree. */
  isRepo(): Promise<boolean>;
  /** Tracked files plus untracked files that are not ignored, repo-relative, sorted. */
  listFiles(): Promise<string[]>;
  /** listFiles and the blob id of every existing file, read together (empty outside a repository). */
  snapshot(): Promise<FileSnapshot>;
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

/**
 * The work tree's port. File facts come from plain `git ls-files` processes (they are on every
 * plan's path, where simple-git's per-call overhead showed: ~0.2 s of a warm plan at 5,000
 * files); branch facts go through simple-git, loaded on first use.
 */
export function gitPort(root: string): GitPort {
  let simple: Promise<SimpleGit> | undefined;
  const git = () => (simple ??= import('simple-git').then(({ simpleGit }) => simpleGit({ baseDir: root, config: ['core.quotepath=false'] })));
  let repo: Promise<boolean> | undefined;
  const isRepo = () =>
    (repo ??= gitExec(['rev-parse', '--is-inside-work-tree'], { cwd: root, okCodes: [128] }).then(
      (r) => r.code === 0 && r.stdout.toString('utf8').trim() === 'true',
      () => false,
    ));
  // A nested repository is listed as `dir/`: not a file of this tree.
  const lines = (out: string) => out.split('\0').filter((path) => path !== '' && !path.endsWith('/'));
  const listFiles = async () => {
    const out = await gitExec(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, okCodes: [128] });
    return out.code === 0 ? [...new Set(lines(out.stdout.toString('utf8')))].sort(compareStrings) : [];
  };
  const snapshot = async (): Promise<FileSnapshot> => {
    const { repo: isRepository, ...snapshot } = await takeWorkTreeSnapshot(root);
    repo ??= Promise.resolve(isRepository);
    return snapshot;
  };
  return {
    isRepo,
    listFiles,
    snapshot,
    async commitOf(ref) {
      try {
        const out = await (await git()).raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
        return out.trim() || undefined;
      } catch {
        return undefined;
      }
    },
    async mergeBase(a, b) {
      try {
        return (await (await git()).raw(['merge-base', a, b])).trim() || undefined;
      } catch {
        return undefined;
      }
    },
    async changedFiles(from, to) {
      // --relative: paths from the project folder, and nothing outside it (a project below the top of its repository).
      return parseNameStatus(await (await git()).raw(['diff', '--relative', '--name-status', '-z', '-M', from, to]));
    },
    async blobIds(paths) {
      const { versions } = await snapshot();
      const ids = new Map<string, string>();
      for (const path of paths) {
        const id = versions.get(path);
        if (id !== undefined) ids.set(path, id);
      }
      return ids;
    },
  };
}

/** `git diff --name-status -z`: `M\0path\0`, `R100\0old\0new\0`; renames and copies give both paths. */
export function parseNameStatus(out: string): string[] {
  const fields = out.split('\0');
  const files = new Set<string>();
  for (let i = 0; i < fields.length;) {
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
    const { simpleGit } = await import('simple-git');
    const out = await simpleGit({ baseDir: root }).raw(['remote', 'get-url', name]);
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}
