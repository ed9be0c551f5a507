import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { cacheDirOf, readCacheBytes, readCacheText, writeCacheText } from '../io/cache-dir.js';
import type { TreeReader } from '../io/ports.js';
import { BUILD_ID } from '../package-root.js';
import { compareStrings } from '../order.js';
import type { ModuleView } from './direct-reads.js';
import { loadOxcBinding, nativeRelease, type OxcBinding } from './fast-scan.js';
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
  /**
   * What `edges` and `resolve` give for every file, as one string (the graph cache's environment
   * and digest): with it the view is remembered in `module-view.json` and taken from there while
   * the key, the write sets and every module it read are the same (see readViewMemo).
   */
  graphKey?: string;
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
  const writes = new Set(options.writes);
  const viewKey = cacheDir === false || options.graphKey === undefined ? undefined : viewMemoKey(options.graphKey, writes);
  if (viewKey !== undefined) {
    const memo = readViewMemo(readCacheBytes(cacheDir as string, VIEW_FILE), viewKey);
    const checked = memo && (await checkViewMemo(memo, options.versions!, readText, oxc));
    if (memo && checked) {
      // Modules re-read since (an edit that kept their shape) are remembered under their new blob
      // once they are more than a few; each is parsed again until then.
      if (checked.length > STALE_BLOBS) {
        const now = new Map(checked.map((r) => [r[0], r[1]]));
        memo.records = memo.records.map((r) => (now.has(r[0]) ? [r[0], now.get(r[0])!, r[2], r[3]] : r));
        await writeCacheText(cacheDir as string, VIEW_FILE, viewMemoParts(memo));
      }
      return { view: { shape: memo.shape, resolve }, files: memo.files, digest: memo.digest };
    }
  }
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
  const digest = hash.digest('hex');
  if (viewKey !== undefined) {
    const records: ViewRecord[] = [...queued]
      .sort(([x], [y]) => compareStrings(x, y))
      .map(([file, must]) => [file, options.versions!.get(file) ?? null, must, shapes.has(file) ? sha1(encoded.get(file)!) : leaves.has(file) ? LEAF : UNREAD]);
    const text = Buffer.from(JSON.stringify(Object.fromEntries(files.map((file) => [file, encoded.get(file)!]))));
    await writeCacheText(cacheDir as string, VIEW_FILE, viewMemoParts({ key: viewKey, digest, files, records, shapesText: text }));
  }
  return { view: { shape: (file) => shapes.get(file), resolve }, files, digest };
}

/**
 * `module-view.json`: the last view's digest and files, and every module its search met (the
 * write sets and what their imports and re-exports led to) with the blob id it had, whether it
 * had to be parsed, and what it was: unread (no such file), a leaf (not parsed), or its shape's
 * sha-1. The search is a function of the graph's resolutions (the key), the write sets (the key)
 * and what each module it met is; so while the key is the same and every module met has the blob
 * it had, or is read again and comes out the same (an edit that kept the module's shape, the
 * usual one), the view is that view: a warm plan on payload neither parses the 600 KB shape cache
 * nor decodes ~400 shapes. The shapes themselves follow the head and are parsed only when the
 * view is asked for one (a plan the plan cache does not hold).
 * Layout: `<format> <sha-1 of the head> <sha-1 of the shapes>`, the head (JSON), the shapes (JSON).
 */
const VIEW_FILE = 'module-view.json';
const VIEW_FORMAT = 'waveplan-module-view 4';
const LEAF = 1;
const UNREAD = 0;

/** A module the search met: its path, its blob id then (null: not listed), whether it had to be parsed, and LEAF, UNREAD or its shape's sha-1. */
type ViewRecord = [file: string, blob: string | null, must: boolean, kind: string | typeof LEAF | typeof UNREAD];

interface ViewMemo {
  key: string;
  digest: string;
  files: string[];
  records: ViewRecord[];
  /** The shapes' JSON ({ file: encoded shape }), as written. */
  shapesText: Buffer;
}

function viewMemoKey(graphKey: string, writes: ReadonlySet<string>): string {
  return createHash('sha256')
    .update(`${VIEW_FORMAT}\0${BUILD_ID}\0${graphKey}\0${[...writes].sort(compareStrings).join('\0')}`)
    .digest('hex');
}

function viewMemoParts(memo: ViewMemo): Buffer[] {
  const head = Buffer.from(JSON.stringify({ key: memo.key, digest: memo.digest, files: memo.files, records: memo.records }));
  return [Buffer.from(`${VIEW_FORMAT} ${sha1(head)} ${sha1(memo.shapesText)}\n`), head, Buffer.from('\n'), memo.shapesText];
}

/** The memo for `key`, its shapes decoded when first asked for; undefined when missing, foreign, corrupt or for another key. */
function readViewMemo(bytes: Buffer | undefined, key: string): (ViewMemo & { shape(file: string): ModuleShape | undefined }) | undefined {
  if (bytes === undefined) return undefined;
  const first = bytes.indexOf(10);
  const second = first === -1 ? -1 : bytes.indexOf(10, first + 1);
  if (second === -1) return undefined;
  const [format, version, headSum, shapesSum] = bytes.toString('latin1', 0, first).split(' ');
  const head = bytes.subarray(first + 1, second);
  if (`${format} ${version}` !== VIEW_FORMAT || headSum !== sha1(head)) return undefined;
  let data: { key?: unknown; digest?: unknown; files?: unknown; records?: unknown };
  try {
    data = JSON.parse(head.toString('utf8')) as typeof data;
  } catch {
    return undefined;
  }
  if (data.key !== key || typeof data.digest !== 'string' || !Array.isArray(data.files) || !Array.isArray(data.records)) return undefined;
  const shapesText = bytes.subarray(second + 1);
  let shapes: Record<string, string> | undefined;
  const decoded = new Map<string, ModuleShape>();
  return {
    key,
    digest: data.digest,
    files: data.files as string[],
    records: data.records as ViewRecord[],
    shapesText,
    shape(file) {
      if (!shapes) {
        // Checked when first read: the head was, and a shape that does not hash to its record is never used.
        if (sha1(shapesText) !== shapesSum) throw new Error(`the module view cache is corrupt; delete .agent/cache/${VIEW_FILE}`);
        shapes = JSON.parse(shapesText.toString('utf8')) as Record<string, string>;
      }
      let shape = decoded.get(file);
      if (shape === undefined && Object.hasOwn(shapes, file)) decoded.set(file, (shape = decodeShape(shapes[file])));
      return shape;
    },
  };
}

/**
 * Whether every module the memo's search met is what it was: the same blob id, or read again
 * and found the same. Returns the records of the modules read again (with their blob now), or
 * undefined when one differs.
 */
async function checkViewMemo(
  memo: ViewMemo,
  versions: ReadonlyMap<string, string>,
  readText: (file: string) => string | undefined | Promise<string | undefined>,
  oxc: OxcBinding,
): Promise<ViewRecord[] | undefined> {
  const again: ViewRecord[] = [];
  for (const record of memo.records) {
    if (!Array.isArray(record) || typeof record[0] !== 'string') return undefined;
    const blob = versions.get(record[0]);
    if (blob === undefined || blob !== record[1]) again.push(record);
  }
  for (const [file, , must, kind] of again) {
    const text = await readText(file);
    if (text === undefined) {
      if (kind !== UNREAD) return undefined;
      continue;
    }
    if (kind === UNREAD) return undefined;
    if (!must && !mayReExport(text)) {
      if (kind !== LEAF) return undefined;
      continue;
    }
    if (kind !== sha1(encodeShape(parseModuleShape(oxc, text, file)))) return undefined;
  }
  return again.map(([file, , must, kind]) => [file, versions.get(file) ?? null, must, kind]);
}

function sha1(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

/** Modules whose cached shape may stand under an old blob id before the cache is rewritten. */
const STALE_BLOBS = 8;

/** The module shape cache (`module-shapes.json`): by path, the blob it was read from, whether its text may re-export, its shape (null: a leaf not parsed). */
const CACHE_FILE = 'module-shapes.json';
const CACHE_FORMAT = 'waveplan-module-shapes 4';

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
