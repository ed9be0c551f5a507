import { compareStrings } from '../order.js';
import type { ImportGraph } from '../types.js';
import type { ModuleShape } from './module-shape.js';
import type { Reached } from './reach.js';

/** What the `direct` rule reads besides the graph: module shapes and where a file's specifier leads. */
export interface ModuleView {
  /** The shape of a module that was parsed (written files, and modules that re-export); undefined: a leaf. */
  shape(file: string): ModuleShape | undefined;
  /** The repository file `specifier` resolves to from `file`; undefined when unknown or outside. */
  resolve(file: string, specifier: string): string | undefined;
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

/** One module's expansion for one set of imported names: each module read (the module itself first), the node of its chain, and the names taken from each. */
interface Expansion {
  targets: Int32Array;
  nodes: Int32Array;
  taken: ReadonlyMap<number, ReadonlySet<string> | null>;
}

/**
 * createReach for the `direct` rule (docs/conflicts.md): what each start reads directly, with the
 * shortest chain per read file (the start first, the modules passed through as re-exporters
 * between, the read file last). A file reads every module it imports directly; where the import
 * names what it takes, it also reads the modules that define those names behind re-exports
 * (`export { x } from`, `export * from`, `export * as ns from`); a namespace import, a side-effect
 * import, `import()` or an edge no import declaration explains (require, assets, JSDoc) takes
 * everything, so every re-export of that module is followed too.
 *
 * Chains are parent pointers, never arrays: each module's expansion for one set of imported
 * names is searched once (breadth first, so the first chain found to a module is the shortest,
 * and the least in path order of those) and shared by every file that imports it that way; a
 * search for an item only merges the expansions of its files' imports. Files are numbered as
 * createReach numbers them (sorted graph files), so conflicts.ts numbers a writer's files once.
 */
export function createDirectReach(graph: ImportGraph, view: ModuleView): (starts: readonly string[]) => Reached {
  const names = new Set<string>(graph.keys());
  for (const tos of graph.values()) for (const to of tos) names.add(to);
  const files = [...names].sort(compareStrings);
  const index = new Map<string, number>();
  for (let i = 0; i < files.length; i++) index.set(files[i], i);
  const indexOf = (file: string) => index.get(file) ?? -1;
  const exports = exportedNames(view);
  // Every expansion's search tree, in one set of columns: a node's module, its parent node (-1: a root) and depth.
  const nodeFile: number[] = [];
  const nodeParent: number[] = [];
  const nodeDepth: number[] = [];
  const newNode = (file: number, parent: number): number => {
    nodeFile.push(file);
    nodeParent.push(parent);
    nodeDepth.push(parent < 0 ? 0 : nodeDepth[parent] + 1);
    return nodeFile.length - 1;
  };
  /** Modules a node's module re-exports the given names from (null: everything), with the names they pass on; sorted by module. */
  const childrenOf = (file: number, taken: readonly string[] | null): Array<[number, string[] | null]> => {
    const module = files[file];
    const s = view.shape(module);
    if (!s) return [];
    const out = new Map<number, string[] | null>();
    const add = (specifier: string, name: string | null) => {
      const to = view.resolve(module, specifier);
      const at = to === undefined ? undefined : index.get(to);
      if (at === undefined) return;
      const have = out.get(at);
      if (have === null) return;
      if (name === null) out.set(at, null);
      else if (have === undefined) out.set(at, [name]);
      else if (!have.includes(name)) have.push(name);
    };
    if (taken === null) {
      for (const [, r] of s.named) add(r.specifier, r.name);
      for (const star of s.stars) add(star, null);
    } else {
      for (const name of taken) {
        if (s.defines.has(name)) continue;
        const r = s.named.get(name);
        if (r) {
          add(r.specifier, r.name);
          continue;
        }
        // `export *` never passes `default` on; a name found in no star module stays with this one.
        if (name === 'default') continue;
        for (const star of s.stars) {
          const to = view.resolve(module, star);
          if (to !== undefined && (exports(to)?.has(name) ?? true)) add(star, name);
        }
      }
    }
    return [...out].sort(([x], [y]) => x - y).map(([at, n]) => [at, n === null ? null : n.sort(compareStrings)]);
  };
  const onPath = (node: number, file: number) => {
    for (let at = node; at >= 0; at = nodeParent[at]) if (nodeFile[at] === file) return true;
    return false;
  };
  /** A module's expansion for the names taken: each module read (the module itself first) and the node of its chain. */
  const expansions = new Map<string, Expansion>();
  const expansion = (file: number, taken: readonly string[] | null) => {
    const key = `${file}\0${taken === null ? '*' : taken.join('\0')}`;
    let found = expansions.get(key);
    if (found) return found;
    const targets: number[] = [];
    const nodes: number[] = [];
    const reached = new Set<number>();
    // The names taken from each module by any path of this search (null: all of them).
    const takenAt = new Map<number, Set<string> | null>();
    // Names already followed out of a module in this search (null: all of them).
    const done = new Map<number, Set<string> | null>();
    const queue: Array<{ node: number; taken: readonly string[] | null }> = [{ node: newNode(file, -1), taken }];
    for (let q = 0; q < queue.length; q++) {
      const { node, taken: names } = queue[q];
      const at = nodeFile[node];
      const seen = takenAt.get(at);
      if (names === null) takenAt.set(at, null);
      else if (seen === undefined) takenAt.set(at, new Set(names));
      else if (seen !== null) for (const n of names) seen.add(n);
      if (!reached.has(at)) {
        reached.add(at);
        targets.push(at);
        nodes.push(node);
      }
      const had = done.get(at);
      if (had === null) continue;
      let todo = names;
      if (had !== undefined && names !== null) {
        todo = names.filter((n) => !had.has(n));
        if (todo.length === 0) continue;
      }
      if (todo === null) done.set(at, null);
      else {
        const set = had ?? new Set<string>();
        for (const n of todo) set.add(n);
        done.set(at, set);
      }
      for (const [to, passed] of childrenOf(at, todo)) if (!onPath(node, to)) queue.push({ node: newNode(to, node), taken: passed });
    }
    expansions.set(key, (found = { targets: Int32Array.from(targets), nodes: Int32Array.from(nodes), taken: takenAt }));
    return found;
  };
  /** What a file's import declarations take from each module it imports, sorted by module; null: everything. */
  const importsMemo = new Map<number, Expansion[]>();
  const importsOf = (start: number) => {
    let found = importsMemo.get(start);
    if (found) return found;
    const file = files[start];
    const targets = graph.get(file);
    const taken = new Map<number, Set<string> | null>();
    const shape = view.shape(file);
    if (targets && targets.size > 0) {
      for (const [specifier, names] of shape?.imports ?? []) {
        const to = view.resolve(file, specifier);
        if (to === undefined || !targets.has(to)) continue;
        const at = index.get(to)!;
        const have = taken.get(at);
        if (have === null) continue;
        if (names === null) taken.set(at, null);
        else if (have === undefined) taken.set(at, new Set(names));
        else for (const n of names) have.add(n);
      }
      for (const to of targets) {
        const at = index.get(to)!;
        if (!taken.has(at)) taken.set(at, null);
      }
    }
    found = [...taken].sort(([x], [y]) => x - y).map(([at, n]) => expansion(at, n === null ? null : [...n].sort(compareStrings)));
    importsMemo.set(start, found);
    return found;
  };
  // Scratch for one search at a time: the best chain's length (0: none), start and node per file.
  const length = new Int32Array(files.length);
  const startAt = new Int32Array(files.length);
  const nodeAt = new Int32Array(files.length);
  const pathX: number[] = [];
  const pathY: number[] = [];
  const pathOf = (node: number, out: number[]) => {
    out.length = nodeDepth[node] + 1;
    for (let at = node, k = out.length - 1; at >= 0; at = nodeParent[at], k--) out[k] = nodeFile[at];
    return out;
  };
  /** Whether chain (s1, n1) comes before (s2, n2) of the same length, file by file in path order. */
  const before = (s1: number, n1: number, s2: number, n2: number) => {
    if (s1 !== s2) return s1 < s2;
    const x = pathOf(n1, pathX);
    const y = pathOf(n2, pathY);
    for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k] < y[k];
    return false;
  };
  return (starts) => {
    const isStart = new Set<number>();
    for (const start of starts) {
      const at = index.get(start);
      if (at !== undefined) isStart.add(at);
    }
    const touched: number[] = [];
    for (const start of [...isStart].sort((x, y) => x - y)) {
      for (const { targets, nodes } of importsOf(start)) {
        for (let k = 0; k < targets.length; k++) {
          const at = targets[k];
          if (isStart.has(at)) continue;
          const node = nodes[k];
          const len = nodeDepth[node] + 2;
          const have = length[at];
          if (have === 0) touched.push(at);
          else if (len > have || (len === have && !before(start, node, startAt[at], nodeAt[at]))) continue;
          length[at] = len;
          startAt[at] = start;
          nodeAt[at] = node;
        }
      }
    }
    touched.sort((x, y) => x - y);
    const reached = Int32Array.from(touched);
    const lengths = new Int32Array(files.length);
    const chainStart = new Int32Array(reached.length);
    const chainNode = new Int32Array(reached.length);
    for (let k = 0; k < reached.length; k++) {
      const at = reached[k];
      lengths[at] = length[at];
      chainStart[k] = startAt[at];
      chainNode[k] = nodeAt[at];
      length[at] = 0;
    }
    const chainLengthAt = (at: number) => (at < 0 ? 0 : lengths[at]);
    const searched = [...isStart].flatMap(importsOf);
    const namesAt = (at: number): ReadonlySet<string> | null | undefined => {
      if (chainLengthAt(at) === 0) return undefined;
      const out = new Set<string>();
      for (const { taken } of searched) {
        const names = taken.get(at);
        if (names === null) return null;
        if (names) for (const n of names) out.add(n);
      }
      return out;
    };
    const chainToAt = (at: number): string[] | undefined => {
      if (at < 0 || lengths[at] === 0) return undefined;
      let lo = 0;
      let hi = reached.length - 1;
      let k = (lo + hi) >>> 1;
      for (; reached[k] !== at; k = (lo + hi) >>> 1) {
        if (reached[k] < at) lo = k + 1;
        else hi = k - 1;
      }
      const path = pathOf(chainNode[k], []);
      return [files[chainStart[k]], ...path.map((f) => files[f])];
    };
    function imports(): string[];
    function imports(file: string): boolean;
    function imports(file?: string): string[] | boolean {
      if (file !== undefined) return chainLengthAt(indexOf(file)) > 0;
      return Array.from(reached, (at) => files[at]);
    }
    return {
      count: reached.length,
      imports,
      chainTo: (file) => chainToAt(indexOf(file)),
      chainToAt,
      chainLength: (file) => chainLengthAt(indexOf(file)),
      indexOf,
      chainLengthAt,
      throughReExports: true,
      namesAt,
    };
  };
}
