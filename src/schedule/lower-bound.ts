import { roundEstimate, type Problem } from './problem.js';

/** The three terms of the lower bound (docs/plan-file.md), and the largest. */
export interface LowerBound {
  /** The longest estimate-weighted BlockedBy chain: its items run one after another. */
  critical_path: number;
  /**
   * The capacity term. With the estimates sorted longest first (e₁ ≥ e₂ ≥ …) and c the
   * most items a wave may hold, some wave holds e₁, the next-longest wave is at least
   * e₍c+1₎, and so on: Σₖ e₍k·c+1₎. This is never below Σestimate / max_parallel, and
   * equal to it when all estimates are equal.
   */
  capacity: number;
  /**
   * A set of mutually conflicting items, found greedily (a weighted clique): each needs
   * a wave of its own, so the makespan is at least the sum of their estimates. Running
   * items are left out, since they may share the first wave.
   */
  conflicts: number;
  conflict_set: number[];
  value: number;
}

export function lowerBound(p: Problem, criticalPathLength: number): LowerBound {
  const clique = greedyClique(p);
  const conflicts = roundEstimate(clique.reduce((sum, i) => sum + p.est[i], 0));
  const capacity = capacityBound(p);
  return { critical_path: criticalPathLength, capacity, conflicts, conflict_set: clique, value: Math.max(criticalPathLength, capacity, conflicts) };
}

function capacityBound(p: Problem): number {
  const running = p.running.filter(Boolean).length;
  // The first wave holds every running item even past the cap.
  const c = Math.max(p.cap, running);
  const sorted = p.est.slice().sort((a, b) => b - a);
  let sum = 0;
  for (let k = 0; k < sorted.length; k += c) sum += sorted[k];
  return roundEstimate(sum);
}

/**
 * Seeds the heaviest items; from each, adds the heaviest candidate adjacent to every member. Ties:
 * degree, then id. A seed whose neighbours together weigh no more than the best clique so far
 * cannot beat it and is skipped: on a dense conflict graph (500 items all conflicting) the first
 * seed's clique is everything, and the other 199 searches were most of the scheduler's time.
 */
function greedyClique(p: Problem): number[] {
  const pool = [...Array(p.n).keys()].filter((i) => !p.running[i] && p.degree[i] > 0);
  const rank = (a: number, b: number) => p.est[b] - p.est[a] || p.degree[b] - p.degree[a] || a - b;
  pool.sort(rank);
  let best: number[] = [];
  let bestWeight = 0;
  for (const seed of pool.slice(0, 200)) {
    let candidates = pool.filter((j) => j !== seed && p.adj[seed * p.n + j]);
    const bound = roundEstimate(candidates.reduce((sum, i) => sum + p.est[i], p.est[seed]));
    if (bound <= bestWeight) continue;
    const clique = [seed];
    while (candidates.length > 0) {
      const next = candidates[0];
      clique.push(next);
      candidates = candidates.filter((j) => j !== next && p.adj[next * p.n + j]);
    }
    // Rounded as estimates are (to 1e-6), so float dust never decides between two cliques.
    const weight = roundEstimate(clique.reduce((sum, i) => sum + p.est[i], 0));
    if (weight > bestWeight) {
      best = clique;
      bestWeight = weight;
    }
  }
  return best.sort((a, b) => a - b);
}
