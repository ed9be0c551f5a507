import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TreeReader } from './ports.js';

/** TreeReader over the work tree rooted at `root`. */
export function workTreeReader(root: string): TreeReader {
  return {
    async list(dir) {
      try {
        const entries = await readdir(join(root, dir), { withFileTypes: true });
        return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async read(path) {
      try {
        return await readFile(join(root, path));
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
