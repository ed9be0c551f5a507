import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { cacheDirOf, readCacheText, writeCacheText } from '../io/cache-dir.js';
import type { TreeReader } from '../io/ports.js';
import { BUILD_ID } from '../package-root.js';
import { compareStrings } from '../order.js';
import type { ModuleView } from './direct-reads.js';
import { loadOxcBinding, nativeRelease } from './fast-scan.js';
import { mayReExport, parseModuleShape, type ModuleShape } from './module-shape.js';

export interface ReadModuleViewOptions {
  root: string;
  /** Every item's write set: the files whose imports the `direct` rule reads. */
  writes: Iterable<string>;
  /** What a file imports (the graph's edges, or what its specifiers resolved to). */
  edges: (file: string) => Iterable<string>;
  /** Where a specifier resolved to (the graph's own resolutions); a relative one is matched against the file's edges otherwise. */
  resolve?: (file: string, specifier: string) => string | undefined;
  /** Where texts come from: default the work tree. */
  tree?: TreeReader;
  /** Blob ids by path: a module whose blob the shape cache knows is not read or parsed again. */
  versions?: ReadonlyMap<string, string>;
  /** Cache folder for `module-shapes.json` (default `<root>/.agent/cache`); false: no cache. */
  cacheDir?: string | false;
}

export interface ReadModuleView {
  view: ModuleView;
  /** Files whose shape was read (they decide reads, so the fingerprint hashes them), sorted. */
  files: string[];
  /** Hash of every shape read and of the files found to re-export nothing: with the graph's digest, what the reads depend on. */
  digest: string;
}

/**
 * The module shapes the `direct` rule needs (IO): the written files, what they import when it
 * may re-export, and every module a re-export leads to (an `export *` target always: whether it
 * defines a name decides the chain). Undefined when oxc-parser cannot load here (then the
 * analysis falls back to `transitive`).
 */
export async function readModuleView(options: ReadModuleViewOptions): Promise<ReadModuleView | undefined> {
  const oxc = await loadOxcBinding();
  if (!oxc) return undefined;
  const { edges } = options;
  const resolve = (file: string, specifier: string) => options.resolve?.(file, specifier) ?? guessResolve(file, specifier, edges(file));
  const decoder = new TextDecoder();
  const readText = options.tree
    ? async (file: string) => {
        const bytes = await options.tree!.read(file);
        return bytes === undefined ? undefined : decoder.decode(bytes);
      }
    : // Synchronous: a read through the thread pool costs more than a small module's text.
      (file: string) => {
        try {
          return readFileSync(join(options.root, file), 'utf8');
        } catch {
          return undefined;
        }
      };
  const cacheDir = options.versions === undefined ? false : (options.cacheDir ?? cacheDirOf(options.root));
  const stored = cacheDir === false ? new Map<string, CachedShape>() : readShapeCache(readCacheText(cacheDir, CACHE_FILE));
  const used = new Map<string, CachedShape>();
  const parsed = nativeRelease();
  let fresh = 0;
  /** Modules read this run whose shape (or leaf status) is not the one the cache holds for their path. */
  let reshaped = 0;
  const sameAsStored = (file: string, reExports: boolean, shape: string | null) => {
    const known = stored.get(file);
    return known !== undefined && known.reExports === reExports && known.shape === shape;
  };
  const shapes = new Map<string, ModuleShape>();
  /** Shapes as encodeShape writes them: what the digest hashes. */
  const encoded = new Map<string, string>();
  const leaves = new Set<string>();
  const queued = new Map<string, boolean>();
  const writes = new Set(options.writes);
  let work: Array<{ file: string; must: boolean }> = [];
  const enqueue = (file: string | undefined, must: boolean) => {
    if (file === undefined || !SOURCE.test(file)) return;
    const was = queued.get(file);
    if (was === true || (was === false && !must)) return;
    queued.set(file, must);
    work.push({ file, must });
  };
  const found = (file: string, shape: ModuleShape, text: string) => {
    leaves.delete(file);
    shapes.set(file, shape);
    encoded.set(file, text);
    if (writes.has(file)) for (const to of edges(file)) enqueue(to, false);
    for (const [, r] of shape.named) enqueue(resolve(file, r.specifier), false);
    for (const star of shape.stars) enqueue(resolve(file, star), true);
  };
  for (const file of [...writes].sort(compareStrings)) enqueue(file, true);
  while (work.length > 0) {
    const batch = work;
    work = [];
    // A module the cache knows by its blob id is neither read nor parsed.
    const toRead: Array<{ file: string; must: boolean; blob: string | undefined }> = [];
    for (const { file, must } of batch) {
      if (shapes.has(file)) continue;
      const blob = options.versions?.get(file);
      const known = blob === undefined ? undefined : stored.get(file);
      // As when read: a module that must not be parsed and cannot re-export is a leaf, whatever an earlier run parsed it for.
      if (known && known.blob === blob && !must && !known.reExports) {
        used.set(file, known);
        leaves.add(file);
      } else if (known && known.blob === blob && known.shape !== null) {
        used.set(file, known);
        found(file, decodeShape(known.shape), known.shape);
      } else toRead.push({ file, must, blob });
    }
    const texts = await Promise.all(toRead.map(({ file }) => readText(file)));
    for (let k = 0; k < toRead.length; k++) {
      const { file, must, blob } = toRead[k];
      const text = texts[k];
      if (text === undefined || shapes.has(file)) continue;
      const reExports = mayReExport(text);
      if (!must && !reExports) {
        leaves.add(file);
        if (blob !== undefined) used.set(file, { blob, reExports, shape: null });
        fresh++;
        if (!sameAsStored(file, reExports, null)) reshaped++;
        continue;
      }
      const shape = parseModuleShape(oxc, text, file);
      await parsed.after(text);
      const json = encodeShape(shape);
      if (blob !== undefined) used.set(file, { blob, reExports, shape: json });
      fresh++;
      if (!sameAsStored(file, reExports, json)) reshaped++;
      found(file, shape, json);
    }
  }
  // A module edited without changing its shape (the usual edit) leaves the cache as it was: the
  // next run parses it again (a millisecond), where rewriting the whole cache costs tens (600 KB
  // on payload). Past a few such modules the cache is rewritten after all.
  const rewrite = reshaped > 0 || fresh > STALE_BLOBS || used.size !== stored.size;
  if (cacheDir !== false && rewrite) await writeCacheText(cacheDir, CACHE_FILE, writeShapeCache(used));
  const files = [...shapes.keys()].sort(compareStrings);
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0${encoded.get(file)!}\n`);
  for (const file of [...leaves].sort(compareStrings)) hash.update(`leaf ${file}\n`);
  return { view: { shape: (file) => shapes.get(file), resolve }, files, digest: hash.digest('hex') };
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

/** Modules whose cached shape may stand under an old blob id before the cache is rewritten. */
const STALE_BLOBS = 8;

/** The module shape cache (`module-shapes.json`): by path, the blob it was read from, whether its text may re-export, its shape (null: a leaf not parsed). */
const CACHE_FILE = 'module-shapes.json';
const CACHE_FORMAT = 'waveplan-module-shapes 1';

interface CachedShape {
  blob: string;
  reExports: boolean;
  shape: string | null;
}

function readShapeCache(text: string | undefined): Map<string, CachedShape> {
  const out = new Map<string, CachedShape>();
  if (text === undefined) return out;
  try {
    const data = JSON.parse(text) as { format?: unknown; build?: unknown; entries?: unknown };
    // Another build may parse differently: its shapes are not trusted.
    if (data.format !== CACHE_FORMAT || data.build !== BUILD_ID || typeof data.entries !== 'object' || data.entries === null) return out;
    for (const [file, entry] of Object.entries(data.entries as Record<string, unknown>)) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'boolean' || (entry[2] !== null && typeof entry[2] !== 'string'))
        continue;
      out.set(file, { blob: entry[0], reExports: entry[1], shape: entry[2] as string | null });
    }
  } catch {
    // A corrupt cache is ignored and rebuilt.
  }
  return out;
}

function writeShapeCache(entries: ReadonlyMap<string, CachedShape>): string {
  const sorted = [...entries].sort(([x], [y]) => compareStrings(x, y));
  return `${JSON.stringify({ format: CACHE_FORMAT, build: BUILD_ID, entries: Object.fromEntries(sorted.map(([file, e]) => [file, [e.blob, e.reExports, e.shape]])) })}\n`;
}

/** A shape as JSON, in a fixed order (its text is what the digest hashes). */
export function encodeShape(s: ModuleShape): string {
  return JSON.stringify({
    i: [...s.imports],
    d: [...s.defines].sort(compareStrings),
    n: [...s.named].map(([name, r]) => [name, r.specifier, r.name]),
    s: s.stars,
  });
}

export function decodeShape(text: string): ModuleShape {
  const data = JSON.parse(text) as { i: Array<[string, string[] | null]>; d: string[]; n: Array<[string, string, string | null]>; s: string[] };
  return {
    imports: new Map(data.i),
    defines: new Set(data.d),
    named: new Map(data.n.map(([name, specifier, from]) => [name, { specifier, name: from }])),
    stars: data.s,
  };
}

/**
 * A relative specifier matched against the file's edges (when the graph came without its
 * resolutions): `../lib` is `src/lib.ts` or `src/lib/index.ts`, `./money.js` is `money.ts`.
 */
export function guessResolve(file: string, specifier: string, edges: Iterable<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\/$/, '');
  const stem = (path: string) => path.replace(/\.[^./]+$/, '');
  const wanted = [base, stem(base), `${base}/index`];
  const found = [...edges].filter((to) => wanted.includes(stem(to)) || wanted.includes(to)).sort(compareStrings);
  return found[0];
}
