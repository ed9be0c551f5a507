import { createHash } from 'node:crypto';
import { compareStrings } from '../order.js';
import type { ImportGraph } from '../types.js';

/** One followed file as the cold build hands it over: its blob id, its tsconfig, its specifiers and what each resolved to. */
export type CachedFile = [blob: string, project: string, specifiers: string[], resolved: Array<string | null>];

/** One followed file as cached: indexes into the cache's `paths` and `projects` tables (-1: resolved outside the repo). */
export type CacheEntry = [path: number, blob: string, project: number, specifiers: string[], resolved: number[]];

/**
 * `.agent/cache/import-graph.json`, in memory as on disk: every path is written once, in a table,
 * and resolutions are indexes into it. A warm run reads it without turning 40,000 resolutions
 * back into strings (at 5,000 files); the graph is built from it only when asked for.
 */
export interface GraphCache {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** Hash of what every resolution depends on: the file list and the configs TypeScript read. */
  env: string;
  /** The configs behind `env` (tsconfigs, package.json files, pnpm-workspace.yaml). */
  configFiles: string[];
  /** graphDigest of the edges: equal digests, equal graphs. */
  digest: string;
  paths: string[];
  projects: string[];
  /** One per followed file, in path order. */
  files: CacheEntry[];
}

const FORMAT = 'waveplan-import-graph';
// 3: a version-2 cache can lack specifiers preProcessFile misses (`export * as ns from`, imports after a regex with a backtick).
// 4: the graph's digest is kept, so a warm run can tell an unchanged graph without building it.
const VERSION = 4;

export interface EnvInput {
  /** Every file of the repository, sorted. */
  files: readonly string[];
  /** Blob ids by path. */
  versions: ReadonlyMap<string, string>;
  configFiles: readonly string[];
  /** The root tsconfig option and the waveplan version: a change re-resolves everything. */
  settings: string;
}

/**
 * Resolutions stay valid while the list of files resolution can land on, the configs they were
 * made with and the settings stay the same; a content change of a source file only needs that
 * file re-scanned. Renaming a queue item (a Markdown file) therefore keeps the cache warm.
 */
export function envKey(input: EnvInput): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}@${VERSION}\0${input.settings}\0`);
  for (const file of input.files) if (affectsResolution(file)) hash.update(`${file}\0`);
  hash.update('\0');
  for (const file of input.configFiles) hash.update(`${file}\0${input.versions.get(file) ?? '-'}\0`);
  return hash.digest('hex');
}

/**
 * Whether a file's presence can change what a specifier resolves to. TypeScript only ever lands
 * on script, declaration (`.d.css.ts` included) and JSON files, and reads `package.json` files;
 * a folder matters only through the files in it; `pnpm-workspace.yaml` names workspace packages.
 * Other files (Markdown, other YAML, images) cannot.
 */
export function affectsResolution(file: string): boolean {
  return RESOLVABLE.test(file) || file === 'pnpm-workspace.yaml';
}

const RESOLVABLE = /\.(?:[cm]?[jt]sx?|json)$/i;

/** The cache of a cold build: tables in path order, so the same graph gives the same bytes. */
export function createGraphCache(input: { env: string; configFiles: string[]; files: Record<string, CachedFile> }): GraphCache {
  const names = Object.keys(input.files).sort(compareStrings);
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
  for (const name of names) indexOf(name);
  const projects: string[] = [];
  const files: CacheEntry[] = names.map((name) => {
    const [blob, project, specifiers, resolved] = input.files[name];
    let p = projects.indexOf(project);
    if (p === -1) p = projects.push(project) - 1;
    return [indexOf(name), blob, p, specifiers, resolved.map((r) => (r === null ? -1 : indexOf(r)))];
  });
  const cache: GraphCache = { format: FORMAT, version: VERSION, env: input.env, configFiles: input.configFiles, digest: '', paths, projects, files };
  cache.digest = graphDigest(cache);
  return cache;
}

/**
 * What the analysis sees of the cache: each file's edges (resolved in the repo, not to itself),
 * hashed in path order. Two caches with the same digest give the same ImportGraph.
 */
export function graphDigest(cache: Pick<GraphCache, 'paths' | 'files'>): string {
  const { paths } = cache;
  const rows = cache.files.map((entry) => `${paths[entry[0]]}\0${targetsOf(cache, entry).join('\0')}\n`).sort(compareStrings);
  const hash = createHash('sha256');
  for (const row of rows) hash.update(row);
  return hash.digest('hex');
}

/** A file's edges: the repo files its specifiers resolved to, other than itself, unique and sorted. */
export function targetsOf(cache: Pick<GraphCache, 'paths'>, entry: CacheEntry): string[] {
  const out = new Set<string>();
  for (const r of entry[4]) if (r !== -1 && r !== entry[0]) out.add(cache.paths[r]);
  return [...out].sort(compareStrings);
}

/** The graph the cache holds, for the files `keep` accepts. */
export function cachedGraph(cache: GraphCache, keep: (file: string) => boolean): ImportGraph {
  const graph = new Map<string, Set<string>>();
  for (const entry of cache.files) {
    const file = cache.paths[entry[0]];
    if (keep(file)) graph.set(file, new Set(targetsOf(cache, entry)));
  }
  return graph;
}

/** A file's specifiers and resolutions as strings (null: outside the repo). */
export function cachedFile(cache: GraphCache, entry: CacheEntry): CachedFile {
  return [entry[1], cache.projects[entry[2]], entry[3], entry[4].map((r) => (r === -1 ? null : cache.paths[r]))];
}

/**
 * Replace what the cache holds for a followed file (warm run: a changed blob); the digest is
 * brought up to date. Returns whether the file's edges changed.
 */
export function updateCachedFiles(cache: GraphCache, updates: ReadonlyMap<number, { blob: string; specifiers: string[]; resolved: Array<string | null> }>): boolean {
  if (updates.size === 0) return false;
  const pathIndex = new Map(cache.paths.map((path, i) => [path, i]));
  const indexOf = (path: string) => {
    let i = pathIndex.get(path);
    if (i === undefined) {
      pathIndex.set(path, (i = cache.paths.length));
      cache.paths.push(path);
    }
    return i;
  };
  let edgesChanged = false;
  for (const [at, update] of updates) {
    const entry = cache.files[at];
    const before = targetsOf(cache, entry).join('\0');
    cache.files[at] = [entry[0], update.blob, entry[2], update.specifiers, update.resolved.map((r) => (r === null ? -1 : indexOf(r)))];
    if (targetsOf(cache, cache.files[at]).join('\0') !== before) edgesChanged = true;
  }
  if (edgesChanged) cache.digest = graphDigest(cache);
  return edgesChanged;
}

/**
 * A cache read back, or undefined when it is corrupt, foreign or from another format version: it
 * is then rebuilt, never trusted. Every index is checked against its table; no strings are made.
 */
export function parseGraphCache(text: string): GraphCache | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.format !== FORMAT || data.version !== VERSION || typeof data.env !== 'string' || typeof data.digest !== 'string') return undefined;
  const { configFiles, paths, projects, files } = data;
  if (!isStringArray(configFiles) || !isStringArray(paths) || !isStringArray(projects) || !Array.isArray(files)) return undefined;
  for (const entry of files as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 5) return undefined;
    const [path, blob, project, specifiers, resolved] = entry as unknown[];
    if (!isIndex(path, paths.length) || typeof blob !== 'string' || !isIndex(project, projects.length) || !isStringArray(specifiers) || !Array.isArray(resolved) || resolved.length !== specifiers.length) return undefined;
    for (const r of resolved as unknown[]) if (r !== -1 && !isIndex(r, paths.length)) return undefined;
  }
  return { format: FORMAT, version: VERSION, env: data.env, configFiles, digest: data.digest, paths, projects, files: files as CacheEntry[] };
}

export function serializeGraphCache(cache: GraphCache): string {
  const { format, version, env, configFiles, digest, paths, projects, files } = cache;
  return JSON.stringify({ format, version, env, configFiles, digest, paths, projects, files });
}

/** Resolution memo key: the same specifier from the same folder, tsconfig and module kind resolves the same way. */
export function memoKey(file: string, project: string, specifier: string): string {
  const slash = file.lastIndexOf('/');
  const kind = /\.[cm][jt]s$/.test(file) ? file.slice(-3, -2) : '';
  return `${project}\0${slash === -1 ? '' : file.slice(0, slash)}\0${kind}\0${specifier}`;
}

function isIndex(value: unknown, length: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
