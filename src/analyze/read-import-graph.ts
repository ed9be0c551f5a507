import { cacheDirOf } from '../io/cache-dir.js';
import type { TreeReader } from '../io/ports.js';
import { BUILD_ID } from '../package-root.js';
import type { ImportGraph } from '../types.js';
import { loadFastScanner } from './fast-scan.js';
import { isComponentSource } from './component-scripts.js';
import { graphScan } from './graph-scan.js';
import { cachedGraph, createGraphCache, envKey, graphDigest, memoKey, sameList, type CachedFile, type FileUpdate, type GraphCache } from './graph-cache.js';
import { readGraphCache, writeGraphCache } from './graph-cache-file.js';
import { preloadedSourceHost, unlistedVersion, workTreeSourceHost, type GraphSourceHost } from './read-sources.js';
import { isInNodeModules, isJsSource, isTsSource } from './source-host.js';
import { BACKGROUND_MIN_FILES, readInBackground, type ReadAhead } from '../io/read-in-background.js';

export { workTreeSourceHost };

export interface ReadImportGraphOptions {
  /** Absolute repository root. */
  root: string;
  /** Every file of the repository (repo-relative, sorted): `git ls-files` plus untracked-not-ignored. */
  files: readonly string[];
  /** The root tsconfig (config `analysis.tsconfig`). */
  tsconfig?: string;
  /** Where texts come from: default the work tree; the pre-commit hook passes the index. */
  tree?: TreeReader;
  /** Blob ids by path (the cache keys); default the work tree's (`git ls-files -s` + `git hash-object`). */
  versions?: ReadonlyMap<string, string>;
  /** Cache folder (default `<root>/.agent/cache`); false: no cache. */
  cacheDir?: string | false;
  /** The cache folder's graph cache, when the caller read it already (`readGraphCache(cacheDir)`, while git listed the tree). */
  cached?: { cache: GraphCache | undefined };
}

export interface ReadImportGraphResult {
  /** Built on first use: a run that finds its answer cached by `digest` never needs it. */
  readonly graph: ImportGraph;
  /** Hash of the graph's edges (graphDigest): the same digest, the same graph. */
  digest: string;
  /** The cache's environment (envKey): with `digest`, what every resolution depends on. */
  env: string;
  /** cold: built with TypeScript (specifiers of unchanged files from the cache); warm: from the cache, TypeScript not loaded. */
  mode: 'cold' | 'warm';
  /** Files whose text was scanned for specifiers. */
  scanned: number;
  /** Whether TypeScript was loaded. */
  typescript: boolean;
  /** The repository file `specifier` resolved to from `file` (undefined: outside the repo or never seen). */
  resolve(file: string, specifier: string): string | undefined;
  /** The repository files `file`'s specifiers resolved to, without building the graph. */
  importsOf(file: string): string[];
}

/**
 * The repository's import graph (IO edge), cached by blob id under `.agent/cache/`. Warm
 * (same file list and configs): unchanged files come from the cache, changed ones are re-scanned
 * with oxc-parser and resolved through the cache's resolutions, so TypeScript is loaded only for
 * a specifier never seen before. Otherwise TypeScript resolves everything, re-using the cached
 * specifiers of unchanged files.
 */
export async function readImportGraph(options: ReadImportGraphOptions): Promise<ReadImportGraphResult> {
  const versions =
    options.versions ??
    (options.cacheDir === false ? new Map<string, string>() : (await (await import('../io/git.js')).gitPort(options.root).snapshot()).versions);
  const cacheDir = options.cacheDir ?? cacheDirOf(options.root);
  const cache = cacheDir === false ? undefined : options.cached ? options.cached.cache : await readGraphCache(cacheDir);
  const settings = `${BUILD_ID}\0${options.tsconfig ?? 'tsconfig.json'}`;
  // A config outside the list (an installed or generated tsconfig an `extends` names) is keyed by what the work tree holds.
  const env = (configFiles: readonly string[]) =>
    envKey({ files: options.files, versions, configFiles, settings, outside: (file) => unlistedVersion(options.root, file) });
  if (cache && cache.env === env(cache.configFiles)) {
    const warm = await warmGraph(options, versions, cache);
    if (warm.scanned > 0 && cacheDir !== false) await writeGraphCache(cacheDir, cache);
    return warm;
  }
  const cachedAt = new Map<string, number>();
  for (let at = 0; at < (cache?.size ?? 0); at++) cachedAt.set(cache!.path(at), at);
  const known = (file: string) => {
    const at = cachedAt.get(file);
    return at !== undefined && cache!.blob(at) === versions.get(file) ? cache!.specifiers(at) : undefined;
  };
  const wanted = options.files.filter((f) => isSource(f) && known(f) === undefined);
  // Work-tree sources are read on a worker thread while TypeScript loads here.
  const sources = options.tree ? [] : wanted.filter((f) => !isInNodeModules(f));
  const reading = sources.length >= BACKGROUND_MIN_FILES ? readInBackground(options.root, sources) : undefined;
  const [{ buildImportGraph, checkedScan }, parse] = await Promise.all([import('./import-graph.js'), loadFastScanner()]);
  const readAhead = await reading;
  const host = await (await sourceHost(options, wanted, readAhead)).forResolution();
  let scanned = 0;
  const built = buildImportGraph(host, { tsconfig: options.tsconfig, known, scan: checkedScan(parse) });
  // Every source of the repository (33 MB on payload) is in that buffer: not kept for the rest of the run.
  readAhead?.release();
  const files: Record<string, CachedFile> = {};
  for (const [file, imports] of built.imports) {
    if (known(file) === undefined) scanned++;
    files[file] = [versions.get(file) ?? '', imports.project, imports.specifiers, imports.resolved];
  }
  const fresh = createGraphCache({ env: env(built.configFiles), configFiles: built.configFiles, files });
  if (cacheDir !== false && versions.size > 0) await writeGraphCache(cacheDir, fresh);
  return { graph: built.graph, digest: fresh.digest, env: fresh.env, mode: 'cold', scanned, typescript: true, ...resolverOf(fresh) };
}

/** Same environment: re-scan only files whose blob changed; resolve through the cache's own resolutions. */
async function warmGraph(options: ReadImportGraphOptions, versions: ReadonlyMap<string, string>, cache: GraphCache): Promise<ReadImportGraphResult> {
  const changed: number[] = [];
  for (let at = 0; at < cache.size; at++) {
    const blob = versions.get(cache.path(at));
    if (blob !== undefined && blob !== cache.blob(at)) changed.push(at);
  }
  let typescript = false;
  if (changed.length > 0) {
    const host = await sourceHost(
      options,
      changed.map((at) => cache.path(at)),
    );
    let scan = await loadFastScanner();
    const loadTs = async () => {
      typescript = true;
      return import('./import-graph.js');
    };
    if (!scan) scan = (await loadTs()).scanSpecifiers;
    scan = graphScan(scan);
    const updates = new Map<number, FileUpdate>();
    const rescanned = changed.map((at) => ({ at, specifiers: scan(host.readText(cache.path(at)) ?? '', cache.path(at)) }));
    // A file whose specifiers are the ones it had resolves as it did; the others resolve through
    // what files in their folders resolved (the memo), and TypeScript only past that.
    const fresh = rescanned.filter(({ at, specifiers }) => {
      if (!sameList(specifiers, cache.specifiers(at))) return true;
      updates.set(at, { blob: versions.get(cache.path(at))!, specifiers, resolved: cache.resolved(at) });
      return false;
    });
    if (fresh.length > 0) {
      const folders = new Set(fresh.map(({ at }) => memoKey(cache.path(at), cache.project(at), '')));
      const memo = new Map<string, string | null>();
      for (let at = 0; at < cache.size; at++) {
        const file = cache.path(at);
        const project = cache.project(at);
        if (!folders.has(memoKey(file, project, ''))) continue;
        const resolved = cache.resolved(at);
        cache.specifiers(at).forEach((s, i) => memo.set(memoKey(file, project, s), resolved[i]));
      }
      let resolver: { resolve(specifier: string, file: string): string | undefined } | undefined;
      for (const { at, specifiers } of fresh) {
        const file = cache.path(at);
        const resolved: Array<string | null> = [];
        for (const specifier of specifiers) {
          const key = memoKey(file, cache.project(at), specifier);
          if (!memo.has(key)) {
            resolver ??= (await loadTs()).createResolver(await host.forResolution(), options.tsconfig);
            memo.set(key, resolver.resolve(specifier, file) ?? null);
          }
          resolved.push(memo.get(key)!);
        }
        updates.set(at, { blob: versions.get(file)!, specifiers, resolved });
      }
    }
    cache.update(updates);
  }
  // A file deleted from the work tree but still in the index keeps the file list (and the cache)
  // as it was, but leaves the graph: the digest then covers what the graph holds.
  const keep = (file: string) => versions.has(file);
  let graph: ImportGraph | undefined;
  let everyFile = true;
  for (let at = 0; at < cache.size && everyFile; at++) everyFile = keep(cache.path(at));
  return {
    get graph() {
      return (graph ??= cachedGraph(cache, keep));
    },
    digest: everyFile ? cache.digest : graphDigest(cache, keep),
    env: cache.env,
    mode: 'warm',
    scanned: changed.length,
    typescript,
    ...resolverOf(cache),
  };
}

/** Specifier lookups over the cache's columns: a file's specifiers are decoded when first asked for. */
function resolverOf(cache: GraphCache): Pick<ReadImportGraphResult, 'resolve' | 'importsOf'> {
  let at: Map<string, number> | undefined;
  const byFile = new Map<string, Map<string, string | null>>();
  const of = (file: string) => {
    let mine = byFile.get(file);
    if (!mine) {
      if (!at) {
        at = new Map();
        for (let i = 0; i < cache.size; i++) at.set(cache.path(i), i);
      }
      const i = at.get(file);
      mine = new Map();
      if (i !== undefined) {
        const resolved = cache.resolved(i);
        cache.specifiers(i).forEach((s, k) => mine!.set(s, resolved[k]));
      }
      byFile.set(file, mine);
    }
    return mine;
  };
  return {
    resolve: (file, specifier) => of(file).get(specifier) ?? undefined,
    importsOf: (file) => [...new Set([...of(file).values()].filter((to): to is string => to !== null))],
  };
}

function isSource(file: string): boolean {
  return isTsSource(file) || isJsSource(file) || isComponentSource(file);
}

/** Texts for the graph: lazily from disk, or preloaded from the given tree for the files that will be read. */
async function sourceHost(options: ReadImportGraphOptions, wanted: readonly string[], readAhead?: ReadAhead): Promise<GraphSourceHost> {
  if (!options.tree) {
    const host = workTreeSourceHost(options.root, options.files, readAhead);
    return { ...host, forResolution: async () => host };
  }
  return preloadedSourceHost(options.tree, options.files, wanted, options.root);
}
