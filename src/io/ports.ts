/** The small surfaces that `read*` functions use, so the same readers work on the work tree and on the git index. */

export interface TreeEntry {
  name: string;
  isDirectory: boolean;
}

/** A read-only view of the repository's files, by repo-relative POSIX path. */
export interface TreeReader {
  /** Entries directly inside `dir`, or undefined when the folder does not exist. */
  list(dir: string): Promise<TreeEntry[] | undefined>;
  /** File bytes, or undefined when the file does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
}
