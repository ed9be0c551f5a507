import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TreeReader } from './ports.js';

/**
 * TreeReader over the work tree rooted at `root`. Reads are synchronous behind the async
 * surface: queue items and configs are small local files, and fs.promises pays a thread-pool
 * round trip per open/stat/read/close (re-reading 50 items for the fingerprint: ~5 ms that way,
 * ~2 ms so).
 */
export function workTreeReader(root: string): TreeReader {
  return {
    async list(dir) {
      try {
        const entries = readdirSync(join(root, dir), { withFileTypes: true });
        return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async read(path) {
      try {
        return readFileSync(join(root, path));
      } catch (error) {
        if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
        throw error;
      }
    },
  };
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
