import { compareStrings } from '../order.js';
import { gitExec, gitText } from './git-exec.js';
import { parseTaggedLsFileIds } from './ls-files.js';

/** Every file of the tree the plan reads, with the blob id of the content it sees. */
export interface FileSnapshot {
  /** Repo-relative paths, sorted (as listFiles). */
  files: string[];
  /** Blob ids by path, for every file that exists (as blobIds). */
  versions: ReadonlyMap<string, string>;
}

/**
 * The work tree's files and blob ids: one `git ls-files` lists the index with stages and tags
 * the work tree's changes (each spawn costs the parent ~10 ms, and this is on every plan's
 * path); `git hash-object` hashes the modified and untracked files. Outside a repository:
 * `repo: false` and nothing listed.
 */
export async function readWorkTreeSnapshot(root: string): Promise<FileSnapshot & { repo: boolean }> {
  const out = await gitExec(['ls-files', '-z', '-s', '-t', '-m', '-d', '-o', '--exclude-standard'], { cwd: root, okCodes: [128] });
  if (out.code !== 0) return { repo: false, files: [], versions: new Map() };
  const listed = parseTaggedLsFileIds(out.stdout.toString('utf8'));
  const versions = listed.oids;
  // A nested repository is listed as `dir/`: not a file of this tree.
  const others = listed.others.filter((path) => !path.endsWith('/'));
  const files = others.length === 0 ? [...versions.keys()] : [...new Set([...versions.keys(), ...others])];
  for (const path of listed.deleted) versions.delete(path);
  const toHash = [...new Set([...listed.modified, ...others])].filter((p) => !listed.deleted.has(p)).sort(compareStrings);
  if (toHash.length > 0) {
    // --stdin-paths applies each path's clean filters: the id is what `git add` would store.
    const ids = (await gitText(['hash-object', '--stdin-paths'], { cwd: root, input: `${toHash.join('\n')}\n` })).split('\n');
    toHash.forEach((path, k) => versions.set(path, ids[k]));
  }
  // git lists in byte order, which is ours (code units) unless a path holds a character past U+FFFF.
  return { repo: true, files: isSorted(files) ? files : files.sort(compareStrings), versions };
}

function isSorted(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i - 1] >= values[i]) return false;
  return true;
}

const prefetched = new Map<string, Promise<FileSnapshot & { repo: boolean }>>();

/**
 * Start reading the snapshot of `root` before the code that will ask for it has loaded: git lists
 * and hashes (~30-60 ms at 5,000 files) while Node compiles the command's modules. The first
 * snapshot of that root takes it; later ones read again. Call the returned function when the
 * command is over, so a snapshot nobody took is never handed to a later command.
 */
export function prefetchSnapshot(root: string): () => void {
  const reading = readWorkTreeSnapshot(root);
  reading.catch(() => undefined); // the snapshot that takes it sees the error
  prefetched.set(root, reading);
  return () => {
    if (prefetched.get(root) === reading) prefetched.delete(root);
  };
}

/** The prefetched snapshot of `root`, if one was started and not taken yet, else a fresh read. */
export function takeWorkTreeSnapshot(root: string): Promise<FileSnapshot & { repo: boolean }> {
  const reading = prefetched.get(root);
  prefetched.delete(root);
  return reading ?? readWorkTreeSnapshot(root);
}
