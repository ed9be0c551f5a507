import { createRequire } from 'node:module';
import type { Worker as WorkerThread } from 'node:worker_threads';

/**
 * The worker's code (CommonJS, given as text so it runs the same from the bundle, from tsc's
 * output and under tsx): read each path into one growing buffer and hand the buffer over with
 * where each file ends (-1 - start for a file that could not be read).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
const { join } = require('node:path');
const { root, paths, limit, largest } = workerData;
let buffer = Buffer.allocUnsafe(1 << 22);
let used = 0;
// Files past the limit, and larger ones, are left unread (-1 - used): the main thread reads them when it needs them.
const ends = new Float64Array(paths.length).fill(-1);
for (let i = 0; i < paths.length && used < limit; i++) {
  const start = used;
  let fd;
  try {
    fd = openSync(join(root, paths[i]), 'r');
    if (fstatSync(fd).size > largest) {
      ends[i] = -1 - used;
      continue;
    }
    for (;;) {
      if (buffer.length - used < 1 << 16) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, used);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, used, buffer.length - used, null);
      if (n === 0) break;
      used += n;
    }
    ends[i] = used;
  } catch {
    used = start;
    ends[i] = -1 - start;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, used);
parentPort.postMessage({ bytes, ends }, [buffer.buffer, ends.buffer]);
// The buffer comes back when the reader is done with it: this thread ends, and its memory with it.
parentPort.once('message', () => process.exit(0));
`;

/** Below this many files a worker costs more to start than the reads it would take over. */
export const BACKGROUND_MIN_FILES = 500;
/** Bytes read ahead at most (~50,000 typical source files): past that, files are read when asked for, as before. */
const LIMIT = 64 << 20;
/**
 * Files larger than this are left to the caller. Reading ahead saves each file's open/read/close
 * on the main thread, which counts for small files; a large one (a bundle, generated code) is
 * mostly bytes to copy, and held in the buffer until the graph is built. On payload 96% of the
 * sources are at most 16 KB and hold 45% of the bytes (docs/benchmarks.md, peak RSS).
 */
const LARGEST = 16 << 10;

/**
 * Texts read ahead: each decoded when first asked for (and not kept), undefined for one not read.
 * `release()` gives the memory back at once (not at V8's next full collection): the texts are
 * then read from disk again, when asked for.
 */
export type ReadAhead = ((path: string) => string | undefined) & { release(): void };

/**
 * Reads `paths` (relative to `root`) on a worker thread, so that a cold plan's ~5,000
 * open/read/close calls run while the main thread does something else (loads TypeScript, ~0.2 s):
 * 0.1–0.2 s sooner at 5,000 files. The bytes arrive in one transferred buffer (64 MB at most) and
 * each file is decoded as UTF-8 when asked for. A file that could not be read, lay past the
 * limit or is larger than `largest` gives undefined (the caller reads it itself, and sees why); the promise gives undefined
 * when the worker cannot run, and then the caller reads as usual.
 */
export function readInBackground(root: string, paths: readonly string[], limit = LIMIT, largest = LARGEST): Promise<ReadAhead | undefined> {
  let worker: WorkerThread;
  try {
    // Loaded here, not on every run's path: a warm plan never starts a worker.
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root, paths, limit, largest } });
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    worker.once('message', ({ bytes, ends }: { bytes: Uint8Array; ends: Float64Array }) => {
      // Now waiting for its buffer back: a reader that never releases it does not keep the process alive.
      worker.unref();
      let buffer: Buffer | undefined = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const spans = new Map<string, number>();
      paths.forEach((path, i) => spans.set(path, i));
      const read = (path: string) => {
        const i = spans.get(path);
        if (buffer === undefined || i === undefined || ends[i] < 0) return undefined;
        const from = i === 0 ? 0 : ends[i - 1] < 0 ? -1 - ends[i - 1] : ends[i - 1];
        return buffer.toString('utf8', from, ends[i]);
      };
      const release = () => {
        if (buffer === undefined) return;
        buffer = undefined;
        // Handed back to the worker, which then exits: its memory is freed with the thread.
        worker.postMessage(bytes.buffer, [bytes.buffer as ArrayBuffer]);
      };
      resolve(Object.assign(read, { release }));
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
