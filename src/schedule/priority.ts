import type { Problem } from './problem.js';

/**
 * The priority of docs/plan-file.md, best first: longest tail (critical path), then most conflicts
 * with items still unplaced (hardest to place), then most items it unblocks, then
 * p0..p3, then id (indices are in id order).
 */
export function comparePriority(p: Problem, tail: readonly number[], unplacedConflicts: readonly number[], x: number, y: number): number {
  return tail[y] - tail[x] || unplacedConflicts[y] - unplacedConflicts[x] || p.dependents[y].length - p.dependents[x].length || p.prio[x] - p.prio[y] || x - y;
}
