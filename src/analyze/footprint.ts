import picomatch from 'picomatch';
import { compareStrings, uniqueSorted } from '../order.js';
import type { Config, Footprint, FootprintSource, ImportGraph, InferredReason, Item } from '../types.js';
import { setDeclaredReads } from './declared-reads.js';
import { evidenceOf } from './infer/format-inference.js';
import { symbolLookup, type DeclaredSymbol } from './declared-symbols.js';
import { waveplanOwnFiles } from './own-files.js';
import { createReach, type Reached } from './reach.js';
import { dirnameOf, joinRelative } from './source-host.js';

export interface FootprintInput {
  item: Item;
  config: Config;
  /** Every file of the repository (repo-relative, sorted). */
  repoFiles: readonly string[];
  /** Files changed on the item's branch, when it has one. */
  branchFiles?: readonly string[];
  /** The import graph; without it R is only the declared `reads`. */
  graph?: ImportGraph;
  /** The search over `graph` (shared by every item of a queue; see createReach). */
  reach?: (starts: readonly string[]) => Reached;
  /** Glob expansion shared by every item of a queue (see globExpander). */
  expand?: (globs: readonly string[]) => string[];
  /** The symbols each file named in a `path#symbol` entry declares (readSymbolTable); without it such entries write the whole file. */
  symbolTable?: ReadonlyMap<string, readonly DeclaredSymbol[]>;
  /** Inferred from the item's words (only for items that declare nothing; declared footprints win). */
  inference?: {
    entries: ReadonlyArray<{ path: string; kinds?: readonly string[] } & InferredReason>;
    suggestions: ReadonlyArray<{ path: string }>;
    near?: readonly string[];
    nearWhy?: Readonly<Record<string, string>>;
    reads?: readonly string[];
    releases?: { folders: readonly string[] };
  };
}

const GLOB_CHARS = /[*?[\]{}()!]/;
/** Unescaped `(`, `)`, `[`, `]` (replace only: the flag makes test() stateful). */
const BRACKETS = /(?<!\\)[()[\]]/g;
/** What still makes a pattern a glob once its brackets are names. */
const WILDCARDS = /[*?{}]|^!/;

/** Expand globs against the repo's files; a plain path that matches nothing is kept (a file the item will create). */
export function expandGlobs(globs: readonly string[], repoFiles: readonly string[]): string[] {
  return globExpander(repoFiles)(globs);
}

/** The submodule paths a `.gitmodules` file declares (`path = test/wpt`), sorted. */
export function submodulePaths(gitmodules: string | undefined): string[] {
  if (gitmodules === undefined) return [];
  const out = new Set<string>();
  for (const m of gitmodules.matchAll(/^[ \t]*path[ \t]*=[ \t]*"?([^"\r\n]+?)"?[ \t]*\r?$/gm)) out.add(m[1].replace(/\/+$/, ''));
  return [...out].sort(compareStrings);
}

/**
 * A memoised glob expander over one file list. A plain path is a file or a folder (everything
 * under it), looked up without scanning; only real globs are matched against every file. With
 * `readLink` (a listed path's link target, as stored), a path through a link to a folder is
 * expanded where the link leads; with `submodules` (their paths, from `.gitmodules`), a path or
 * glob inside one is the submodule itself.
 */
export function globExpander(
  repoFiles: readonly string[],
  readLink?: (path: string) => string | undefined,
  submodules: readonly string[] = [],
): (globs: readonly string[]) => string[] {
  // The snapshot's list comes sorted: checked in one pass rather than copied and sorted again.
  const sorted = isSorted(repoFiles) ? repoFiles : [...repoFiles].sort(compareStrings);
  const files = new Set(sorted);
  const memo = new Map<string, string[]>();
  const matching = (pattern: string) => {
    const isMatch = picomatch(pattern, { dot: true });
    return sorted.filter((file) => isMatch(file));
  };
  /**
   * A path (or glob) through a committed symbolic link to a folder (`apps/web/shared/x.ts`,
   * apps/web/shared → ../../packages/shared) as the path it leads to (`packages/shared/x.ts`);
   * undefined when it goes through none. A listed file with the path below it can only be a link.
   * Links may chain; one leading out of the repository (or absolute) is not followed.
   */
  const throughLinks = (path: string): string | undefined => {
    if (!readLink) return undefined;
    let current = path;
    for (let hops = 0; hops < 8; hops++) {
      let at = current.indexOf('/');
      while (at > 0 && !files.has(current.slice(0, at))) at = current.indexOf('/', at + 1);
      if (at <= 0) break;
      const target = readLink(current.slice(0, at));
      const to = target === undefined || target.startsWith('/') ? undefined : joinRelative(dirnameOf(current.slice(0, at)), target);
      if (to === undefined) break;
      current = to === '' ? current.slice(at + 1) : `${to}${current.slice(at)}`;
    }
    return current === path ? undefined : current;
  };
  const expandOne = (glob: string): string[] => {
    const linked = throughLinks(glob);
    if (linked !== undefined) return expandOne(linked);
    // Inside a submodule (`test/wpt/**`, `test/wpt/x.js`): git lists none of its files; what the
    // item changes here is the submodule's commit, the path the item bumping it names.
    const submodule = submodules.find((path) => glob.startsWith(`${path}/`));
    if (submodule !== undefined) return [submodule];
    let pattern = glob.endsWith('/') ? `${glob}**` : glob;
    if (GLOB_CHARS.test(pattern)) {
      // Every glob character escaped (`app/\(auth\)/page.tsx`): one file, looked up rather than
      // matched against every file of the repository (what picomatch would find; tested).
      const named = escapedPath(pattern);
      if (named !== undefined && files.has(named)) return [named];
      const found = matching(pattern);
      if (found.length > 0 || !/[()[\]]/.test(pattern)) return found;
      // Nothing matched, and the path has brackets or parentheses: they are names, as in Next.js
      // routes (`app/(dashboard)/[id]/page.tsx`), not a character class or a group.
      const literal = pattern.replace(BRACKETS, (c) => `\\${c}`);
      if (WILDCARDS.test(literal.replace(/\\./g, ''))) return matching(literal);
      pattern = literal.replace(/\\(.)/g, '$1');
    }
    const folder = `${pattern.replace(/\/+$/, '')}/`;
    const inFolder: string[] = files.has(pattern) ? [pattern] : [];
    for (let i = lowerBound(sorted, folder); i < sorted.length && sorted[i].startsWith(folder); i++) inFolder.push(sorted[i]);
    return inFolder.length > 0 ? inFolder : [pattern];
  };
  return (globs) => {
    const out = new Set<string>();
    for (const glob of globs) {
      let hit = memo.get(glob);
      if (!hit) memo.set(glob, (hit = expandOne(glob)));
      for (const f of hit) out.add(f);
    }
    return [...out].sort(compareStrings);
  };
}

/**
 * The path a pattern names when each of its glob characters is escaped with a backslash and no
 * other character is, else undefined (picomatch copies other escapes into its regular
 * expression, where `\\0` is not a 0). On Windows picomatch reads a backslash as a separator.
 */
export function escapedPath(pattern: string): string | undefined {
  if (WINDOWS || !pattern.includes('\\')) return undefined;
  const rest = pattern.replace(ESCAPED_GLOB_CHAR, '');
  if (rest.includes('\\') || GLOB_CHARS.test(rest)) return undefined;
  return pattern.replace(ESCAPED_GLOB_CHAR, (escaped) => escaped[1]);
}

const ESCAPED_GLOB_CHAR = /\\[*?[\]{}()!]/g;

const WINDOWS = process.platform === 'win32';

function isSorted(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) if (compareStrings(values[i - 1], values[i]) > 0) return false;
  return true;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * W: declared files ∪ branch changes ∪ files of named components/resources, never waveplan's
 * own files (queue, plan, caches, runs, lock: see own-files.ts); R: declared
 * `reads` ∪ what W imports, transitively, minus W itself (pure).
 */
export function compileFootprint(input: FootprintInput): Footprint {
  const { item, config, repoFiles } = input;
  const origins = new Map<string, Set<FootprintSource>>();
  const isOwn = waveplanOwnFiles(config);
  const add = (files: Iterable<string>, source: FootprintSource) => {
    for (const file of files) {
      if (isOwn(file)) continue;
      if (!origins.has(file)) origins.set(file, new Set());
      origins.get(file)!.add(source);
    }
  };
  const expand = input.expand ?? globExpander(repoFiles);
  add(expand(item.files), 'declared');
  if (input.branchFiles) add(input.branchFiles, 'branch');
  for (const name of item.resources) add(expand(config.analysis.resources[name] ?? []), 'resource');
  for (const name of item.components) add(expand(config.analysis.components[name] ?? []), 'component');
  const inferred = origins.size === 0 && item.components.length === 0 && item.resources.length === 0 ? input.inference : undefined;
  if (inferred) add(expand(inferred.entries.map((e) => e.path)), 'inferred');
  // A guess is written with the files near it, which the item may change too (docs/inference.md, "Still safe when wrong").
  if (inferred?.near && origins.size > 0) add(inferred.near, 'near');
  const writes = [...origins.keys()].sort(compareStrings);
  const touched = (named: Record<string, string[]>) =>
    Object.keys(named).filter((name) => {
      const isMatch = picomatch(named[name], { dot: true });
      return writes.some((file) => isMatch(file));
    });
  const reach = input.reach ?? (input.graph ? createReach(input.graph) : undefined);
  const reached = reach?.(writes);
  const components = uniqueSorted([...item.components, ...touched(config.analysis.components)]);
  const resources = uniqueSorted([...item.resources, ...touched(config.analysis.resources)]);
  // A doubtful guess also reads its regions, and every guess the hubs (docs/inference.md, "Still safe when wrong").
  const near = inferred?.reads ? expand(inferred.reads).filter((f) => !origins.has(f) && !isOwn(f)) : [];
  const declared = item.reads.length === 0 ? near : near.length === 0 ? expand(item.reads) : uniqueSorted([...expand(item.reads), ...near]);
  // R is listed when first read: conflicts ask the search itself, and at 500 items × 5,000
  // imported files the lists would hold 2.5 million entries that nothing reads.
  let reads: string[] | undefined;
  const footprint: Footprint = {
    id: item.id,
    writes,
    origins: Object.fromEntries(writes.map((file) => [file, [...origins.get(file)!].sort(compareStrings)])),
    get reads() {
      if (!reads) {
        const imported = reached ? reached.imports() : [];
        reads = declared.length === 0 ? imported : uniqueSorted([...declared, ...imported]);
      }
      return reads;
    },
    components,
    resources,
    // Nothing known to be written (no files matched, no branch changes, nothing named).
    unknown: writes.length === 0 && components.length === 0 && resources.length === 0,
    ...(inferred && inferred.entries.length > 0
      ? {
          inferred: Object.fromEntries(
            inferred.entries.map((e) => {
              const evidence = evidenceOf(e.kinds);
              return [e.path, { words: e.words, confidence: e.confidence, ...(evidence ? { evidence } : {}) }];
            }),
          ),
        }
      : {}),
    ...(inferred && writes.length === 0 && inferred.suggestions.length > 0 ? { suggestedFiles: inferred.suggestions.map((s) => s.path) } : {}),
    ...(inferred?.releases && writes.length > 0 ? { releases: [...inferred.releases.folders] } : {}),
  };
  // Why each file only near the guess is near, for explain (docs/inference.md, "Still safe when wrong").
  const nearWhy = inferred?.nearWhy ? writes.filter((f) => origins.get(f)!.size === 1 && origins.get(f)!.has('near') && inferred.nearWhy![f]) : [];
  if (nearWhy.length > 0) footprint.nearWhy = Object.fromEntries(nearWhy.map((f) => [f, inferred!.nearWhy![f]]));
  // A plain entry (`src/**`) that covers a file named with symbols writes it whole.
  const plain = item.symbols ? new Set(expand(item.files.filter((f) => !item.symbols![f]))) : undefined;
  const symbols = symbolWrites(item, footprint.origins, input.symbolTable, plain);
  if (symbols) footprint.symbols = symbols;
  setDeclaredReads(footprint, declared);
  return footprint;
}

/**
 * The files the item writes only in named symbols (docs/conflicts.md#symbol-level-write-sets): a
 * file named with `#symbol` entries only, written by nothing else of the item (its branch, a
 * component, a resource), each symbol found in the file (canonical: a bare member name becomes
 * `Class.member`). A symbol the file does not declare makes it a whole-file write (and a warning,
 * symbolProblems). Undefined when there are none.
 */
export function symbolWrites(
  item: Item,
  origins: Readonly<Record<string, readonly FootprintSource[]>>,
  table: ReadonlyMap<string, readonly DeclaredSymbol[]> | undefined,
  wholeFiles: ReadonlySet<string> = new Set(),
): Footprint['symbols'] {
  if (!item.symbols || !table) return undefined;
  const out: NonNullable<Footprint['symbols']> = {};
  for (const [file, named] of Object.entries(item.symbols)) {
    const from = origins[file];
    const declared = table.get(file);
    if (!from || from.length !== 1 || from[0] !== 'declared' || !declared || wholeFiles.has(file)) continue;
    const lookup = symbolLookup(declared);
    const found = named.map(lookup);
    if (found.some((s) => s === undefined)) continue;
    const symbols = uniqueSorted(found as string[]);
    const exports = uniqueSorted(declared.filter((d) => symbols.includes(d.name)).flatMap((d) => d.exportedAs));
    out[file] = { symbols, exports };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
