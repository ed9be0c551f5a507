import { compareIds } from '../order.js';
import { PRIORITIES, type Priority } from '../types.js';

/** One item the scheduler places (pending or in_progress, not held). */
export interface ScheduleItem {
  id: string;
  estimate: number;
  priority: Priority;
  /** in_progress: already running, so it keeps a slot in the first wave. */
  isRunning: boolean;
  /** Blockers among the scheduled items (completed ones are already satisfied). */
  blockedBy: readonly string[];
  /** No known write set: runs alone. */
  isAlone: boolean;
}

/**
 * The scheduler's working form: items as indices in id order, conflicts as a
 * bit matrix, so the hot loops do no string work.
 */
export interface Problem {
  n: number;
  ids: string[];
  est: number[];
  prio: number[];
  running: boolean[];
  blockers: number[][];
  dependents: number[][];
  /** adj[i * n + j] = 1 when i and j may not share a wave. */
  adj: Uint8Array;
  degree: number[];
  cap: number;
}

export function makeProblem(items: readonly ScheduleItem[], conflicts: ReadonlyArray<readonly [string, string]>, cap: number): Problem {
  const sorted = [...items].sort((a, b) => compareIds(a.id, b.id));
  const n = sorted.length;
  const index = new Map(sorted.map((item, i) => [item.id, i]));
  const running = sorted.map((item) => item.isRunning);
  // A running item has started already: its own blockers no longer order it.
  const blockers = sorted.map((item) =>
    item.isRunning ? [] : [...new Set(item.blockedBy.map((id) => index.get(id)).filter((i): i is number => i !== undefined))].sort((a, b) => a - b),
  );
  const dependents: number[][] = sorted.map(() => []);
  blockers.forEach((list, i) => list.forEach((b) => dependents[b].push(i)));
  const adj = new Uint8Array(n * n);
  const link = (i: number, j: number) => {
    if (i === j) return;
    adj[i * n + j] = 1;
    adj[j * n + i] = 1;
  };
  for (const [a, b] of conflicts) {
    const i = index.get(a);
    const j = index.get(b);
    if (i !== undefined && j !== undefined) link(i, j);
  }
  sorted.forEach((item, i) => {
    if (item.isAlone) for (let j = 0; j < n; j++) link(i, j);
  });
  const degree = sorted.map((_, i) => {
    let d = 0;
    for (let j = 0; j < n; j++) d += adj[i * n + j];
    return d;
  });
  return {
    n,
    ids: sorted.map((item) => item.id),
    est: sorted.map((item) => item.estimate),
    prio: sorted.map((item) => PRIORITIES.indexOf(item.priority)),
    running,
    blockers,
    dependents,
    adj,
    degree,
    cap: Math.max(1, cap),
  };
}

/** Running items share the first wave whatever they conflict with: they have started. */
export function mayShare(p: Problem, i: number, j: number): boolean {
  return p.adj[i * p.n + j] === 0 || (p.running[i] && p.running[j]);
}

/** Σ over waves of the wave's longest estimate. */
export function makespanOf(p: Problem, waveOf: readonly number[]): number {
  const longest: number[] = [];
  for (let i = 0; i < p.n; i++) longest[waveOf[i]] = Math.max(longest[waveOf[i]] ?? 0, p.est[i]);
  return roundEstimate(longest.reduce((sum, x) => sum + (x ?? 0), 0));
}

/** Estimates may be fractions: keep sums free of float dust (0.1 + 0.2). */
export function roundEstimate(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Waves as sorted index lists, empty waves dropped, in wave order. */
export function wavesOf(p: Problem, waveOf: readonly number[]): number[][] {
  const waves: number[][] = [];
  for (let i = 0; i < p.n; i++) (waves[waveOf[i]] ??= []).push(i);
  return waves.filter((w) => w && w.length > 0);
}
