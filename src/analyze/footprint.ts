import picomatch from 'picomatch';
import { compareStrings, uniqueSorted } from '../order.js';
import type { Config, Footprint, FootprintSource, ImportGraph, InferredReason, Item } from '../types.js';
import { importClosure } from './import-chains.js';

export interface FootprintInput {
  item: Item;
  config: Config;
  /** Every file of the repository (repo-relative, sorted). */
  repoFiles: readonly string[];
  /** Files changed on the item's branch, when it has one. */
  branchFiles?: readonly string[];
  /** The import graph; without it R is only the declared `reads`. */
  graph?: ImportGraph;
  /** Inferred from the item's words (only for items that declare nothing; declared footprints win). */
  inference?: { entries: ReadonlyArray<{ path: string } & InferredReason>; suggestions: ReadonlyArray<{ path: string }> };
}

const GLOB_CHARS = /[*?[\]{}()!]/;

/** Expand globs against the repo's files; a plain path that matches nothing is kept (a file the item will create). */
export function expandGlobs(globs: readonly string[], repoFiles: readonly string[]): string[] {
  const out = new Set<string>();
  for (const glob of globs) {
    const pattern = glob.endsWith('/') ? `${glob}**` : glob;
    const isMatch = picomatch(pattern, { dot: true });
    const isFolder = picomatch(`${pattern.replace(/\/+$/, '')}/**`, { dot: true });
    let matched = false;
    for (const file of repoFiles) {
      if (isMatch(file) || (!GLOB_CHARS.test(pattern) && isFolder(file))) {
        out.add(file);
        matched = true;
      }
    }
    if (!matched && !GLOB_CHARS.test(pattern)) out.add(pattern);
  }
  return [...out].sort(compareStrings);
}

/**
 * W: declared files ∪ branch changes ∪ files of named components/resources; R: declared
 * `reads` ∪ what W imports, transitively, minus W itself (pure).
 */
export function compileFootprint(input: FootprintInput): Footprint {
  const { item, config, repoFiles } = input;
  const origins = new Map<string, Set<FootprintSource>>();
  const add = (files: Iterable<string>, source: FootprintSource) => {
    for (const file of files) {
      if (!origins.has(file)) origins.set(file, new Set());
      origins.get(file)!.add(source);
    }
  };
  add(expandGlobs(item.files, repoFiles), 'declared');
  if (input.branchFiles) add(input.branchFiles, 'branch');
  for (const name of item.resources) add(expandGlobs(config.analysis.resources[name] ?? [], repoFiles), 'resource');
  for (const name of item.components) add(expandGlobs(config.analysis.components[name] ?? [], repoFiles), 'component');
  const inferred = origins.size === 0 && item.components.length === 0 && item.resources.length === 0 ? input.inference : undefined;
  if (inferred) add(expandGlobs(inferred.entries.map((e) => e.path), repoFiles), 'inferred');
  const writes = [...origins.keys()].sort(compareStrings);
  const touched = (named: Record<string, string[]>) =>
    Object.keys(named).filter((name) => {
      const isMatch = picomatch(named[name], { dot: true });
      return writes.some((file) => isMatch(file));
    });
  const written = new Set(writes);
  const imported = input.graph ? [...importClosure(input.graph, writes)].filter((f) => !written.has(f)) : [];
  const components = uniqueSorted([...item.components, ...touched(config.analysis.components)]);
  const resources = uniqueSorted([...item.resources, ...touched(config.analysis.resources)]);
  return {
    id: item.id,
    writes,
    origins: Object.fromEntries(writes.map((file) => [file, [...origins.get(file)!].sort(compareStrings)])),
    reads: uniqueSorted([...expandGlobs(item.reads, repoFiles), ...imported]),
    components,
    resources,
    // Nothing known to be written (no files matched, no branch changes, nothing named).
    unknown: writes.length === 0 && components.length === 0 && resources.length === 0,
    ...(inferred && inferred.entries.length > 0 ? { inferred: Object.fromEntries(inferred.entries.map((e) => [e.path, { words: e.words, confidence: e.confidence }])) } : {}),
    ...(inferred && writes.length === 0 && inferred.suggestions.length > 0 ? { suggestedFiles: inferred.suggestions.map((s) => s.path) } : {}),
  };
}
