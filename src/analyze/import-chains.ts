import { compareStrings } from '../order.js';
import type { ImportGraph } from '../types.js';

/** Everything `starts` import, transitively (the starts themselves only when some start imports them). */
export function importClosure(graph: ImportGraph, starts: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    for (const next of graph.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** Sorted adjacency, so breadth-first search (and so every chain it reports) is the same on every run. */
export function sortedAdjacency(graph: ImportGraph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [from, tos] of graph) out.set(from, [...tos].sort(compareStrings));
  return out;
}

/**
 * Shortest import chains from a set of files (multi-source breadth-first search):
 * `chainTo(x)` is `[start, …, x]`, or undefined when x is not reachable.
 * Sources and neighbours are visited in sorted order, so ties break the same way every time.
 */
export function shortestChains(adjacency: ReadonlyMap<string, readonly string[]>, starts: Iterable<string>): (target: string) => string[] | undefined {
  const parent = new Map<string, string | null>();
  const queue: string[] = [];
  for (const start of [...starts].sort(compareStrings)) {
    if (!parent.has(start)) {
      parent.set(start, null);
      queue.push(start);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const next of adjacency.get(queue[i]) ?? []) {
      if (!parent.has(next)) {
        parent.set(next, queue[i]);
        queue.push(next);
      }
    }
  }
  return (target) => {
    if (!parent.has(target)) return undefined;
    const chain: string[] = [];
    for (let at: string | null | undefined = target; at != null; at = parent.get(at)) chain.push(at);
    return chain.reverse();
  };
}

/** `src/b.ts → src/x.ts → src/a.ts` (reader first). */
export function formatChain(chain: readonly string[]): string {
  return chain.join(' → ');
}
