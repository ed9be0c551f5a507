/** The small surfaces that `read*` functions use, so the same readers work on the work tree and on the git index. */

export interface TreeEntry {
  name: string;
  isDirectory: boolean;
  /** What the entry is, when the reader can tell: an item must be a regular file (docs/reliability.md). */
  kind?: 'file' | 'folder' | 'link' | 'other';
}

/** A read-only view of the repository's files, by repo-relative POSIX path. */
export interface TreeReader {
  /** Entries directly inside `dir`, or undefined when the folder does not exist. */
  list(dir: string): Promise<TreeEntry[] | undefined>;
  /** File bytes, or undefined when the file does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  /**
   * Whether the file holds exactly `bytes`, found without reading it whole (a 500-item plan is
   * 20 MB, and fresh memory is what a big read costs); a reader without it is read whole.
   */
  holds?(path: string, bytes: Uint8Array): Promise<boolean>;
  /** The file's size in bytes, or undefined when it is not a file (a hint: the last plan's size sizes the next one's buffer). */
  size?(path: string): Promise<number | undefined>;
  /** Every symbolic link the tree holds, with its target as stored (`../shared`); a reader without it has none to tell. */
  links?(): Promise<ReadonlyMap<string, string>>;
}
