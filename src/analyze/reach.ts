import { compareStrings } from '../order.js';
import type { ImportGraph } from '../types.js';

/** What a set of written files reaches through imports: one breadth-first search, kept for chains. */
export interface Reached {
  /** How many files are imported (not counting the starts). */
  count: number;
  /** Files imported, transitively, that are not among the starts; sorted. */
  imports(): string[];
  /** True when `file` is imported (transitively) and is not a start. */
  imports(file: string): boolean;
  /** The shortest import chain `[start, …, file]`, or undefined when `file` is not reached or is a start. */
  chainTo(file: string): string[] | undefined;
}

/**
 * The import graph indexed once for many searches (one per item): files are numbered in sorted
 * order, so a search's visit list sorts numerically into path order, and searches run over typed
 * arrays. Sources and neighbours are visited in sorted order, so ties between equally short
 * chains break the same way on every run.
 */
export function createReach(graph: ImportGraph): (starts: readonly string[]) => Reached {
  const names = new Set<string>();
  for (const [from, tos] of graph) {
    names.add(from);
    for (const to of tos) names.add(to);
  }
  const files = [...names].sort(compareStrings);
  const index = new Map(files.map((f, i) => [f, i]));
  const adjacency = files.map((f) => Int32Array.from([...(graph.get(f) ?? [])].map((t) => index.get(t)!).sort((a, b) => a - b)));
  return (starts) => {
    // parent: -2 unvisited, -1 a start, else the index it was reached from.
    const parent = new Int32Array(files.length).fill(-2);
    const queue: number[] = [];
    for (const start of [...starts].sort(compareStrings)) {
      const i = index.get(start);
      if (i !== undefined && parent[i] === -2) {
        parent[i] = -1;
        queue.push(i);
      }
    }
    for (let q = 0; q < queue.length; q++) {
      for (const next of adjacency[queue[q]]) {
        if (parent[next] === -2) {
          parent[next] = queue[q];
          queue.push(next);
        }
      }
    }
    let count = 0;
    for (let i = 0; i < parent.length; i++) if (parent[i] >= 0) count++;
    const isImported = (file: string) => {
      const i = index.get(file);
      return i !== undefined && parent[i] >= 0;
    };
    function imports(): string[];
    function imports(file: string): boolean;
    function imports(file?: string): string[] | boolean {
      if (file !== undefined) return isImported(file);
      const out: string[] = [];
      for (let i = 0; i < files.length; i++) if (parent[i] >= 0) out.push(files[i]);
      return out;
    }
    return {
      count,
      imports,
      chainTo(file) {
        if (!isImported(file)) return undefined;
        const chain: string[] = [];
        for (let at = index.get(file)!; at >= 0; at = parent[at]) chain.push(files[at]);
        return chain.reverse();
      },
    };
  };
}
