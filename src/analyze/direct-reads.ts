import { compareStrings } from '../order.js';
import type { ImportGraph } from '../types.js';
import { compareJoined } from './conflicts.js';
import type { ModuleShape } from './module-shape.js';
import { CHAIN_SEPARATOR } from './import-chains.js';
import type { Reached } from './reach.js';

/** What the `direct` rule reads besides the graph: module shapes and where a file's specifier leads. */
export interface ModuleView {
  /** The shape of a module that was parsed (written files, and modules that re-export); undefined: a leaf. */
  shape(file: string): ModuleShape | undefined;
  /** The repository file `specifier` resolves to from `file`; undefined when unknown or outside. */
  resolve(file: string, specifier: string): string | undefined;
}

/**
 * The `direct` read rule (docs/conflicts.md): what one written file reads, each with its chain
 * (the file first, the modules passed through as re-exporters between, the read file last). A
 * file reads every module it imports directly; where the import names what it takes, it also
 * reads the modules that define those names behind re-exports (`export { x } from`,
 * `export * from`, `export * as ns from`); a namespace import, a side-effect import, `import()`
 * or an edge no import declaration explains (require, assets, JSDoc) takes everything, so every
 * re-export of that module is followed too.
 */
export function directReadsOf(
  file: string,
  graph: ImportGraph,
  view: ModuleView,
  exports: (module: string) => ReadonlySet<string> | undefined = exportedNames(view),
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const targets = graph.get(file);
  if (!targets || targets.size === 0) return out;
  const taken = new Map<string, Set<string> | null>();
  const shape = view.shape(file);
  for (const [specifier, names] of shape?.imports ?? []) {
    const to = view.resolve(file, specifier);
    if (to === undefined || !targets.has(to)) continue;
    const have = taken.get(to);
    if (have === null) continue;
    if (names === null) taken.set(to, null);
    else if (have === undefined) taken.set(to, new Set(names));
    else for (const n of names) have.add(n);
  }
  for (const to of targets) if (!taken.has(to)) taken.set(to, null);
  const keep = (chain: string[]) => {
    const to = chain[chain.length - 1];
    const have = out.get(to);
    if (!have || chain.length < have.length || (chain.length === have.length && compareJoined(chain, have, CHAIN_SEPARATOR) < 0)) out.set(to, chain);
  };
  const seen = new Set<string>();
  const follow = (module: string, names: ReadonlySet<string> | null, path: readonly string[]) => {
    if (path.includes(module)) return;
    const chain = [...path, module];
    keep(chain);
    const s = view.shape(module);
    if (!s) return;
    const key = `${module}\0${names === null ? '*' : [...names].sort(compareStrings).join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    const via = (specifier: string) => view.resolve(module, specifier);
    if (names === null) {
      for (const [, r] of [...s.named].sort(([x], [y]) => compareStrings(x, y))) {
        const to = via(r.specifier);
        if (to !== undefined) follow(to, r.name === null ? null : new Set([r.name]), chain);
      }
      for (const star of s.stars) {
        const to = via(star);
        if (to !== undefined) follow(to, null, chain);
      }
      return;
    }
    for (const name of [...names].sort(compareStrings)) {
      if (s.defines.has(name)) continue;
      const r = s.named.get(name);
      if (r) {
        const to = via(r.specifier);
        if (to !== undefined) follow(to, r.name === null ? null : new Set([r.name]), chain);
        continue;
      }
      // `export *` never passes `default` on; a name found in no star module stays with this one.
      if (name === 'default') continue;
      for (const star of s.stars) {
        const to = via(star);
        if (to !== undefined && (exports(to)?.has(name) ?? true)) follow(to, new Set([name]), chain);
      }
    }
  };
  for (const [to, names] of [...taken].sort(([x], [y]) => compareStrings(x, y))) follow(to, names, [file]);
  out.delete(file);
  return out;
}

/**
 * Every name a module exports (defines, re-exports by name, or passes on through `export *`),
 * memoised per module; undefined for a module not parsed (it may export anything).
 */
export function exportedNames(view: ModuleView): (module: string) => ReadonlySet<string> | undefined {
  const memo = new Map<string, Set<string> | undefined>();
  const of = (module: string, visiting: Set<string>): Set<string> | undefined => {
    if (memo.has(module)) return memo.get(module);
    const s = view.shape(module);
    if (!s) {
      memo.set(module, undefined);
      return undefined;
    }
    const names = new Set<string>([...s.defines, ...s.named.keys()]);
    let complete = true;
    if (!visiting.has(module)) {
      visiting.add(module);
      for (const star of s.stars) {
        const to = view.resolve(module, star);
        if (to === undefined) continue;
        const theirs = of(to, visiting);
        if (theirs === undefined) complete = false;
        else for (const n of theirs) if (n !== 'default') names.add(n);
      }
      visiting.delete(module);
    }
    // A star module not parsed may export anything: the set is then only a lower bound, so `undefined`.
    const result = complete ? names : undefined;
    if (visiting.size === 0) memo.set(module, result);
    return result;
  };
  return (module) => of(module, new Set());
}

/**
 * createReach for the `direct` rule: the same Reached surface, over what each start reads
 * directly (directReadsOf), the shortest chain per read file. Files are numbered as createReach
 * numbers them (sorted graph files), so conflicts.ts numbers a writer's files once.
 */
export function createDirectReach(graph: ImportGraph, view: ModuleView): (starts: readonly string[]) => Reached {
  const names = new Set<string>(graph.keys());
  for (const tos of graph.values()) for (const to of tos) names.add(to);
  const files = [...names].sort(compareStrings);
  const index = new Map<string, number>();
  for (let i = 0; i < files.length; i++) index.set(files[i], i);
  const indexOf = (file: string) => index.get(file) ?? -1;
  const perFile = new Map<string, Map<string, string[]>>();
  const exports = exportedNames(view);
  const readsOf = (file: string) => {
    let found = perFile.get(file);
    if (!found) perFile.set(file, (found = directReadsOf(file, graph, view, exports)));
    return found;
  };
  return (starts) => {
    const isStart = new Set(starts);
    const chains = new Map<number, string[]>();
    for (const start of [...isStart].sort(compareStrings)) {
      for (const [to, chain] of readsOf(start)) {
        if (isStart.has(to)) continue;
        const at = indexOf(to);
        const have = chains.get(at);
        if (!have || chain.length < have.length || (chain.length === have.length && compareJoined(chain, have, CHAIN_SEPARATOR) < 0)) chains.set(at, chain);
      }
    }
    const chainToAt = (at: number) => (at < 0 ? undefined : chains.get(at)?.slice());
    const chainLengthAt = (at: number) => (at < 0 ? 0 : (chains.get(at)?.length ?? 0));
    function imports(): string[];
    function imports(file: string): boolean;
    function imports(file?: string): string[] | boolean {
      if (file !== undefined) return chains.has(indexOf(file));
      return [...chains.keys()].sort((x, y) => x - y).map((at) => files[at]);
    }
    return {
      count: chains.size,
      imports,
      chainTo: (file) => chainToAt(indexOf(file)),
      chainToAt,
      chainLength: (file) => chainLengthAt(indexOf(file)),
      indexOf,
      chainLengthAt,
      throughReExports: true,
    };
  };
}
