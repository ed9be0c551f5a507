import { compareIds } from '../order.js';
import type { Plan } from '../types.js';

/** How an item of the run ended (or why it never started). */
export type Outcome = 'completed' | 'failed' | 'held' | 'not_started' | 'interrupted' | 'lost';

/** What the runner needs from a plan: the order, the edges, the conflicts. Pure data. */
export interface RunGraph {
  /** Ids to run, in plan order: by wave, then id. */
  order: string[];
  waveOf: Map<string, number>;
  /** For each id to run: the blockers that are not completed yet. */
  blockers: Map<string, string[]>;
  /**
   * For each id to run: the lower ids it conflicts with that run and land first (`edges.after`,
   * docs/plan-file.md#queue-order-among-conflicting-items). It waits for them to end, whatever
   * the outcome: a failed one has landed nothing, so it holds nothing.
   */
  after: Map<string, string[]>;
  /** Ids that may not run at the same time as this one. */
  conflicts: Map<string, Set<string>>;
  /**
   * `order` re-sorted for `--schedule dynamic`: longest estimate-weighted path to the end
   * first (the compiler's critical-path rule, HLFET list scheduling), then plan order.
   * Without waves, starting a short side item before a critical one only delays the end.
   */
  priority: string[];
}

export function runGraph(plan: Plan): RunGraph {
  const order: string[] = [];
  const waveOf = new Map<string, number>();
  for (const wave of [...plan.waves].sort((a, b) => a.index - b.index)) {
    for (const id of [...wave.items].sort(compareIds)) {
      order.push(id);
      waveOf.set(id, wave.index);
    }
  }
  const completed = new Set(plan.items.filter((i) => i.status === 'completed').map((i) => i.id));
  const blockers = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const edge of plan.edges.blocked_by) {
    if (blockers.has(edge.item) && !completed.has(edge.on)) blockers.get(edge.item)!.push(edge.on);
  }
  const after = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const edge of plan.edges.after ?? []) {
    if (after.has(edge.item) && !completed.has(edge.on)) after.get(edge.item)!.push(edge.on);
  }
  const conflicts = new Map<string, Set<string>>(order.map((id) => [id, new Set<string>()]));
  const link = (a: string, b: string) => {
    conflicts.get(a)?.add(b);
    conflicts.get(b)?.add(a);
  };
  for (const c of plan.edges.conflicts) link(c.a, c.b);
  // An item with no known footprint runs alone, unless the reviewed plan put it beside
  // others (compiled with --assume-disjoint): keep to what was reviewed.
  for (const item of plan.items) {
    const wave = waveOf.get(item.id);
    if (!item.unknown_footprint || wave === undefined) continue;
    const sharesWave = order.some((other) => other !== item.id && waveOf.get(other) === wave);
    if (!sharesWave) for (const other of order) if (other !== item.id) link(item.id, other);
  }
  return { order, waveOf, blockers, after, conflicts, priority: byCriticalPath(plan, order, blockers, after) };
}

function byCriticalPath(plan: Plan, order: string[], blockers: Map<string, string[]>, after: Map<string, string[]>): string[] {
  const estimate = new Map(plan.items.map((i) => [i.id, i.estimate]));
  const dependents = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const edges of [blockers, after]) for (const [id, on] of edges) for (const b of on) dependents.get(b)?.push(id);
  const level = new Map<string, number>();
  const visit = (id: string): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    level.set(id, 0); // the plan has no cycles; this only guards against a malformed one
    const value = (estimate.get(id) ?? 1) + Math.max(0, ...(dependents.get(id) ?? []).map(visit));
    level.set(id, value);
    return value;
  };
  const position = new Map(order.map((id, n) => [id, n]));
  return [...order].sort((a, b) => visit(b) - visit(a) || position.get(a)! - position.get(b)!);
}

export type Readiness = { kind: 'ready' } | { kind: 'wait'; on: string[] } | { kind: 'held'; reason: string };

/** Can `id` start, given how the others ended so far? A blocker that did not complete holds it. */
export function readiness(graph: RunGraph, id: string, outcomes: ReadonlyMap<string, Outcome>): Readiness {
  const waiting: string[] = [];
  for (const blocker of graph.blockers.get(id) ?? []) {
    const outcome = outcomes.get(blocker);
    if (outcome === 'completed') continue;
    if (outcome === undefined && graph.waveOf.has(blocker)) waiting.push(blocker);
    else
      return { kind: 'held', reason: `held: blocked by ${blocker}${outcome === 'failed' || outcome === undefined ? '' : ` (${outcome.replace('_', ' ')})`}` };
  }
  for (const first of graph.after.get(id) ?? []) if (!outcomes.has(first) && graph.waveOf.has(first)) waiting.push(first);
  return waiting.length > 0 ? { kind: 'wait', on: waiting } : { kind: 'ready' };
}
