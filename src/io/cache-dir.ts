import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync, type FileContent } from './atomic-write.js';

/** `.agent/cache/` of a project: caches only, each rebuilt when missing, corrupt or foreign. */
export function cacheDirOf(root: string): string {
  return join(root, '.agent', 'cache');
}

/** A cache file's text, or undefined when it is missing or unreadable. */
export function readCacheText(dir: string, name: string): string | undefined {
  return readCacheBytes(dir, name)?.toString('utf8');
}

/** A cache file's bytes, or undefined when it is missing or unreadable (synchronous: a read through the thread pool costs more than it saves here). */
export function readCacheBytes(dir: string, name: string): Buffer | undefined {
  try {
    return readFileSync(join(dir, name));
  } catch {
    return undefined;
  }
}

/**
 * Write a cache file atomically (`writeFileAtomicSync`, so a concurrent reader never sees half of
 * one), creating the folder with a `.gitignore` of `*` so it never shows up in `git status`. A
 * cache that cannot be written (read-only checkout, full disk) only costs speed: no error. No
 * fsync: a cache lost to a power cut is rebuilt, and its readers reject a torn one.
 */
export async function writeCacheText(dir: string, name: string, text: FileContent): Promise<void> {
  try {
    // Synchronous, as the reads: each call through the thread pool cost more than its work.
    mkdirSync(dir, { recursive: true });
    const ignore = join(dir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
    writeFileAtomicSync(join(dir, name), text, { fsync: false });
  } catch {
    // Next run starts cold; the helper removed its temp file when it could.
  }
}

/** Remove a cache file if it is there; like writing, never fails the run. */
export function removeCacheFile(dir: string, name: string): void {
  try {
    rmSync(join(dir, name), { force: true });
  } catch {
    // A read-only folder: the file it holds is ignored or replaced later.
  }
}
