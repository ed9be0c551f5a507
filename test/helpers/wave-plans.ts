import { DEFAULT_PRIORITY, type PlanConflict, type Plan, type PlanItem, type Status } from '../../src/types.js';

export interface WavePlanSpec {
  /** Items by wave; ids in the first list form wave 1, and so on. */
  waves: string[][];
  /** Items not in any wave (completed, blocked, held), with their status. */
  others?: Record<string, Status>;
  blockedBy?: Array<[item: string, on: string]>;
  conflicts?: Array<[a: string, b: string]>;
  maxParallel?: number;
  titles?: Record<string, string>;
}

/** A Plan object built inline for pure tests of what consumes plans. */
export function planOf(spec: WavePlanSpec): Plan {
  const items: PlanItem[] = [];
  const add = (id: string, status: Status) =>
    items.push({
      id,
      file: `.agent/queue/${id}-${status}-item-${id.replace('#', '')}.md`,
      title: spec.titles?.[id] ?? `Item ${id}`,
      status,
      priority: DEFAULT_PRIORITY,
      estimate: 1,
      writes: [],
      unknown_footprint: false,
    });
  for (const wave of spec.waves) for (const id of wave) add(id, 'pending');
  for (const [id, status] of Object.entries(spec.others ?? {})) add(id, status);
  const conflicts: PlanConflict[] = (spec.conflicts ?? []).map(([a, b]) => ({ kind: 'file', a, b, evidence: `src/${a}-${b}.ts` }));
  const scheduled = spec.waves.flat().length;
  return {
    version: 1,
    fingerprint: 'sha256:' + '0'.repeat(64),
    settings: { max_parallel: spec.maxParallel ?? 5, level: 'L2' },
    items,
    waves: spec.waves.map((ids, i) => ({ index: i + 1, items: ids, estimate: 1 })),
    edges: { blocked_by: (spec.blockedBy ?? []).map(([item, on]) => ({ item, on })), conflicts },
    held: [],
    critical_path: { items: [], length: spec.waves.length },
    stats: {
      items: items.length,
      scheduled,
      waves: spec.waves.length,
      makespan: spec.waves.length,
      lower_bound: 1,
      parallelism: scheduled / Math.max(1, spec.waves.length),
    },
  };
}
