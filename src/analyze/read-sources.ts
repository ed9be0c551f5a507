import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { TreeReader } from '../io/ports.js';
import { isInNodeModules, type SourceHost } from './source-host.js';

/** The work tree as a SourceHost: the given file list, texts read from disk when asked (or read ahead: `readAhead`). */
export function workTreeSourceHost(root: string, files: readonly string[], readAhead?: (path: string) => string | undefined): SourceHost {
  return {
    files,
    readText(path) {
      const text = readAhead?.(path);
      if (text !== undefined) return text;
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    readLink(path) {
      try {
        return readlinkSync(join(root, path));
      } catch {
        return undefined;
      }
    },
  };
}

const CONFIG_FILE = /(^|\/)([^/]*\.json|pnpm-workspace\.yaml)$/;

/** A SourceHost, and the same host as TypeScript's resolution needs it (with the tree's symbolic links, read only then). */
export type GraphSourceHost = SourceHost & { forResolution(): Promise<SourceHost> };

/**
 * A SourceHost over an async tree (the git index for the pre-commit hook): the `wanted` files
 * and every JSON/workspace config (tsconfigs, package.json files) are read up front, because
 * TypeScript asks for texts synchronously. Link targets are read when a resolver is made: a
 * warm hook that only re-scans edited files never reads them.
 */
export async function preloadedSourceHost(tree: TreeReader, files: readonly string[], wanted: readonly string[]): Promise<GraphSourceHost> {
  const paths = [...new Set([...wanted, ...files.filter((f) => CONFIG_FILE.test(f) && !isInNodeModules(f))])];
  const decoder = new TextDecoder();
  const texts = new Map<string, string>();
  await Promise.all(paths.map(async (path) => {
    const bytes = await tree.read(path);
    if (bytes !== undefined) texts.set(path, decoder.decode(bytes));
  }));
  const readText = (path: string) => texts.get(path);
  let resolving: Promise<SourceHost> | undefined;
  const forResolution = () => (resolving ??= (async () => {
    const links = await tree.links?.();
    return { files, readText, readLink: (path: string) => links?.get(path) };
  })());
  return { files, readText, forResolution };
}
