import { readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { blobId } from '../io/blob-id.js';
import type { TreeReader } from '../io/ports.js';
import { isInNodeModules, type SourceHost } from './source-host.js';

/** The work tree as a SourceHost: the given file list, texts read from disk when asked (or read ahead: `readAhead`). */
export function workTreeSourceHost(root: string, files: readonly string[], readAhead?: (path: string) => string | undefined): SourceHost {
  return {
    files,
    readText(path) {
      return readAhead?.(path) ?? readOnDisk(root, path);
    },
    ...outsideTheList(root),
    readLink: (path) => linkOnDisk(root, path),
  };
}

/** A path's symbolic-link target in the work tree under `root`, as stored (`../shared`); undefined when it is no link. */
export function linkOnDisk(root: string, path: string): string | undefined {
  try {
    return readlinkSync(join(root, path));
  } catch {
    return undefined;
  }
}

/** What config parsing reads outside the file list (SourceHost.readUnlisted and its kin), from the work tree under `root`. */
function outsideTheList(root: string): Pick<SourceHost, 'readUnlisted' | 'hasUnlistedFolder' | 'realUnlisted'> {
  return {
    readUnlisted: (path) => readOnDisk(root, path),
    hasUnlistedFolder: (path) => isFolderOnDisk(root, path),
    realUnlisted: (path) => realOnDisk(root, path),
  };
}

/** A file's text from the work tree, or undefined when it is missing or unreadable (a folder). */
export function readOnDisk(root: string, path: string): string | undefined {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** A path's real location, repo-relative (through symbolic links), or undefined when it is missing or leads outside `root`. */
export function realOnDisk(root: string, path: string): string | undefined {
  try {
    const real = relative(realpathSync(root), realpathSync(join(root, path)));
    return real.startsWith('..') || real === '' ? undefined : real.split(sep).join('/');
  } catch {
    return undefined;
  }
}

/** Whether `path` is a folder in the work tree (through symbolic links). */
export function isFolderOnDisk(root: string, path: string): boolean {
  return statSync(join(root, path), { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * What keys the graph cache for a path outside the file list that config parsing asked for
 * (ProjectLookup.outside): a file's blob id, `folder` for a folder (`…/` paths), `-` when absent.
 */
export function unlistedVersion(root: string, path: string): string {
  if (path.endsWith('/')) return isFolderOnDisk(root, path.slice(0, -1)) ? 'folder' : '-';
  try {
    return blobId(readFileSync(join(root, path)));
  } catch {
    return '-';
  }
}

const CONFIG_FILE = /(^|\/)([^/]*\.json|pnpm-workspace\.yaml)$/;

/** A SourceHost, and the same host as TypeScript's resolution needs it (with the tree's symbolic links, read only then). */
export type GraphSourceHost = SourceHost & { forResolution(): Promise<SourceHost> };

/**
 * A SourceHost over an async tree (the git index for the pre-commit hook): the `wanted` files
 * and every JSON/workspace config (tsconfigs, package.json files) are read up front, because
 * TypeScript asks for texts synchronously; files outside the list (an installed tsconfig an
 * `extends` names) come from the work tree under `root`. Link targets are read when a resolver is made: a
 * warm hook that only re-scans edited files never reads them.
 */
export async function preloadedSourceHost(tree: TreeReader, files: readonly string[], wanted: readonly string[], root?: string): Promise<GraphSourceHost> {
  const paths = [...new Set([...wanted, ...files.filter((f) => CONFIG_FILE.test(f) && !isInNodeModules(f))])];
  const decoder = new TextDecoder();
  const texts = new Map<string, string>();
  await Promise.all(
    paths.map(async (path) => {
      const bytes = await tree.read(path);
      if (bytes !== undefined) texts.set(path, decoder.decode(bytes));
    }),
  );
  const readText = (path: string) => texts.get(path);
  // Installed and generated configs are never staged: the work tree's are the ones in use.
  const outside = root === undefined ? {} : outsideTheList(root);
  let resolving: Promise<SourceHost> | undefined;
  const forResolution = () =>
    (resolving ??= (async () => {
      const links = await tree.links?.();
      return { files, readText, ...outside, readLink: (path: string) => links?.get(path) };
    })());
  return { files, readText, ...outside, forResolution };
}
