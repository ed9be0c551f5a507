import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { WaveplanError } from '../errors.js';

/** Reads blob contents by id through one long-lived `git cat-file --batch`. */
export interface BlobReader {
  /** The blob's bytes, or undefined when git has no such blob. */
  read(oid: string): Promise<Buffer | undefined>;
  /**
   * The blob an object name such as `HEAD:./path` (path relative to the working directory)
   * names, with its id; undefined when the name resolves to nothing (no HEAD yet, no such
   * path) or to something other than a blob.
   */
  lookup(name: string): Promise<{ oid: string; bytes: Buffer } | undefined>;
  /** End the git process (safe to call more than once). */
  close(): void;
}

interface Pending {
  resolve(value: { oid: string; bytes: Buffer } | undefined): void;
  reject(error: Error): void;
}

/**
 * Requests are answered in order, so a FIFO of pending promises is enough. The process
 * starts on the first read and is unref'd while idle, so a forgotten close() never keeps
 * node alive, yet a pending read always does.
 */
export function blobReader(cwd: string, env: Record<string, string | undefined> = process.env): BlobReader {
  let child: ChildProcessWithoutNullStreams | undefined;
  let buffer: Buffer = Buffer.alloc(0);
  const pending: Pending[] = [];

  const fail = (error: Error) => {
    for (const p of pending.splice(0)) p.reject(error);
  };
  const setActive = (active: boolean) => {
    if (!child) return;
    // Piped stdio streams are net.Sockets at runtime, which can be (un)ref'd.
    for (const handle of [child, child.stdout, child.stdin, child.stderr] as unknown as Array<{ ref(): void; unref(): void }>) {
      if (active) handle.ref();
      else handle.unref();
    }
  };
  const drain = () => {
    while (pending.length > 0) {
      const eol = buffer.indexOf(0x0a);
      if (eol < 0) return;
      const header = buffer.subarray(0, eol).toString('utf8');
      const [oid, type, sizeText] = header.split(' ');
      // `<name> missing` / `<name> ambiguous`; the name itself may contain spaces.
      if (/ (missing|ambiguous)$/.test(header) || sizeText === undefined) {
        buffer = buffer.subarray(eol + 1);
        pending.shift()!.resolve(undefined);
        continue;
      }
      const size = Number(sizeText);
      if (buffer.length < eol + 1 + size + 1) return;
      const body = Buffer.from(buffer.subarray(eol + 1, eol + 1 + size));
      buffer = buffer.subarray(eol + 1 + size + 1);
      pending.shift()!.resolve(type === 'blob' ? { oid, bytes: body } : undefined);
    }
    if (pending.length === 0) setActive(false);
  };
  const start = () => {
    const proc = spawn('git', ['cat-file', '--batch'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      drain();
    });
    proc.on('error', (error) => fail(new WaveplanError(`cannot run git cat-file (${error.message})`, 'GIT')));
    proc.on('close', (code) => {
      if (child === proc) child = undefined;
      fail(new WaveplanError(`git cat-file --batch stopped (exit ${code ?? 'signal'})`, 'GIT'));
    });
    proc.stdin.on('error', () => undefined);
    return proc;
  };

  const request = (name: string) => {
    child ??= start();
    setActive(true);
    return new Promise<{ oid: string; bytes: Buffer } | undefined>((resolve, reject) => {
      pending.push({ resolve, reject });
      child!.stdin.write(`${name}\n`);
    });
  };

  return {
    async read(oid) {
      if (!/^[0-9a-f]{40,64}$/.test(oid)) return undefined;
      return (await request(oid))?.bytes;
    },
    lookup(name) {
      // A name with a newline would split into two requests and desynchronise the answers.
      return /[\n\r]/.test(name) ? Promise.resolve(undefined) : request(name);
    },
    close() {
      if (!child) return;
      const proc = child;
      child = undefined;
      setActive(false);
      proc.stdin.end();
    },
  };
}
