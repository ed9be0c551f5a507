import { execFileSync, spawnSync } from 'node:child_process';
import type { TreeReader } from '../../src/io/ports.js';

/** git output as text; bench code, so errors simply throw. */
export function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.quotepath=false', ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 30 });
}

/** Make `dir` a repository (branch main, a bench identity, no signing) holding its files in one commit. */
export function initRepo(dir: string, message = 'initial'): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'user.email', 'bench@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

/** Files of a commit's tree with their blob ids. */
export function treeAt(repo: string, commit: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of git(repo, 'ls-tree', '-r', '-z', commit).split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(line);
    if (m) out.set(m[2], m[1]);
  }
  return out;
}

/** Contents of many blobs in one `git cat-file --batch` call. */
export function readBlobs(repo: string, ids: readonly string[]): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (ids.length === 0) return out;
  const result = spawnSync('git', ['cat-file', '--batch'], { cwd: repo, input: `${ids.join('\n')}\n`, maxBuffer: 2 ** 31 });
  const buf = result.stdout;
  let at = 0;
  while (at < buf.length) {
    const eol = buf.indexOf(10, at);
    const [id, type, size] = buf.subarray(at, eol).toString('utf8').split(' ');
    if (type === 'missing' || size === undefined) {
      at = eol + 1;
      continue;
    }
    const start = eol + 1;
    out.set(id, buf.subarray(start, start + Number(size)));
    at = start + Number(size) + 1;
  }
  return out;
}

/** A TreeReader over a commit, with the blobs that `wanted` selects loaded up front. */
export function commitReader(repo: string, tree: ReadonlyMap<string, string>, wanted: (path: string) => boolean): TreeReader {
  const ids = [...tree].filter(([path]) => wanted(path)).map(([, id]) => id);
  const blobs = readBlobs(repo, [...new Set(ids)]);
  return {
    async list() {
      return undefined;
    },
    async read(path) {
      const id = tree.get(path);
      return id === undefined ? undefined : blobs.get(id);
    },
  };
}
