import { LOCK_FILES } from './near-guess.js';

/**
 * Dependabot's titles name the directory whose manifest and lock file they update
 * (`Bump nanoid from 3.3.12 to 3.3.18 in /website`, `Bump @babel/core in /docs`) and say nothing
 * for the repository's root (`Bump vitest from 2.1.9 to 3.2.6`). docs/inference.md, "Dependency updates".
 */
const IN_DIRECTORY = /\bbump\b.*\sin\s+\/([\w.@/-]*?)\/?(?:\s+with\s+\d+\s+updates?)?\s*(?:\(#\d+\))?\s*$/i;
/** A root bump: one dependency from a version to a version, or a group's; not one `across N directories` (any of them). */
const ROOT_BUMP = /^(?!.*\bacross\s+\d+\s+director).*\bbump\s+(?:the\s+\S+\s+group\b|\S+\s+from\s+\S+\s+to\s+\S+)/i;

/** The directory a Dependabot title updates, repo-relative ('' for the root), or undefined for any other title (pure). */
export function dependabotDirectory(title: string): string | undefined {
  const match = IN_DIRECTORY.exec(title);
  if (match) return match[1];
  return ROOT_BUMP.test(title) ? '' : undefined;
}

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1);
const isLockFile = (file: string) => LOCK_FILES.includes(baseName(file));

/**
 * Whether an update of `dir` cannot write `file` (pure): a manifest outside the directory, or a
 * lock file outside it when the directory has its own (a workspace package's update writes the
 * root lock); for the root, a lock file of another directory. Other files are not its business.
 */
export function outsideDirectory(file: string, dir: string, files: ReadonlySet<string>): boolean {
  const isLock = isLockFile(file);
  if (!isLock && baseName(file) !== 'package.json') return false;
  if (dir === '') return isLock && file.includes('/');
  if (file.startsWith(`${dir}/`)) return false;
  return !isLock || LOCK_FILES.some((lock) => files.has(`${dir}/${lock}`));
}
