import { resolveItemCommand } from '../queue/item-command.js';
import { compareIds, compareStrings } from '../order.js';
import { compareConflicts } from '../analyze/conflicts.js';
import { formatEvidence } from '../analyze/evidence.js';
import { formatFileSymbol } from '../file-symbol.js';
import { scheduleItems, type Schedule } from '../schedule/schedule.js';
import { roundEstimate } from '../schedule/problem.js';
import type { Analysis, Config, Footprint, Item, Plan, PlanItem } from '../types.js';

export interface CompilePlanInput {
  /** Every item of the queue (completed and blocked ones included), BlockedBy resolved. */
  items: readonly Item[];
  config: Config;
  /** Footprints and conflicts of the items still to run. */
  analysis: Analysis;
  fingerprint: string;
  /** Overrides `autonomy.max_parallel` (report --max-parallel). */
  maxParallel?: number;
  assumeDisjoint?: boolean;
}

/** Items, edges and conflicts → the plan (pure; docs/plan-file.md). Every list sorted. */
export function compilePlan(input: CompilePlanInput): Plan {
  const { plan } = compilePlanWithSchedule(input);
  return plan;
}

/** The command a run may start for the item, as the plan records it (docs/reliability.md). */
function plannedCommand(item: Item, config: Config): { run?: string } {
  if (item.status !== 'pending' && item.status !== 'in_progress') return {};
  // Placeholders expanded here, once: the reviewer sees what will run (docs/agents.md).
  const command = resolveItemCommand(item, config);
  return command === undefined ? {} : { run: command };
}

export function compilePlanWithSchedule(input: CompilePlanInput): { plan: Plan; schedule: Schedule } {
  const items = [...input.items].sort((a, b) => compareIds(a.id, b.id));
  const maxParallel = input.maxParallel ?? input.config.autonomy.max_parallel;
  const assumeDisjoint = input.assumeDisjoint ?? false;
  const footprints = new Map(input.analysis.footprints.map((f) => [f.id, f]));
  const alone = new Set(assumeDisjoint ? [] : input.analysis.footprints.filter((f) => f.unknown).map((f) => f.id));
  const schedule = scheduleItems({
    items,
    conflicts: input.analysis.conflicts.map((c) => [c.a, c.b] as const),
    alone,
    maxParallel,
  });
  const planItems: PlanItem[] = items.map((item) => {
    const footprint = footprints.get(item.id);
    return {
      id: item.id,
      file: item.file,
      title: item.title,
      status: item.status,
      priority: item.priority,
      estimate: item.estimate,
      ...plannedCommand(item, input.config),
      ...writesOf(footprint),
      unknown_footprint: footprint?.unknown ?? false,
      ...(footprint?.inferred
        ? {
            inferred: Object.entries(footprint.inferred)
              .sort(([x], [y]) => compareStrings(x, y))
              .map(([path, r]) => ({ path, words: [...r.words], confidence: r.confidence })),
          }
        : {}),
      ...(footprint?.suggestedFiles ? { suggested_files: [...footprint.suggestedFiles] } : {}),
      ...(footprint?.symbols
        ? {
            symbols: Object.entries(footprint.symbols)
              .sort(([x], [y]) => compareStrings(x, y))
              .flatMap(([file, s]) => s.symbols.map((symbol) => formatFileSymbol(file, symbol))),
          }
        : {}),
    };
  });
  const scheduled = schedule.waves.reduce((n, w) => n + w.items.length, 0);
  const estimates = new Map(items.map((i) => [i.id, i.estimate]));
  const work = roundEstimate(schedule.waves.reduce((sum, w) => sum + w.items.reduce((s, id) => s + estimates.get(id)!, 0), 0));
  const plan: Plan = {
    version: 1,
    fingerprint: input.fingerprint,
    settings: { max_parallel: maxParallel, level: input.config.autonomy.level, assume_disjoint: assumeDisjoint },
    items: planItems,
    waves: schedule.waves.map((w, k) => ({ index: k + 1, items: [...w.items].sort(compareIds), estimate: w.estimate })),
    edges: {
      blocked_by: items.flatMap((item) => [...item.blockedBy].sort(compareIds).map((on) => ({ item: item.id, on }))),
      ...(schedule.order.length > 0 ? { after: schedule.order } : {}),
      // The evidence becomes text here, for the file (docs/conflicts.md), in the key order of docs/plan-file.md so that
      // toOrderedPlan need not copy them again: 125k at 500 items.
      conflicts: [...input.analysis.conflicts].sort(compareConflicts).map((c) => ({ kind: c.kind, a: c.a, b: c.b, evidence: formatEvidence(c.evidence) })),
      ...(input.analysis.shared && input.analysis.shared.length > 0
        ? { shared: input.analysis.shared.map((s) => ({ a: s.a, b: s.b, evidence: formatEvidence(s.evidence) })) }
        : {}),
    },
    held: schedule.held,
    critical_path: schedule.criticalPath,
    stats: {
      items: items.length,
      scheduled,
      held: schedule.held.length,
      waves: schedule.waves.length,
      makespan: schedule.makespan,
      lower_bound: schedule.lowerBound.value,
      parallelism: schedule.makespan > 0 ? Math.round((work / schedule.makespan) * 100) / 100 : 0,
      bounds: {
        critical_path: schedule.lowerBound.critical_path,
        capacity: schedule.lowerBound.capacity,
        conflicts: schedule.lowerBound.conflicts,
        conflict_set: schedule.lowerBound.conflict_set,
      },
      search: schedule.method,
    },
  };
  return { plan, schedule };
}

/**
 * The plan's `writes` and `near` of a footprint: a file only near an inferred guess is kept apart
 * from what the item declares or is guessed to write, so a reviewer reads the guess as the guess
 * (docs/plan-file.md). Conflicts were found on both.
 */
function writesOf(footprint: Footprint | undefined): Pick<PlanItem, 'writes' | 'near'> {
  if (!footprint) return { writes: [] };
  const isNear = (file: string) => footprint.origins[file]?.every((source) => source === 'near') ?? false;
  const writes = footprint.writes.filter((f) => !isNear(f)).sort(compareStrings);
  const near = footprint.writes.filter(isNear).sort(compareStrings);
  return near.length > 0 ? { writes, near } : { writes };
}
