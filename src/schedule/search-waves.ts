import { mayShare, roundEstimate, type Problem } from './problem.js';

/** Largest number of items to run that the exhaustive search takes on. */
export const EXACT_LIMIT = 12;
/** Subsets examined before the search gives up and the improved greedy plan stands. */
export const NODE_BUDGET = 2_000_000;

/**
 * Exhaustive search for the least makespan (≤ EXACT_LIMIT items). Every plan is a
 * sequence of waves, and what can follow depends only on the set already placed,
 * so this is a memoized search over placed-sets (bitmasks): best(S) = min over
 * valid next waves T ⊆ ready(S) of longest(T) + best(S ∪ T), pruned by a
 * branch-and-bound cut on the remaining work. Returns undefined past the node budget.
 */
export function searchWaves(p: Problem, budget = NODE_BUDGET): { waveOf: number[]; makespan: number } | undefined {
  if (p.n > EXACT_LIMIT) return undefined;
  const full = (1 << p.n) - 1;
  const blockMask = p.blockers.map((list) => list.reduce((m, b) => m | (1 << b), 0));
  const conflictMask = Array.from({ length: p.n }, (_, i) => {
    let m = 0;
    for (let j = 0; j < p.n; j++) if (!mayShare(p, i, j)) m |= 1 << j;
    return m;
  });
  const runningMask = p.running.reduce((m, r, i) => (r ? m | (1 << i) : m), 0);
  const memo = new Map<number, { cost: number; next: number }>();
  let nodes = 0;
  let exhausted = false;

  // All valid waves drawn from `candidates` (index order), added to `base`; calls visit(mask, longest).
  const subsets = (candidates: number[], base: number, baseLongest: number, room: number, visit: (mask: number, longest: number) => void) => {
    const walk = (k: number, mask: number, longest: number, size: number) => {
      if (exhausted) return;
      if (k === candidates.length) {
        if (mask !== 0) visit(mask, longest);
        return;
      }
      const i = candidates[k];
      if (size < room && (conflictMask[i] & mask) === 0) walk(k + 1, mask | (1 << i), Math.max(longest, p.est[i]), size + 1);
      walk(k + 1, mask, longest, size);
    };
    walk(0, base, baseLongest, 0);
  };
  const readyOf = (placed: number) => {
    const out: number[] = [];
    for (let i = 0; i < p.n; i++) if (!(placed & (1 << i)) && (blockMask[i] & placed) === blockMask[i]) out.push(i);
    return out;
  };
  const best = (placed: number): number => {
    if (placed === full) return 0;
    const known = memo.get(placed);
    if (known) return known.cost;
    let cost = Infinity;
    let next = 0;
    subsets(readyOf(placed), 0, 0, p.cap, (mask, longest) => {
      if (++nodes > budget) exhausted = true;
      if (exhausted || longest >= cost) return;
      const total = longest + best(placed | mask);
      if (total < cost - 1e-9) {
        cost = total;
        next = mask;
      }
    });
    memo.set(placed, { cost, next });
    return cost;
  };

  let first = 0;
  let total: number;
  if (runningMask === 0) {
    total = best(0);
  } else {
    // The first wave holds every running item, plus whatever fits beside them.
    const running = [...Array(p.n).keys()].filter((i) => p.running[i]);
    const longestRunning = Math.max(...running.map((i) => p.est[i]));
    const others = readyOf(0).filter((i) => !p.running[i] && (conflictMask[i] & runningMask) === 0);
    total = Infinity;
    const consider = (mask: number, longest: number) => {
      if (++nodes > budget) exhausted = true;
      if (exhausted) return;
      const cost = longest + best(mask);
      if (cost < total - 1e-9) {
        total = cost;
        first = mask;
      }
    };
    consider(runningMask, longestRunning);
    subsets(others, runningMask, longestRunning, p.cap - running.length, consider);
  }
  if (exhausted) return undefined;

  const waveOf = new Array<number>(p.n).fill(-1);
  let placed = 0;
  let wave = 0;
  const assign = (mask: number) => {
    for (let i = 0; i < p.n; i++) if (mask & (1 << i)) waveOf[i] = wave;
    placed |= mask;
    wave++;
  };
  if (runningMask !== 0) assign(first);
  while (placed !== full) assign(memo.get(placed)!.next);
  return { waveOf, makespan: roundEstimate(total) };
}
