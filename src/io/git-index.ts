import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings } from '../order.js';
import { blobId } from './blob-id.js';
import { blobReader } from './git-blobs.js';
import { gitExec } from './git-exec.js';
import type { GitPort } from './git.js';
import type { TreeEntry, TreeReader } from './ports.js';
import { parseTaggedLsFiles, type IndexEntry } from './ls-files.js';

export { parseTaggedLsFileIds, parseTaggedLsFiles, type IndexEntry } from './ls-files.js';

/** The staged state of the project, read once. */
export interface StagedTree extends TreeReader {
  /** Staged files by repo-relative path (stage 0; for a conflicted path, "ours"). */
  entries: ReadonlyMap<string, IndexEntry>;
  /** Staged paths, sorted; the index counterpart of GitPort.listFiles. */
  listFiles(): Promise<string[]>;
  /** Blob ids of the given paths as staged; paths not in the index are left out. */
  blobIds(paths: readonly string[]): Promise<Map<string, string>>;
  /** The blob id of `path` (relative to the project root) in HEAD; undefined when absent or there is no HEAD yet. */
  headBlobId(path: string): Promise<string | undefined>;
  /** Stop the `git cat-file` process. */
  close(): void;
  /** Whether a read of `path` found its work-tree copy to hold the staged blob (false: not read, or it did not). */
  readFromWorkTree(path: string): boolean;
}

export interface ReadIndexOptions {
  /** Absolute project root; paths are relative to it (it may be below the git top level). */
  root: string;
  /** The hook's environment, so GIT_INDEX_FILE (set by `git commit -a`/`git commit <paths>`) is honoured. */
  env?: Record<string, string | undefined>;
}

/**
 * A TreeReader over the git index: one `git ls-files` for the listing (which also names the
 * files whose work-tree copy differs from the index). A file git calls unmodified is read
 * from disk and used when its bytes hash to the staged blob id; any other read goes to one
 * long-lived `git cat-file --batch`, started on first need. So a commit whose items and
 * config are staged as they are on disk (the common case) costs a single git process, and
 * unstaged work-tree edits are still invisible.
 */
export async function readStagedTree(options: ReadIndexOptions): Promise<StagedTree> {
  const out = await gitExec(['ls-files', '-z', '-s', '-t', '-m', '-d'], { cwd: options.root, env: options.env });
  const listed = parseTaggedLsFiles(out.stdout.toString('utf8'));
  const entries = listed.staged;
  const dirty = new Set([...listed.modified, ...listed.deleted]);
  const dirs = directoryIndex(entries.keys());
  const blobs = blobReader(options.root, options.env);
  const reads = new Map<string, Promise<Buffer | undefined>>();
  const sameOnDisk = new Set<string>();
  const fromDisk = (path: string, oid: string): Buffer | undefined => {
    if (dirty.has(path)) return undefined;
    try {
      const bytes = readFileSync(join(options.root, path));
      // Clean filters (eol, lfs, …) can make the disk bytes differ from the blob: then git reads it.
      if (blobId(bytes, oid) !== oid) return undefined;
      sameOnDisk.add(path);
      return bytes;
    } catch {
      return undefined;
    }
  };
  return {
    entries,
    async list(dir) {
      const listed = dirs.get(normalizeDir(dir));
      return listed ? [...listed.values()].sort((a, b) => compareStrings(a.name, b.name)) : undefined;
    },
    read(path) {
      // Once per path: the index does not change while the tree is read, but the work tree can
      // (the hook rewrites the plan file), so a second read must not go back to disk.
      const key = normalizePath(path);
      let read = reads.get(key);
      if (!read) {
        const entry = entries.get(key);
        read = entry ? Promise.resolve(fromDisk(key, entry.oid) ?? blobs.read(entry.oid)) : Promise.resolve(undefined);
        reads.set(key, read);
      }
      return read;
    },
    async listFiles() {
      return [...entries.keys()].sort(compareStrings);
    },
    async blobIds(paths) {
      const ids = new Map<string, string>();
      for (const path of paths) {
        const entry = entries.get(normalizePath(path));
        if (entry) ids.set(path, entry.oid);
      }
      return ids;
    },
    async headBlobId(path) {
      return (await blobs.lookup(`HEAD:./${normalizePath(path)}`))?.oid;
    },
    async links() {
      // A staged link's blob is its target.
      const staged = [...entries.values()].filter((entry) => entry.mode === SYMLINK);
      const targets = await Promise.all(staged.map((entry) => blobs.read(entry.oid)));
      return new Map(staged.flatMap((entry, k) => (targets[k] === undefined ? [] : [[entry.path, targets[k]!.toString('utf8')] as const])));
    },
    close: () => blobs.close(),
    readFromWorkTree: (path) => sameOnDisk.has(normalizePath(path)),
  };
}

const SYMLINK = '120000';

/** Every folder (`''` is the root) → its direct children. */
function directoryIndex(paths: Iterable<string>): Map<string, Map<string, TreeEntry>> {
  const dirs = new Map<string, Map<string, TreeEntry>>([['', new Map()]]);
  for (const path of paths) {
    const parts = path.split('/');
    let dir = '';
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      const isDirectory = i < parts.length - 1;
      let children = dirs.get(dir);
      if (!children) dirs.set(dir, (children = new Map()));
      if (!children.has(name)) children.set(name, { name, isDirectory });
      dir = dir === '' ? name : `${dir}/${name}`;
    }
  }
  return dirs;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function normalizeDir(dir: string): string {
  const path = normalizePath(dir).replace(/\/+$/, '');
  return path === '.' ? '' : path;
}

/**
 * A GitPort whose file facts (files, blob ids) come from the index: what the commit
 * will contain. Questions about refs and branches go to the work-tree port, which
 * `loadBase` gives on first use only, so a hook run that needs none does not load simple-git.
 */
export function stagedGitPort(staged: StagedTree, options: { loadBase: () => Promise<GitPort> }): GitPort {
  let base: Promise<GitPort> | undefined;
  const port = () => (base ??= options.loadBase());
  return {
    isRepo: async () => true,
    listFiles: () => staged.listFiles(),
    snapshot: async () => ({ files: await staged.listFiles(), versions: new Map([...staged.entries].map(([path, entry]) => [path, entry.oid])) }),
    blobIds: (paths) => staged.blobIds(paths),
    commitOf: async (ref) => (await port()).commitOf(ref),
    mergeBase: async (a, b) => (await port()).mergeBase(a, b),
    changedFiles: async (from, to) => (await port()).changedFiles(from, to),
  };
}
