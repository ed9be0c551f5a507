import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';
import { writeFileAtomicSync } from '../io/atomic-write.js';

/** The TypeScript compiler file ts-morph loads (the CLI bundle's `import { ts } from 'ts-morph'`). */
const COMPILER = '@ts-morph/common/dist/typescript.js';

/**
 * TypeScript for the CLI, compiled from V8's code cache when there is one: a 10 MB file whose
 * compilation, and the compilation of each function a cold plan first calls, are a fifth of a cold
 * plan (~0.2 s of ~0.55 s to load). Node 22 has module.enableCompileCache() (TypeScript 5.7's own
 * tsc turns it on); Node 20 has not, so this does the same for this one file: the cache lives in
 * the machine's temp folder, keyed by the file, its size and time and the Node version, like
 * Node's; V8 checks it and rejects one that does not fit, and then the file compiles as usual
 * and the cache is written again when the process ends (with the functions the run compiled).
 * `WAVEPLAN_COMPILE_CACHE=0` turns it off; an absolute path is the folder to keep it in instead.
 * Each checkout (node_modules path) and TypeScript version has its own ~2.5 MB file: a cache in use
 * is touched once a day, and writing one removes those unused for CACHE_DAYS or beyond CACHE_FILES.
 */
export function loadTypeScript(): unknown {
  const require = createRequire(import.meta.url);
  const file = require.resolve(COMPILER);
  const setting = process.env.WAVEPLAN_COMPILE_CACHE;
  if (setting === '0') return require(file);
  try {
    return loadCached(file, setting && isAbsolute(setting) ? setting : join(tmpdir(), `waveplan-compile-cache-${process.getuid?.() ?? 'user'}`));
  } catch {
    return require(file);
  }
}

function loadCached(file: string, dir: string): unknown {
  const stat = statSync(file);
  const key = createHash('sha256').update(`${file}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 16);
  const cacheFile = join(dir, `typescript-${key}.bin`);
  // Compiled code runs as this user: only from a folder and file no one else owns or can write
  // (a shared temp folder where another user made the folder first is not used at all).
  if (!ownOnly(dir)) throw new Error(`${dir} is not this user's alone`);
  let cachedData: Buffer | undefined;
  try {
    if (ownOnly(cacheFile)) cachedData = readFileSync(cacheFile);
  } catch {
    // None yet: compiled as usual, and cached when the process ends.
  }
  const script = new Script(wrappedSource(file), { filename: file, cachedData });
  const module = { exports: {} as unknown, id: file, filename: file, loaded: false, children: [], paths: [] };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) process.once('beforeExit', () => saveCache(script, dir, cacheFile));
  else keepFresh(cacheFile);
  return module.exports;
}

/** Caches kept in the folder at most, the newest first; and days a cache nobody used is kept. */
export const CACHE_FILES = 8;
export const CACHE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** As Node's CommonJS loader wraps a module. */
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n})'] as const;

/**
 * The file's text inside WRAPPER, read straight into one buffer: TypeScript's 9 MB are ASCII,
 * which decodes as Latin-1 at a copy's cost, where UTF-8 decoding and then joining the wrapper
 * (V8 flattens the joined string before compiling) took ~0.1 s more on this kind of machine.
 */
export function wrappedSource(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const [head, tail] = WRAPPER;
    const buffer = Buffer.allocUnsafe(head.length + size + tail.length);
    let at = buffer.write(head, 0, 'latin1');
    for (let read = -1; read !== 0 && at < head.length + size; at += read) read = readSync(fd, buffer, at, head.length + size - at, null);
    at += buffer.write(tail, at, 'latin1');
    const text = buffer.subarray(0, at);
    return isAscii(text) ? text.toString('latin1') : text.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Whether `path` is missing, or belongs to this user and no one else may write it (always true where there are no uids). */
function ownOnly(path: string): boolean {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return true;
  }
  const uid = process.getuid?.();
  return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
}

/** Written at the end of the run, so it holds every function the run compiled; a cache that cannot be written only costs speed. */
function saveCache(script: Script, dir: string, cacheFile: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileAtomicSync(cacheFile, script.createCachedData(), { mode: 0o600, fsync: false });
    pruneCaches(dir, cacheFile, Date.now());
  } catch {
    // Next run compiles again.
  }
}

/** A cache in use is marked as such once a day (its time), so pruning keeps it. */
function keepFresh(cacheFile: string): void {
  try {
    if (Date.now() - statSync(cacheFile).mtimeMs > DAY_MS) utimesSync(cacheFile, new Date(), new Date());
  } catch {
    // only costs the cache a later rebuild
  }
}

/**
 * The other caches in `dir` that go: unused (not written or touched) for CACHE_DAYS, or older than
 * the CACHE_FILES - 1 newest others; `keep` (just written) always stays. Other checkouts' caches come
 * back by themselves at their next run.
 */
export function pruneCaches(dir: string, keep: string, now: number): void {
  const others = readdirSync(dir)
    .filter((name) => /^typescript-[0-9a-f]{16}\.bin$/.test(name) && join(dir, name) !== keep)
    .map((name) => ({ file: join(dir, name), time: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time || a.file.localeCompare(b.file));
  others.forEach((c, index) => {
    if (index >= CACHE_FILES - 1 || now - c.time > CACHE_DAYS * DAY_MS) rmSync(c.file, { force: true });
  });
}
