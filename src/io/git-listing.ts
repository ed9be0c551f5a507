import { gitExec, type GitExecResult } from './git-exec.js';

/** The one listing a snapshot starts from: the index with stages, tagged with the work tree's changes, plus untracked files. */
const LISTING = ['ls-files', '-z', '-s', '-t', '-m', '-d', '-o', '--exclude-standard'];

export const listTree = (root: string): Promise<GitExecResult> => gitExec(LISTING, { cwd: root, okCodes: [128] });

const prefetched = new Map<string, Promise<GitExecResult>>();

/**
 * Start the listing a snapshot of `root` begins with, before the code that will ask for it has
 * loaded: git lists the tree (~30 ms at 5,000 files) while Node compiles the command's modules.
 * The first snapshot of that root takes it; later ones list again. Call the returned function
 * when the command is over, so a listing nobody took is never handed to a later one.
 */
export function prefetchListing(root: string): () => void {
  const listing = listTree(root);
  listing.catch(() => undefined); // the snapshot that takes it sees the error
  prefetched.set(root, listing);
  return () => {
    if (prefetched.get(root) === listing) prefetched.delete(root);
  };
}

export function takePrefetchedListing(root: string): Promise<GitExecResult> | undefined {
  const listing = prefetched.get(root);
  prefetched.delete(root);
  return listing;
}
