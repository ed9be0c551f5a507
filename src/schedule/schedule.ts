import { compareIds } from '../order.js';
import type { Priority, Status } from '../types.js';
import { conflictOrder } from './conflict-order.js';
import { criticalPath, tailLengths } from './critical-path.js';
import { holdItems } from './hold-items.js';
import { improveWaves } from './improve-waves.js';
import { lowerBound } from './lower-bound.js';
import { packWaves } from './pack-waves.js';
import { placeWaves } from './place-waves.js';
import { makeProblem, makespanOf, roundEstimate, wavesOf } from './problem.js';
import { searchWaves } from './search-waves.js';

export interface ScheduleInput {
  /** Every item of the queue; only pending and in_progress ones are scheduled. */
  items: ReadonlyArray<{ id: string; status: Status; estimate: number; priority: Priority; blockedBy: readonly string[] }>;
  /** Pairs that may not share a wave (either order). */
  conflicts: ReadonlyArray<readonly [string, string]>;
  /** Items that run alone (unknown footprint, unless --assume-disjoint). */
  alone: ReadonlySet<string>;
  maxParallel: number;
}

export interface Schedule {
  waves: Array<{ items: string[]; estimate: number }>;
  held: Array<{ item: string; reason: string }>;
  /**
   * `item` runs and lands after `on`: they conflict and nothing else orders them, so the lower id
   * goes first (docs/plan-file.md#queue-order-among-conflicting-items). Sorted by item, then on.
   */
  order: Array<{ item: string; on: string }>;
  criticalPath: { items: string[]; length: number };
  makespan: number;
  lowerBound: { critical_path: number; capacity: number; conflicts: number; conflict_set: string[]; value: number };
  /** How the waves were found: exhaustive search, or the better of two constructions improved by local search. */
  method: 'exhaustive' | 'greedy';
}

/** docs/plan-file.md (pure): held items, critical path, waves with the least makespan we can find, and the lower bound. */
export function scheduleItems(input: ScheduleInput): Schedule {
  const heldReasons = holdItems(input.items);
  const toRun = input.items.filter((i) => (i.status === 'pending' || i.status === 'in_progress') && !heldReasons.has(i.id));
  const order = conflictOrder(
    toRun.map((i) => ({ id: i.id, blockedBy: i.blockedBy, isRunning: i.status === 'in_progress' })),
    input.conflicts,
  );
  const orderedAfter = new Map<string, string[]>();
  for (const e of order) orderedAfter.set(e.item, [...(orderedAfter.get(e.item) ?? []), e.on]);
  // The queue order is a precedence like BlockedBy: waves, critical path and bounds all keep it.
  const p = makeProblem(
    toRun.map((i) => ({
      id: i.id,
      estimate: i.estimate,
      priority: i.priority,
      isRunning: i.status === 'in_progress',
      blockedBy: [...i.blockedBy, ...(orderedAfter.get(i.id) ?? [])],
      isAlone: input.alone.has(i.id),
    })),
    input.conflicts,
    input.maxParallel,
  );
  const tail = tailLengths(p);
  const path = criticalPath(p, tail);
  // Two constructions, each improved by local search; the shorter wins, the priority placement on a tie.
  let waveOf = improveWaves(p, placeWaves(p, tail));
  let makespan = makespanOf(p, waveOf);
  const packed = improveWaves(p, packWaves(p, tail));
  const packedMakespan = makespanOf(p, packed);
  if (packedMakespan < makespan - 1e-9) {
    waveOf = packed;
    makespan = packedMakespan;
  }
  let method: Schedule['method'] = 'greedy';
  const exact = searchWaves(p);
  if (exact) {
    method = 'exhaustive';
    // Keep the greedy plan when it is already optimal: it reads in priority order.
    if (exact.makespan < makespan - 1e-9) {
      waveOf = exact.waveOf;
      makespan = exact.makespan;
    }
  }
  const bound = lowerBound(p, path.length);
  return {
    waves: wavesOf(p, waveOf).map((members) => ({ items: members.map((i) => p.ids[i]), estimate: roundEstimate(Math.max(...members.map((i) => p.est[i]))) })),
    order,
    held: [...heldReasons].map(([item, reason]) => ({ item, reason })).sort((a, b) => compareIds(a.item, b.item)),
    criticalPath: { items: path.items.map((i) => p.ids[i]), length: path.length },
    makespan,
    lowerBound: { ...bound, conflict_set: bound.conflict_set.map((i) => p.ids[i]) },
    method,
  };
}
