import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { compareStrings } from '../order.js';
import type { ImportGraph } from '../types.js';
import { isImportedAsset } from './source-host.js';

/** One followed file as the cold build hands it over: its blob id, its tsconfig, its specifiers and what each resolved to. */
export type CachedFile = [blob: string, project: string, specifiers: string[], resolved: Array<string | null>];

/** What a warm run writes back for a re-scanned file. */
export interface FileUpdate {
  blob: string;
  specifiers: string[];
  resolved: Array<string | null>;
}

/**
 * `.agent/cache/import-graph.cache` in memory: the followed files, in path order, read through
 * accessors. A warm run compares every file's blob id but reads the specifiers and resolutions
 * of the few that changed, so the file keeps them in columns (numbers as one base64 string each,
 * specifiers as one string) that are decoded only when asked for: at 5,000 files a warm run
 * parses a few long strings instead of 40,000 short ones.
 */
export interface GraphCache {
  /** Hash of what every resolution depends on: the file list and the configs TypeScript read. */
  env: string;
  /** The configs behind `env` (tsconfigs, package.json files, pnpm-workspace.yaml). */
  configFiles: string[];
  /** graphDigest of the edges: equal digests, equal graphs. */
  digest: string;
  /** Followed files. */
  size: number;
  path(at: number): string;
  blob(at: number): string;
  project(at: number): string;
  specifiers(at: number): string[];
  /** What each specifier resolved to (null: outside the repo). */
  resolved(at: number): Array<string | null>;
  /** A re-scanned file: its new blob, specifiers and resolutions; the digest follows. Returns whether the graph's edges changed. */
  update(updates: ReadonlyMap<number, FileUpdate>): boolean;
  /** Every update since the cache was created or read, by file index. */
  changes(): ReadonlyMap<number, FileUpdate>;
  /** Updates a journal recorded, with the digest they gave (checked by the journal's checksum, not recomputed). */
  restore(updates: ReadonlyMap<number, FileUpdate>, digest: string): void;
  /** The checksum of the file this cache was read from; undefined for a cold build. */
  source?: string;
  /** The file's bytes when only blob ids changed since it was read (the usual warm run): the other columns as they were. */
  reseal?(): Buffer | undefined;
}

const FORMAT = 'waveplan-import-graph';
// 3: a version-2 cache can lack specifiers preProcessFile misses (`export * as ns from`, imports after a regex with a backtick).
// 4: columns, a digest of the graph, and a checksum.
const VERSION = 4;

/**
 * On disk: a first line `waveplan-import-graph <version> <sha-1 of the rest>`, a line of JSON (the
 * header below), then one line per path, per file's blob id and per specifier, in that order
 * (`\` and newlines escaped). Long text stays out of the JSON, so reading it back unescapes
 * nothing; integers are little- or big-endian as the machine that wrote them.
 */
interface Header {
  endian: string;
  env: string;
  configFiles: string[];
  digest: string;
  projects: string[];
  /** Lines of each section. */
  paths: number;
  specifiers: number;
  /** Per followed file: index into the paths / projects (base64 Int32Array). */
  file: string;
  project: string;
  /** Where each file's specifiers start among the specifier lines (base64 Int32Array, files + 1). */
  start: string;
  /** Per specifier: index into the paths, -1 outside the repo (base64 Int32Array). */
  resolved: string;
}

/** What a cache read back keeps to write itself again when only blob ids changed. */
interface Stored {
  header: Header;
  pathLines: string;
  specifierLines: string;
}

export interface EnvInput {
  /** Every file of the repository, sorted. */
  files: readonly string[];
  /** Blob ids by path. */
  versions: ReadonlyMap<string, string>;
  configFiles: readonly string[];
  /** The root tsconfig option and the waveplan version: a change re-resolves everything. */
  settings: string;
  /** The version of a config file not in `versions` (outside the file list, or deleted); default none. */
  outside?: (file: string) => string;
}

/**
 * Resolutions stay valid while the list of files resolution can land on, the configs they were
 * made with and the settings stay the same; a content change of a source file only needs that
 * file re-scanned. Renaming a queue item (a Markdown file) therefore keeps the cache warm.
 */
export function envKey(input: EnvInput): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}@${VERSION}\0${input.settings}\0`);
  // One update for the file list: thousands of small ones cost more than the hashing.
  hash.update(`${input.files.filter(affectsResolution).join('\0')}\0\0`);
  for (const file of input.configFiles) hash.update(`${file}\0${input.versions.get(file) ?? input.outside?.(file) ?? '-'}\0`);
  return hash.digest('hex');
}

/**
 * Whether a file's presence can change what a specifier resolves to. TypeScript only ever lands
 * on script, declaration (`.d.css.ts` included) and JSON files, and reads `package.json` files;
 * a relative specifier can name a style, an image or a component (isImportedAsset); a folder
 * matters only through the files in it; `pnpm-workspace.yaml` names workspace packages. Other
 * files (Markdown such as queue items, other YAML) cannot.
 */
export function affectsResolution(file: string): boolean {
  return RESOLVABLE.test(file) || isImportedAsset(file) || file === 'pnpm-workspace.yaml';
}

const RESOLVABLE = /\.(?:[cm]?[jt]sx?|json)$/i;

/** The cache of a cold build (files in path order, whatever order they come in). */
export function createGraphCache(input: { env: string; configFiles: string[]; files: Record<string, CachedFile> }): GraphCache {
  const names = Object.keys(input.files).sort(compareStrings);
  const rows = names.map((name) => input.files[name]);
  const cache = columnCache({
    env: input.env,
    configFiles: input.configFiles,
    digest: '',
    size: names.length,
    path: (at) => names[at],
    blob: (at) => rows[at][0],
    project: (at) => rows[at][1],
    specifiers: (at) => rows[at][2],
    resolved: (at) => rows[at][3],
  });
  cache.digest = graphDigest(cache);
  return cache;
}

type Columns = Omit<GraphCache, 'update' | 'reseal' | 'changes' | 'restore'> & { stored?: Stored };

/** Column accessors over plain arrays (a cold build) or decoded columns (a cache read back), with a warm run's updates on top. */
function columnCache(base: Columns): GraphCache {
  const changed = new Map<number, FileUpdate>();
  let onlyBlobs = true;
  const record = (at: number, update: FileUpdate) => {
    if (onlyBlobs && !(sameList(update.specifiers, cache.specifiers(at)) && sameList(update.resolved, cache.resolved(at)))) onlyBlobs = false;
    changed.set(at, update);
  };
  const cache: GraphCache = {
    source: base.source,
    env: base.env,
    configFiles: base.configFiles,
    digest: base.digest,
    size: base.size,
    path: base.path,
    project: base.project,
    blob: (at) => changed.get(at)?.blob ?? base.blob(at),
    specifiers: (at) => changed.get(at)?.specifiers ?? base.specifiers(at),
    resolved: (at) => changed.get(at)?.resolved ?? base.resolved(at),
    update(updates) {
      let edgesChanged = false;
      for (const [at, update] of updates) {
        const before = targetsOf(cache, at).join('\0');
        record(at, update);
        if (targetsOf(cache, at).join('\0') !== before) edgesChanged = true;
      }
      if (edgesChanged) cache.digest = graphDigest(cache);
      return edgesChanged;
    },
    changes: () => changed,
    restore(updates, digest) {
      for (const [at, update] of updates) record(at, update);
      cache.digest = digest;
    },
  };
  const { stored } = base;
  if (stored) {
    cache.reseal = () => {
      if (!onlyBlobs) return undefined;
      const blobs: string[] = [];
      for (let at = 0; at < cache.size; at++) blobs.push(`${cache.blob(at)}\n`);
      return seal({ ...stored.header, digest: cache.digest }, stored.pathLines, blobs.join(''), stored.specifierLines);
    };
  }
  return cache;
}

export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function seal(header: Header, pathLines: string, blobLines: string, specifierLines: string): Buffer {
  const body = Buffer.from(`${JSON.stringify(header)}\n${pathLines}${blobLines}${specifierLines}`);
  return Buffer.concat([Buffer.from(`${FORMAT} ${VERSION} ${createHash('sha1').update(body).digest('hex')}\n`), body]);
}

/**
 * What the analysis sees of the cache: each file's edges (resolved in the repo, not to itself),
 * hashed in path order, for the files `keep` accepts (cachedGraph's). Two caches with the same
 * digest give the same ImportGraph.
 */
export function graphDigest(cache: Pick<GraphCache, 'size' | 'path' | 'resolved'>, keep: (file: string) => boolean = () => true): string {
  const rows: string[] = [];
  for (let at = 0; at < cache.size; at++) if (keep(cache.path(at))) rows.push(`${cache.path(at)}\0${targetsOf(cache, at).join('\0')}\n`);
  rows.sort(compareStrings);
  const hash = createHash('sha256');
  for (const row of rows) hash.update(row);
  return hash.digest('hex');
}

/** A file's edges: the repo files its specifiers resolved to, other than itself, unique and sorted. */
function targetsOf(cache: Pick<GraphCache, 'path' | 'resolved'>, at: number): string[] {
  const self = cache.path(at);
  const out = new Set<string>();
  for (const r of cache.resolved(at)) if (r !== null && r !== self) out.add(r);
  return [...out].sort(compareStrings);
}

/** The graph the cache holds, for the files `keep` accepts. */
export function cachedGraph(cache: GraphCache, keep: (file: string) => boolean): ImportGraph {
  const graph = new Map<string, Set<string>>();
  for (let at = 0; at < cache.size; at++) {
    const file = cache.path(at);
    if (keep(file)) graph.set(file, new Set(targetsOf(cache, at)));
  }
  return graph;
}

export function serializeGraphCache(cache: GraphCache): Buffer {
  const resealed = cache.reseal?.();
  if (resealed !== undefined) return resealed;
  const paths: string[] = [];
  const pathIndex = new Map<string, number>();
  const indexOf = (path: string) => {
    let i = pathIndex.get(path);
    if (i === undefined) {
      pathIndex.set(path, (i = paths.length));
      paths.push(path);
    }
    return i;
  };
  const projects: string[] = [];
  const file = new Int32Array(cache.size);
  const project = new Int32Array(cache.size);
  const start = new Int32Array(cache.size + 1);
  const blobs: string[] = [];
  const specifiers: string[] = [];
  const resolved: number[] = [];
  for (let at = 0; at < cache.size; at++) file[at] = indexOf(cache.path(at));
  for (let at = 0; at < cache.size; at++) {
    let p = projects.indexOf(cache.project(at));
    if (p === -1) p = projects.push(cache.project(at)) - 1;
    project[at] = p;
    blobs.push(`${cache.blob(at)}\n`);
    start[at] = specifiers.length;
    const targets = cache.resolved(at);
    cache.specifiers(at).forEach((s, i) => {
      specifiers.push(`${escape(s)}\n`);
      resolved.push(targets[i] === null ? -1 : indexOf(targets[i]!));
    });
  }
  start[cache.size] = specifiers.length;
  const header: Header = {
    endian: endianness(),
    env: cache.env,
    configFiles: cache.configFiles,
    digest: cache.digest,
    projects,
    paths: paths.length,
    specifiers: specifiers.length,
    file: base64(file),
    project: base64(project),
    start: base64(start),
    resolved: base64(Int32Array.from(resolved)),
  };
  return seal(header, paths.map((path) => `${escape(path)}\n`).join(''), blobs.join(''), specifiers.join(''));
}

/**
 * A cache read back, or undefined when it is corrupt, foreign, from another format version or
 * another byte order: it is then rebuilt, never trusted. The checksum line covers every byte and
 * every index is checked against its table; the strings are decoded when first read.
 */
export function parseGraphCache(bytes: Uint8Array): GraphCache | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const firstLine = buffer.indexOf(10);
  if (firstLine === -1) return undefined;
  const body = buffer.subarray(firstLine + 1);
  const source = createHash('sha1').update(body).digest('hex');
  if (buffer.toString('latin1', 0, firstLine) !== `${FORMAT} ${VERSION} ${source}`) return undefined;
  const text = body.toString('utf8');
  const headerEnd = text.indexOf('\n');
  if (headerEnd === -1) return undefined;
  let header: Partial<Header>;
  try {
    header = JSON.parse(text.slice(0, headerEnd)) as Partial<Header>;
  } catch {
    return undefined;
  }
  const { env, configFiles, digest, projects } = header;
  if (header.endian !== endianness() || typeof env !== 'string' || typeof digest !== 'string' || !isStringArray(configFiles) || !isStringArray(projects)) return undefined;
  const file = int32s(header.file);
  const project = int32s(header.project);
  const start = int32s(header.start);
  const resolved = int32s(header.resolved);
  if (!file || !project || !start || !resolved || !Number.isInteger(header.paths) || header.paths! < 0 || header.specifiers !== resolved.length) return undefined;
  const size = file.length;
  const pathCount = header.paths!;
  // Every line takes at least its newline: larger counts cannot be this file's (and are not allocated for).
  if (pathCount + size + resolved.length > text.length) return undefined;
  if (project.length !== size || start.length !== size + 1 || start[0] !== 0 || start[size] !== resolved.length) return undefined;
  for (let at = 0; at < size; at++) {
    if (file[at] < 0 || file[at] >= pathCount || project[at] < 0 || project[at] >= projects.length || start[at + 1] < start[at]) return undefined;
  }
  for (let i = 0; i < resolved.length; i++) if (resolved[i] < -1 || resolved[i] >= pathCount) return undefined;
  // The sections: where each line starts (one pass, no strings made), then the paths and blob ids as strings.
  const lineStart = new Int32Array(pathCount + size + resolved.length + 1);
  let at = headerEnd + 1;
  for (let line = 0; line < lineStart.length - 1; line++) {
    lineStart[line] = at;
    const end = text.indexOf('\n', at);
    if (end === -1) return undefined;
    at = end + 1;
  }
  if (at !== text.length) return undefined;
  lineStart[lineStart.length - 1] = at;
  const lines = (from: number, to: number) => (from === to ? [] : text.slice(lineStart[from], lineStart[to] - 1).split('\n'));
  const paths = lines(0, pathCount).map(unescape);
  const blobs = lines(pathCount, pathCount + size);
  const first = pathCount + size;
  const stored: Stored = { header: header as Header, pathLines: text.slice(lineStart[0], lineStart[pathCount]), specifierLines: text.slice(lineStart[first]) };
  return columnCache({
    stored,
    source,
    env,
    configFiles,
    digest,
    size,
    path: (at) => paths[file[at]],
    blob: (at) => blobs[at],
    project: (at) => projects[project[at]],
    specifiers: (at) => lines(first + start[at], first + start[at + 1]).map(unescape),
    resolved: (at) => Array.from(resolved.subarray(start[at], start[at + 1]), (r) => (r === -1 ? null : paths[r])),
  });
}

/** Resolution memo key: the same specifier from the same folder, tsconfig and module kind resolves the same way. */
export function memoKey(file: string, project: string, specifier: string): string {
  const slash = file.lastIndexOf('/');
  const kind = /\.[cm][jt]s$/.test(file) ? file.slice(-3, -2) : '';
  return `${project}\0${slash === -1 ? '' : file.slice(0, slash)}\0${kind}\0${specifier}`;
}

function base64(values: Int32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function int32s(value: unknown): Int32Array | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length % 4 !== 0) return undefined;
  // A copy: a pooled Buffer need not sit on a 4-byte boundary.
  return new Int32Array(Uint8Array.from(bytes).buffer);
}

/** A specifier is a string literal: it may hold a newline or a backslash, which the column escapes. */
function escape(specifier: string): string {
  return /[\\\n]/.test(specifier) ? specifier.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : specifier;
}

function unescape(specifier: string): string {
  return specifier.includes('\\') ? specifier.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\')) : specifier;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
