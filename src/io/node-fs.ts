import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WaveplanError } from '../errors.js';
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
        return entries.map((e) => ({
          name: e.name,
          isDirectory: e.isDirectory(),
          kind: e.isSymbolicLink() ? 'link' : e.isFile() ? 'file' : e.isDirectory() ? 'folder' : 'other',
        }));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async read(path) {
      try {
        // A FIFO would hang the read and a device never ends: only regular files are read.
        const stat = statSync(join(root, path), { throwIfNoEntry: false });
        if (stat && !stat.isFile() && !stat.isDirectory())
          throw new WaveplanError(
            `${path} is not a regular file (a FIFO, socket or device): waveplan reads only regular files; remove it or point the config elsewhere`,
          );
        return readFileSync(join(root, path));
      } catch (error) {
        if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
        throw error;
      }
    },
    async holds(path, bytes) {
      return fileHolds(join(root, path), bytes);
    },
    async size(path) {
      const stat = statSync(join(root, path), { throwIfNoEntry: false });
      return stat?.isFile() ? stat.size : undefined;
    },
  };
}

const CHUNK = 1 << 20;

/** Whether `file` holds exactly `bytes`: the size, then 1 MB at a time into one buffer. False when it cannot be read. */
export function fileHolds(file: string, bytes: Uint8Array): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size !== bytes.byteLength) return false;
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, bytes.byteLength));
    for (let at = 0; at < bytes.byteLength;) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.byteLength, bytes.byteLength - at), at);
      if (n <= 0 || Buffer.compare(chunk.subarray(0, n), bytes.subarray(at, at + n)) !== 0) return false;
      at += n;
    }
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
