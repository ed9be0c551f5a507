import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGraphCache, serializeGraphCache, type GraphCache } from './graph-cache.js';

const FILE = 'import-graph.json';

/** The cached graph, or undefined when missing, unreadable, corrupt or foreign. */
export async function readGraphCache(dir: string): Promise<GraphCache | undefined> {
  try {
    return parseGraphCache(await readFile(join(dir, FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Write the cache atomically (temp file + rename), creating the folder with a `.gitignore`
 * of `*` so it never shows up in `git status`. A cache that cannot be written only costs speed.
 */
export async function writeGraphCache(dir: string, cache: Omit<GraphCache, 'format' | 'version'>): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
    const temp = join(dir, `${FILE}.${process.pid}.tmp`);
    await writeFile(temp, serializeGraphCache(cache));
    await rename(temp, join(dir, FILE));
  } catch {
    // Read-only checkouts and full disks still plan; they just start cold next time.
  }
}
