import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

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
 * Write a cache file atomically (temp file + rename, so a concurrent reader never sees half of
 * one), creating the folder with a `.gitignore` of `*` so it never shows up in `git status`. A
 * cache that cannot be written (read-only checkout, full disk) only costs speed: no error.
 */
export async function writeCacheText(dir: string, name: string, text: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  const temp = join(dir, `${name}.${process.pid}.tmp`);
  try {
    // Synchronous, as the reads: each call through the thread pool cost more than its work.
    mkdirSync(dir, { recursive: true });
    const ignore = join(dir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
    if (typeof text === 'string' || text instanceof Uint8Array) writeFileSync(temp, text);
    else writeParts(temp, text);
    renameSync(temp, join(dir, name));
  } catch {
    // Next run starts cold; a temp file left behind is removed when it can be.
    try {
      rmSync(temp, { force: true });
    } catch {
      // A read-only folder: nothing was written either.
    }
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

/** The parts one after another, without joining them first (a 500-item plan's cache is 20 MB). */
function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const part of parts) for (let at = 0; at < part.byteLength;) at += writeSync(fd, part, at);
  } finally {
    closeSync(fd);
  }
}
