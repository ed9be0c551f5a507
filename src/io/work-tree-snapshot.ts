import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { compareStrings } from '../order.js';
import { blobId } from './blob-id.js';
import { gitText } from './git-exec.js';
import { parseTaggedLsFileIds } from './ls-files.js';
import { LazyMap } from './lazy-map.js';
import { findRepository, workTreeHasher } from './work-tree-blobs.js';
import { prefetchListing, startListing, takeListing, type WorkTreeListing } from './work-tree-listing.js';

/** Every file of the tree the plan reads, with the blob id of the content it sees. */
export interface FileSnapshot {
  /** Repo-relative paths, sorted (as listFiles). */
  files: string[];
  /** Blob ids by path, for every file that exists (as blobIds). */
  versions: ReadonlyMap<string, string>;
  /** The files git does not track (listed because no ignore rule hides them). */
  untracked?: ReadonlySet<string>;
}

/**
 * The work tree's files and blob ids: one `git ls-files` lists the index with stages and tags
 * the work tree's changes (from the same process as the `git config` answer, see startListing);
 * the modified and untracked files are hashed here, each when its id is first read, when
 * nothing can convert them, else by `git hash-object`. Outside a repository: `repo: false` and
 * nothing listed.
 */
export async function readWorkTreeSnapshot(root: string, started: WorkTreeListing = startListing(root)): Promise<FileSnapshot & { repo: boolean }> {
  // The config says whether edited files can be hashed here (see workTreeHasher).
  const { listing, config } = started;
  const out = await listing;
  if (out.code !== 0) return { repo: false, files: [], versions: new Map() };
  const listed = parseTaggedLsFileIds(out.stdout.toString('utf8'));
  let versions: Map<string, string> = listed.oids;
  // A nested repository is listed as `dir/`: not a file of this tree.
  const others = listed.others.filter((path) => !path.endsWith('/'));
  const files = others.length === 0 ? [...versions.keys()] : [...new Set([...versions.keys(), ...others])];
  for (const path of listed.deleted) versions.delete(path);
  let toHash = [...new Set([...listed.modified, ...others])].filter((p) => !listed.deleted.has(p)).sort(compareStrings);
  const sample = versions.values().next().value;
  // A symbolic link is stored as its target's text, never filtered; git hash-object would follow
  // it (and fail on a link to a folder), so links are hashed here.
  const links = new Set(toHash.filter((path) => isLink(join(root, path))));
  if (links.size > 0) {
    for (const path of links) {
      const id = linkBlobId(join(root, path), sample);
      if (id === undefined) versions.delete(path);
      else versions.set(path, id);
    }
    toHash = toHash.filter((path) => !links.has(path));
  }
  if (toHash.length > 0) {
    const settings = await config.then(
      (c) => (c.code === 0 ? c.stdout.toString('utf8') || '?' : c.code === 1 ? '' : '?'),
      () => '?',
    );
    const hash = workTreeHasher(root, toHash, { config: settings, sample });
    if (hash) {
      // Read when asked: most edited and untracked files are in no write set and no graph (a 20 MB plan file).
      versions = new LazyMap(versions, toHash, hash);
    } else {
      // --stdin-paths applies each path's clean filters: the id is what `git add` would store.
      const ids = await hashObjects(root, toHash);
      toHash.forEach((path, k) => (ids[k] === undefined ? versions.delete(path) : versions.set(path, ids[k])));
    }
  }
  // git lists in byte order, which is ours (code units) unless a path holds a character past U+FFFF.
  return { repo: true, files: isSorted(files) ? files : files.sort(compareStrings), versions, untracked: new Set(others) };
}

/**
 * `git hash-object --stdin-paths` for work-tree paths relative to `root`, undefined for a path
 * gone since the listing. git reads those paths from the top of the work tree, not from the
 * folder it runs in (git 2.39), so in a project below the top they are given from there. git
 * stops at a path it cannot open (a queue item's move marker, gone while a plan reads the tree
 * beside an apply): the paths still there are hashed again, a few times at most.
 */
async function hashObjects(root: string, paths: readonly string[]): Promise<Array<string | undefined>> {
  const top = findRepository(root)?.top;
  const prefix = top === undefined ? '' : relative(realpathSync(top), realpathSync(root)).split(sep).join('/');
  for (let attempt = 1; ; attempt++) {
    const present = paths.filter((p) => lexists(join(root, p)));
    const input = present.map((p) => (prefix === '' ? p : `${prefix}/${p}`));
    try {
      const ids =
        present.length === 0
          ? []
          : (await gitText(['hash-object', '--stdin-paths'], { cwd: prefix === '' ? root : top!, input: `${input.join('\n')}\n` })).split('\n');
      const byPath = new Map(present.map((p, k) => [p, ids[k]]));
      return paths.map((p) => byPath.get(p));
    } catch (error) {
      if (attempt >= 3 || present.every((p) => lexists(join(root, p)))) throw error;
    }
  }
}

function lexists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** What `git add` stores for a symbolic link: a blob of its target's text; undefined when it went away. */
function linkBlobId(file: string, sample: string | undefined): string | undefined {
  try {
    return blobId(readlinkSync(file, { encoding: 'buffer' }), sample);
  } catch {
    return undefined;
  }
}

function isSorted(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i - 1] >= values[i]) return false;
  return true;
}

/**
 * Start git's listing of `root` before the code that will ask for the snapshot has loaded (see
 * prefetchListing): the first snapshot of that root takes it, later ones list again.
 */
export const prefetchSnapshot = prefetchListing;

/** The snapshot of `root`, from its prefetched listing if one was started and not taken yet. */
export function takeWorkTreeSnapshot(root: string): Promise<FileSnapshot & { repo: boolean }> {
  return readWorkTreeSnapshot(root, takeListing(root));
}
