import { roundEstimate, type Problem } from './problem.js';

/**
 * tail[i]: the longest estimate-weighted path from i to the end of the BlockedBy
 * graph, i's own estimate included (the classic critical-path "bottom level").
 */
export function tailLengths(p: Problem): number[] {
  const tail = new Array<number>(p.n).fill(-1);
  const order = topologicalOrder(p);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    let longest = 0;
    for (const d of p.dependents[i]) longest = Math.max(longest, tail[d]);
    tail[i] = roundEstimate(p.est[i] + longest);
  }
  return tail;
}

/** Blockers before dependents; ties in index (id) order. Cycles are rejected by the queue checks. */
export function topologicalOrder(p: Problem): number[] {
  const waiting = p.blockers.map((b) => b.length);
  const ready: number[] = [];
  for (let i = 0; i < p.n; i++) if (waiting[i] === 0) ready.push(i);
  const order: number[] = [];
  for (let k = 0; k < ready.length; k++) {
    const i = ready[k];
    order.push(i);
    for (const d of p.dependents[i]) if (--waiting[d] === 0) ready.push(d);
  }
  return order;
}

/** The critical path: from the item with the longest tail, follow the dependent with the longest tail (ties: lower id). */
export function criticalPath(p: Problem, tail: readonly number[]): { items: number[]; length: number } {
  if (p.n === 0) return { items: [], length: 0 };
  let start = 0;
  for (let i = 1; i < p.n; i++) if (tail[i] > tail[start]) start = i;
  const items = [start];
  for (let i = start; p.dependents[i].length > 0;) {
    let next = -1;
    for (const d of p.dependents[i]) if (next < 0 || tail[d] > tail[next] || (tail[d] === tail[next] && d < next)) next = d;
    items.push(next);
    i = next;
  }
  return { items, length: tail[start] };
}
