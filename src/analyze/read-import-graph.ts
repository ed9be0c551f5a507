import { join } from 'node:path';
import type { TreeReader } from '../io/ports.js';
import { PACKAGE_VERSION as version } from '../package-root.js';
import type { ImportGraph } from '../types.js';
import { loadFastScanner } from './fast-scan.js';
import { envKey, memoKey, type CachedFile, type GraphCache } from './graph-cache.js';
import { readGraphCache, writeGraphCache } from './graph-cache-file.js';
import { preloadedSourceHost, workTreeSourceHost } from './read-sources.js';
import { isJsSource, isTsSource, type SourceHost } from './source-host.js';

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
}

export interface ReadImportGraphResult {
  graph: ImportGraph;
  /** cold: built with TypeScript (specifiers of unchanged files from the cache); warm: from the cache, TypeScript not loaded. */
  mode: 'cold' | 'warm';
  /** Files whose text was scanned for specifiers. */
  scanned: number;
  /** Whether TypeScript was loaded. */
  typescript: boolean;
}

/**
 * The repository's import graph (IO edge), cached by blob id under `.agent/cache/`. Warm
 * (same file list and configs): unchanged files come from the cache, changed ones are re-scanned
 * with oxc-parser and resolved through the cache's resolutions, so TypeScript is loaded only for
 * a specifier never seen before. Otherwise TypeScript resolves everything, re-using the cached
 * specifiers of unchanged files.
 */
export async function readImportGraph(options: ReadImportGraphOptions): Promise<ReadImportGraphResult> {
  const versions = options.versions ?? (options.cacheDir === false ? new Map<string, string>() : (await (await import('../io/git.js')).gitPort(options.root).snapshot()).versions);
  const cacheDir = options.cacheDir ?? join(options.root, '.agent', 'cache');
  const cache = cacheDir === false ? undefined : await readGraphCache(cacheDir);
  const settings = `${version}\0${options.tsconfig ?? 'tsconfig.json'}`;
  const env = (configFiles: readonly string[]) => envKey({ files: options.files, versions, configFiles, settings });
  if (cache && cache.env === env(cache.configFiles)) {
    const warm = await warmGraph(options, versions, cache);
    if (warm.changed && cacheDir !== false) await writeGraphCache(cacheDir, cache);
    return warm.result;
  }
  const [{ buildImportGraph, checkedScan }, parse] = await Promise.all([import('./import-graph.js'), loadFastScanner()]);
  const known = (file: string) => {
    const entry = cache?.files[file];
    return entry && entry[0] === versions.get(file) ? entry[2] : undefined;
  };
  const host = await sourceHost(options, options.files.filter((f) => isSource(f) && known(f) === undefined));
  let scanned = 0;
  const built = buildImportGraph(host, { tsconfig: options.tsconfig, known, scan: checkedScan(parse) });
  const files: Record<string, CachedFile> = {};
  for (const [file, imports] of built.imports) {
    if (known(file) === undefined) scanned++;
    files[file] = [versions.get(file) ?? '', imports.project, imports.specifiers, imports.resolved];
  }
  if (cacheDir !== false && versions.size > 0) await writeGraphCache(cacheDir, { env: env(built.configFiles), configFiles: built.configFiles, files });
  return { graph: built.graph, mode: 'cold', scanned, typescript: true };
}

/** Same environment: re-scan only files whose blob changed; resolve through the cache's own resolutions. */
async function warmGraph(options: ReadImportGraphOptions, versions: ReadonlyMap<string, string>, cache: GraphCache) {
  const changed = Object.keys(cache.files).filter((file) => cache.files[file][0] !== versions.get(file) && versions.has(file));
  let typescript = false;
  if (changed.length > 0) {
    // Only resolutions made from the changed files' folders can answer their specifiers.
    const folders = new Set(changed.map((file) => memoKey(file, cache.files[file][1], '')));
    const memo = new Map<string, string | null>();
    for (const [file, [, project, specifiers, resolved]] of Object.entries(cache.files)) {
      if (!folders.has(memoKey(file, project, ''))) continue;
      specifiers.forEach((s, i) => memo.set(memoKey(file, project, s), resolved[i]));
    }
    const host = await sourceHost(options, changed);
    let scan = await loadFastScanner();
    let resolver: { resolve(specifier: string, file: string): string | undefined } | undefined;
    const loadTs = async () => {
      typescript = true;
      return import('./import-graph.js');
    };
    if (!scan) scan = (await loadTs()).scanSpecifiers;
    for (const file of changed) {
      const entry = cache.files[file];
      const specifiers = scan(host.readText(file) ?? '', file);
      const resolved: Array<string | null> = [];
      for (const specifier of specifiers) {
        const key = memoKey(file, entry[1], specifier);
        if (!memo.has(key)) {
          resolver ??= (await loadTs()).createResolver(host.full(), options.tsconfig);
          memo.set(key, resolver.resolve(specifier, file) ?? null);
        }
        resolved.push(memo.get(key)!);
      }
      cache.files[file] = [versions.get(file)!, entry[1], specifiers, resolved];
    }
  }
  const graph = new Map<string, Set<string>>();
  for (const [file, [, , , resolved]] of Object.entries(cache.files)) {
    if (versions.has(file)) graph.set(file, new Set(resolved.filter((r): r is string => r !== null && r !== file)));
  }
  return { changed: changed.length > 0, result: { graph, mode: 'warm' as const, scanned: changed.length, typescript } };
}

function isSource(file: string): boolean {
  return isTsSource(file) || isJsSource(file);
}

/** Texts for the graph: lazily from disk, or preloaded from the given tree for the files that will be read. */
async function sourceHost(options: ReadImportGraphOptions, wanted: readonly string[]): Promise<SourceHost & { full(): SourceHost }> {
  if (!options.tree) {
    const host = workTreeSourceHost(options.root, options.files);
    return { ...host, full: () => host };
  }
  return preloadedSourceHost(options.tree, options.files, wanted);
}
