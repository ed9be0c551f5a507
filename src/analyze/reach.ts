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
  /** chainTo(file)'s length without building it; 0 when `file` is not reached or is a start. */
  chainLength(file: string): number;
  /** A file's number in the graph (shared by every search of one createReach), -1 when the graph does not hold it. */
  indexOf(file: string): number;
  /** chainLength of the file numbered `at` (indexOf). */
  chainLengthAt(at: number): number;
  /** chainTo of the file numbered `at` (indexOf). */
  chainToAt(at: number): string[] | undefined;
  /** True for the `direct` rule: the files between a chain's ends re-export, they do not import (docs/conflicts.md). */
  throughReExports?: boolean;
  /**
   * The names the starts take from the file numbered `at`, by every path (`direct` only): null when
   * one takes the whole module; undefined when not known (then every name counts).
   */
  namesAt?(at: number): ReadonlySet<string> | null | undefined;
}

/**
 * The import graph indexed once for many searches (one per item): files are numbered in sorted
 * order, so a search's visit list sorts numerically into path order, and searches run over typed
 * arrays. Sources and neighbours are visited in sorted order, so ties between equally short
 * chains break the same way on every run.
 */
export function createReach(graph: ImportGraph): (starts: readonly string[]) => Reached {
  const names = new Set<string>(graph.keys());
  for (const tos of graph.values()) for (const to of tos) names.add(to);
  const files = [...names].sort(compareStrings);
  const index = new Map<string, number>();
  for (let i = 0; i < files.length; i++) index.set(files[i], i);
  // Adjacency in one typed array (compressed rows): file i's imports are edges[offsets[i] .. offsets[i + 1]), ascending.
  const offsets = new Int32Array(files.length + 1);
  let total = 0;
  for (let i = 0; i < files.length; i++) {
    offsets[i] = total;
    total += graph.get(files[i])?.size ?? 0;
  }
  offsets[files.length] = total;
  const edges = new Int32Array(total);
  for (let i = 0; i < files.length; i++) {
    const tos = graph.get(files[i]);
    if (!tos) continue;
    let k = offsets[i];
    for (const to of tos) edges[k++] = index.get(to)!;
    edges.subarray(offsets[i], k).sort();
  }
  // One queue for every search (they run one at a time): each file enters a search at most once.
  const queue = new Int32Array(files.length);
  const indexOf = (file: string) => index.get(file) ?? -1;
  return (starts) => {
    // parent: -2 unvisited, -1 a start, else the index it was reached from.
    const parent = new Int32Array(files.length).fill(-2);
    let tail = 0;
    for (const start of [...starts].sort(compareStrings)) {
      const i = index.get(start);
      if (i !== undefined && parent[i] === -2) {
        parent[i] = -1;
        queue[tail++] = i;
      }
    }
    for (let q = 0; q < tail; q++) {
      const from = queue[q];
      for (let k = offsets[from], end = offsets[from + 1]; k < end; k++) {
        const next = edges[k];
        if (parent[next] === -2) {
          parent[next] = from;
          queue[tail++] = next;
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
        return chainToAt(indexOf(file));
      },
      chainToAt,
      chainLength(file) {
        return chainLengthAt(indexOf(file));
      },
      indexOf,
      chainLengthAt,
    };
    function chainToAt(i: number): string[] | undefined {
      if (i < 0 || parent[i] < 0) return undefined;
      const length = chainLengthAt(i);
      const chain = new Array<string>(length);
      for (let at = i, k = length - 1; at >= 0; at = parent[at], k--) chain[k] = files[at];
      return chain;
    }
    function chainLengthAt(i: number): number {
      if (i < 0 || parent[i] < 0) return 0;
      let length = 0;
      for (let at = i; at >= 0; at = parent[at]) length++;
      return length;
    }
  };
}
