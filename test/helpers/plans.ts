import type { Item, Plan, PlanConflict } from '../../src/types.js';

export interface PlanSpec {
  waves: string[][];
  conflicts?: Array<[string, string]>;
  held?: Array<{ item: string; reason: string }>;
  maxParallel?: number;
  level?: Plan['settings']['level'];
}

/** A plan for runner tests: the waves as given, edges from the items' BlockedBy. */
export function makePlan(items: Item[], spec: PlanSpec): Plan {
  const conflicts: PlanConflict[] = (spec.conflicts ?? []).map(([a, b]) => ({ kind: 'file', a, b, evidence: `src/${a}-${b}.ts` }));
  return {
    version: 1,
    fingerprint: 'sha256:test',
    settings: { max_parallel: spec.maxParallel ?? 5, level: spec.level ?? 'L3' },
    items: items.map((i) => ({
      id: i.id,
      file: i.file,
      title: i.title,
      status: i.status,
      priority: i.priority,
      estimate: i.estimate,
      writes: i.files,
      unknown_footprint: false,
    })),
    waves: spec.waves.map((ids, n) => ({ index: n + 1, items: ids, estimate: 1 })),
    edges: { blocked_by: items.flatMap((i) => i.blockedBy.map((on) => ({ item: i.id, on }))), conflicts },
    held: spec.held ?? [],
    critical_path: { items: [], length: 0 },
    stats: { items: items.length, scheduled: spec.waves.flat().length, waves: spec.waves.length, makespan: spec.waves.length, lower_bound: 1, parallelism: 1 },
  };
}
