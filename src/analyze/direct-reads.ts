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
export function directReadsOf(file: string, graph: ImportGraph, view: ModuleView): Map<string, string[]> {
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
        if (to !== undefined && exportsName(to, name, view, new Set())) follow(to, new Set([name]), chain);
      }
    }
  };
  for (const [to, names] of [...taken].sort(([x], [y]) => compareStrings(x, y))) follow(to, names, [file]);
  out.delete(file);
  return out;
}

/** Whether `module` exports `name` (defines it or re-exports it); a module not parsed may, so it counts. */
function exportsName(module: string, name: string, view: ModuleView, visiting: Set<string>): boolean {
  const s = view.shape(module);
  if (!s) return true;
  if (s.defines.has(name) || s.named.has(name)) return true;
  if (visiting.has(module)) return false;
  visiting.add(module);
  return s.stars.some((star) => {
    const to = view.resolve(module, star);
    return to !== undefined && exportsName(to, name, view, visiting);
  });
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
  const readsOf = (file: string) => {
    let found = perFile.get(file);
    if (!found) perFile.set(file, (found = directReadsOf(file, graph, view)));
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
