import { createHash } from 'node:crypto';
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
 * of the few that changed, so the file keeps them in columns that are decoded only when asked for
 * (graph-cache-format.ts): at 5,000 files a warm run decodes the paths and blob ids, not the
 * 40,000 specifiers.
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

/** The file's format and version: envKey hashes it, so a new layout starts cold. See graph-cache-format.ts. */
export const CACHE_FORMAT = 'waveplan-import-graph';
// 3: a version-2 cache can lack specifiers preProcessFile misses (`export * as ns from`, imports after a regex with a backtick).
// 4: columns, a digest of the graph, and a checksum.
// 5: integer columns and specifier offsets in binary: a read decodes the paths and blob ids only.
// 6: a file with JSX carries its runtime import (jsx-runtime.ts).
// 7: workspace packages resolve through their exports (node_modules folders exist for TypeScript), the root
//    package is one of them, and a script's imports of modules it declares itself are no edges.
// 8: a JavaScript file importing a repository .d.ts reads the JavaScript it runs instead (noDtsResolution).
// 9: JSDoc imports are kept as type(<specifier>) markers: type references keep a .d.ts a JavaScript import would leave.
export const CACHE_VERSION = 9;

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
  hash.update(`${CACHE_FORMAT}@${CACHE_VERSION}\0${input.settings}\0`);
  // One update for the file list: thousands of small ones cost more than the hashing.
  hash.update(`${input.files.filter(affectsResolution).join('\0')}\0\0`);
  for (const file of input.configFiles) hash.update(`${file}\0${input.versions.get(file) ?? input.outside?.(file) ?? '-'}\0`);
  return hash.digest('hex');
}

/**
 * Whether a file's presence can change what a specifier resolves to. TypeScript only ever lands
 * on script, declaration (`.d.css.ts` included) and JSON files, and reads `package.json` files;
 * a relative specifier can name a style, an image or a component (isImportedAsset); a folder
 * matters only through the files in it; `pnpm-workspace.yaml` and `deno.jsonc` name workspace packages. Other
 * files (Markdown such as queue items, other YAML) cannot.
 */
export function affectsResolution(file: string): boolean {
  return RESOLVABLE.test(file) || isImportedAsset(file) || file === 'pnpm-workspace.yaml' || /(^|\/)deno\.jsonc$/.test(file);
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

/** Writes the file read back again with other blob ids (and the digest that goes with them), its other sections as they were. */
export type Rewrite = (blob: (at: number) => string, digest: string) => Buffer;

type Columns = Omit<GraphCache, 'update' | 'reseal' | 'changes' | 'restore'> & { rewrite?: Rewrite };

/** Column accessors over plain arrays (a cold build) or decoded columns (a cache read back), with a warm run's updates on top. */
export function columnCache(base: Columns): GraphCache {
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
  const { rewrite } = base;
  if (rewrite) cache.reseal = () => (onlyBlobs ? rewrite(cache.blob, cache.digest) : undefined);
  return cache;
}

export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
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

/** Resolution memo key: the same specifier from the same folder, tsconfig and module kind resolves the same way. */
export function memoKey(file: string, project: string, specifier: string): string {
  const slash = file.lastIndexOf('/');
  const kind = /\.[cm][jt]s$/.test(file) ? file.slice(-3, -2) : '';
  return `${project}\0${slash === -1 ? '' : file.slice(0, slash)}\0${kind}\0${specifier}`;
}
