import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What a file's new content may be: text (UTF-8), bytes, or parts written one after another without joining them. */
export type FileContent = string | Uint8Array | readonly Uint8Array[];

export interface AtomicWriteOptions {
  /** The file's mode, exactly (not reduced by the umask); default 0o666 minus the umask. The temp file has it from the start. */
  mode?: number;
  /**
   * Flush the data to disk before the rename (default true), so a crash or power loss leaves the old
   * file or the whole new one, never an empty one. Caches pass false: a lost cache only costs speed,
   * and its reader rejects a torn one (docs/reliability.md).
   */
  fsync?: boolean;
  /** Create the parent folder first (default false). */
  mkdir?: boolean;
}

/**
 * Write a file so a reader, or a crash, sees the old content or all of the new one, never half
 * (docs/reliability.md): a temp file in the same folder, `NAME.PID.RAND.tmp` (the name
 * `sweepTempFiles` recognises), written, flushed, renamed over the target. On failure the temp
 * file is removed and the error is thrown; the target is untouched.
 */
export function writeFileAtomicSync(path: string, content: FileContent, options: AtomicWriteOptions = {}): void {
  if (options.mkdir) mkdirSync(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    const fd = openSync(temp, 'wx', options.mode ?? 0o666);
    try {
      if (options.mode !== undefined) fchmodSync(fd, options.mode);
      for (const part of partsOf(content)) for (let at = 0; at < part.byteLength;) at += writeSync(fd, part, at);
      if (options.fsync ?? true) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** `writeFileAtomicSync` through the thread pool, for callers that must not block the event loop. */
export async function writeFileAtomic(path: string, content: FileContent, options: AtomicWriteOptions = {}): Promise<void> {
  if (options.mkdir) await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, 'wx', options.mode ?? 0o666);
    try {
      if (options.mode !== undefined) await handle.chmod(options.mode);
      for (const part of partsOf(content)) for (let at = 0; at < part.byteLength;) at += (await handle.write(part, at)).bytesWritten;
      if (options.fsync ?? true) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The temp file beside `path`: unique per process and call, and carrying the writer's PID so a sweep can tell an orphan. */
export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8) || '0'}.tmp`;
}

function partsOf(content: FileContent): readonly Uint8Array[] {
  if (typeof content === 'string') return [Buffer.from(content, 'utf8')];
  if (content instanceof Uint8Array) return [content];
  return content;
}
