import { compareIds, compareStrings } from '../order.js';
import { parseFileSymbol } from '../file-symbol.js';
import type { Config, Plan, PlanConflict, PlanItem } from '../types.js';
import { plannedWrites } from './planned-writes.js';

/** A conflict that keeps a report's item out of an earlier wave: the other item, its wave, the kind and the evidence. */
export interface ReportPin {
  item: string;
  wave: number;
  kind: string;
  evidence: string;
}

/** One item of the newest finished run, as the report shows it (docs/apply.md#landing-runisolation-worktree). */
export interface ReportLandingItem {
  id: string;
  title: string;
  outcome: string;
  /** `landed` (its merge commit is `commit`), `no changes`, `kept` (run.land: keep), `not landed` (with `why`), or `ran` (no isolation). */
  state: 'landed' | 'no changes' | 'kept' | 'not landed' | 'ran';
  commit?: string;
  why?: string;
  /** The footprint audit: files it changed outside its predicted write set. */
  exceeded?: string[];
  /** With `exceeded`: its write set was inferred, so those are what the inference missed. */
  inferred?: boolean;
}

/** The report's `landing`: what the next `apply` does with the work, and what the newest run did. */
export interface ReportLanding {
  isolation: Config['run']['isolation'];
  land?: Config['run']['land'];
  /** The branch items land on: the one checked out now (absent with land keep, or a detached HEAD). */
  target?: string;
  gate?: string | null;
  retry_on_conflict?: number;
  /** The newest run with a summary (a finished one). */
  last_run?: {
    run: string;
    finished: string;
    exit_code: number;
    isolation?: Config['run']['isolation'];
    target?: string;
    items: ReportLandingItem[];
    /** Without isolation: waves that changed files outside their items' write sets. */
    audit?: Array<{ wave?: number; exceeded: string[] }>;
  };
}

/** The report of a plan (`plan --dry-run`, `report`): what runs together and why the rest waits. */
export interface PlanReport {
  version: 1;
  plan_file: string;
  fingerprint: string;
  settings: Plan['settings'];
  waves: Array<{
    index: number;
    estimate: number;
    items: Array<{ id: string; title: string; status: string; priority: string; estimate: number; waits_for: string[]; pinned_by?: ReportPin[] }>;
  }>;
  held: Array<{ item: string; title: string; reason: string }>;
  conflicts: PlanConflict[];
  unknown_footprint: string[];
  /** Unknown footprints whose words point somewhere too weakly: the `files:` line to add, by id. */
  suggested_files?: Record<string, string[]>;
  /** Unknown footprints that declare `files:` entries, all matching no file (a typo?): the entries, by id. */
  unmatched_files?: Record<string, string[]>;
  /** Scheduled items whose write set rests on inference from their words (docs/inference.md). */
  inferred_footprint?: string[];
  completed: string[];
  critical_path: Plan['critical_path'];
  stats: Plan['stats'];
  /** Files written by 3 or more items to run: how many waves they force, and what symbol-level write sets would allow. */
  hotspots?: Hotspot[];
  /** Present for `report --max-parallel N`: the same queue at the configured cap. */
  what_if?: { max_parallel: number; configured_max_parallel: number; makespan: number; configured_makespan: number; waves: number; configured_waves: number };
  /** `report`: where the work goes (isolation, target, gate) and what the newest run's items became. */
  landing?: ReportLanding;
}

/** A file written by 3 or more items to run (docs/conflicts.md#hotspots). */
export interface Hotspot {
  file: string;
  /** The items to run that write it, by id. */
  items: string[];
  /** Those that write it whole (no `path#symbol` entries for it). */
  whole: string[];
  /** Those that write it only as near their inferred guesses (`near` in the plan, docs/inference.md): the plan writes it with the guess; present when some do. */
  near?: string[];
  /** Waves the file forces as a whole-file unit: every writer conflicts with every other. */
  waves: number;
  /** At least this many with the write sets as planned (declared or inferred): each whole-file writer alone, the symbol writers as their overlaps and the cap allow. */
  symbol_waves: number;
  /** What symbol-level footprints would allow if every writer named its own symbols: the cap alone. */
  disjoint_waves: number;
}

export interface ReportOptions {
  planFile: string;
  /** The plan compiled at the configured cap, when `plan` used another one. */
  configured?: Plan;
  landing?: ReportLanding;
  /** Each item's declared `files:` entries, by id (the plan keeps only what they matched). */
  declaredFiles?: ReadonlyMap<string, readonly string[]>;
}

/** Unknown footprints that declare files: entries: all of them match nothing (validate warns ITEM_GLOB_EMPTY). */
function unmatchedFiles(
  plan: Plan,
  waveOf: ReadonlyMap<string, unknown>,
  declared?: ReadonlyMap<string, readonly string[]>,
): Pick<PlanReport, 'unmatched_files'> {
  const found = plan.items.filter((i) => i.unknown_footprint && waveOf.has(i.id) && (declared?.get(i.id)?.length ?? 0) > 0);
  return found.length > 0 ? { unmatched_files: Object.fromEntries(found.map((i) => [i.id, [...declared!.get(i.id)!]])) } : {};
}

/** Plan → report data (pure). */
export function compileReport(plan: Plan, options: ReportOptions): PlanReport {
  const index = indexPlan(plan);
  const { items, waveOf } = index;
  const report: PlanReport = {
    version: 1,
    plan_file: options.planFile,
    fingerprint: plan.fingerprint,
    settings: plan.settings,
    waves: plan.waves.map((w) => ({
      index: w.index,
      estimate: w.estimate,
      items: [...w.items].sort(compareIds).map((id) => {
        const item = items.get(id)!;
        const pins = pinningConflicts(plan, id, index).map((p) => ({ item: p.other, wave: p.wave, kind: p.conflict.kind!, evidence: p.conflict.evidence! }));
        return {
          id,
          title: item.title,
          status: item.status,
          priority: item.priority,
          estimate: item.estimate,
          waits_for: waitsFor(plan, id, index),
          ...(pins.length > 0 ? { pinned_by: pins } : {}),
        };
      }),
    })),
    held: plan.held.map((h) => ({ item: h.item, title: items.get(h.item)?.title ?? '', reason: h.reason })),
    conflicts: plan.edges.conflicts,
    unknown_footprint: plan.items.filter((i) => i.unknown_footprint && waveOf.has(i.id)).map((i) => i.id),
    ...suggestedFiles(plan, waveOf),
    ...unmatchedFiles(plan, waveOf, options.declaredFiles),
    ...inferredFootprint(plan, waveOf),
    ...hotspots(plan, waveOf),
    completed: plan.items.filter((i) => i.status === 'completed').map((i) => i.id),
    critical_path: plan.critical_path,
    stats: plan.stats,
    ...(options.landing ? { landing: options.landing } : {}),
  };
  if (options.configured && options.configured.settings.max_parallel !== plan.settings.max_parallel) {
    const c = options.configured;
    report.what_if = {
      max_parallel: plan.settings.max_parallel,
      configured_max_parallel: c.settings.max_parallel,
      makespan: plan.stats.makespan,
      configured_makespan: c.stats.makespan,
      waves: plan.stats.waves,
      configured_waves: c.stats.waves,
    };
  }
  return report;
}

/** Lookups a report needs more than once, built once per plan. */
export interface PlanIndex {
  waveOf: Map<string, number>;
  items: Map<string, PlanItem>;
  blockers: Map<string, string[]>;
  /** Queue order among conflicting items: id → the lower ids it runs after (`edges.after`). */
  after: Map<string, string[]>;
  /** a → b → the first conflict of the pair, both ways (file before data before component). */
  conflicts: Map<string, Map<string, PlanConflict>>;
  /** Each wave's items by id order, by wave index (what the pin search walks for every item). */
  sortedWaves: string[][];
}

export function indexPlan(plan: Plan): PlanIndex {
  // Nested maps, not `a|b` keys: a 1,000-item queue has 200,000 conflicting pairs, and the pin
  // search asks about every earlier wave of every item.
  const conflicts = new Map<string, Map<string, PlanConflict>>();
  const first = (a: string, b: string, c: PlanConflict) => {
    let of = conflicts.get(a);
    if (!of) conflicts.set(a, (of = new Map()));
    if (!of.has(b)) of.set(b, c);
  };
  for (const c of plan.edges.conflicts) {
    first(c.a, c.b, c);
    first(c.b, c.a, c);
  }
  // Pushed, not copied: a 1,000-item queue has items that run after hundreds of lower ids.
  const blockers = groupBy(plan.edges.blocked_by);
  const after = groupBy(plan.edges.after ?? []);
  return {
    waveOf: new Map(plan.waves.flatMap((w) => w.items.map((id) => [id, w.index] as const))),
    items: new Map(plan.items.map((i) => [i.id, i])),
    blockers,
    after,
    conflicts,
    sortedWaves: plan.waves.map((w) => [...w.items].sort(compareIds)),
  };
}

function groupBy(edges: ReadonlyArray<{ item: string; on: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.item);
    if (list) list.push(e.on);
    else out.set(e.item, [e.on]);
  }
  return out;
}

/** The first wave item `id` may join: after its placed blockers and the lower ids it conflicts with (`edges.after`). */
function earliestWave(id: string, index: PlanIndex): { earliest: number; placed: string[]; after: string[] } {
  const placed = (index.blockers.get(id) ?? []).filter((on) => index.waveOf.has(on)).sort(compareIds);
  const after = (index.after.get(id) ?? []).filter((on) => index.waveOf.has(on)).sort(compareIds);
  return { earliest: Math.max(1, ...[...placed, ...after].map((on) => index.waveOf.get(on)! + 1)), placed, after };
}

/**
 * The conflicts that pin item `id` to its wave: the lower ids it runs after by queue order
 * (`edges.after`: the conflict is what orders them, so its evidence is what to check), then for
 * every earlier wave it could have joined (after those and its blockers), the first member (by id)
 * it conflicts with, and the first conflict of that pair.
 */
export function pinningConflicts(plan: Plan, id: string, index: PlanIndex = indexPlan(plan)): Array<{ wave: number; other: string; conflict: PlanConflict }> {
  const wave = index.waveOf.get(id);
  if (wave === undefined || wave === 1) return [];
  const out: Array<{ wave: number; other: string; conflict: PlanConflict }> = [];
  const { earliest, after } = earliestWave(id, index);
  const mine = index.conflicts.get(id);
  const ordered = after.map((on) => ({ wave: index.waveOf.get(on)!, other: on, conflict: mine?.get(on) }));
  ordered.sort((x, y) => x.wave - y.wave || compareIds(x.other, y.other));
  for (const o of ordered) if (o.conflict) out.push({ wave: o.wave, other: o.other, conflict: o.conflict });
  for (let w = earliest; w < wave; w++) {
    const members = index.sortedWaves[w - 1] ?? [];
    const other = mine && members.find((m) => mine.has(m));
    if (other !== undefined) out.push({ wave: w, other, conflict: mine!.get(other)! });
  }
  return out;
}

/**
 * Why an item is not in an earlier wave: the blockers in the wave just before the
 * earliest it may join, then for every earlier wave it could have joined, the first
 * member it conflicts with, or that the wave was full.
 */
export function waitsFor(plan: Plan, id: string, index: PlanIndex = indexPlan(plan)): string[] {
  const wave = index.waveOf.get(id);
  if (wave === undefined || wave === 1) return [];
  const reasons: string[] = [];
  const { earliest, placed, after } = earliestWave(id, index);
  for (const on of placed) if (index.waveOf.get(on)! + 1 === earliest) reasons.push(`blocked by ${on} (wave ${earliest - 1})`);
  for (const on of after) {
    if (index.waveOf.get(on)! + 1 !== earliest) continue;
    const c = index.conflicts.get(id)?.get(on);
    reasons.push(`runs after ${on} (wave ${earliest - 1}): lower id first${c ? ` (${describeConflict(c)})` : ''}`);
  }
  const alone = (x: string) => index.items.get(x)?.unknown_footprint === true && !plan.settings.assume_disjoint;
  if (alone(id)) reasons.push('unknown footprint: runs alone');
  const pins = new Map(pinningConflicts(plan, id, index).map((p) => [p.wave, p]));
  // Waves taken by an unknown footprint are named in one reason, not one line per wave.
  const aloneWaves: number[] = [];
  let aloneAt = -1;
  for (let w = earliest; w < wave; w++) {
    const members = plan.waves[w - 1]?.items ?? [];
    const pin = pins.get(w);
    if (pin) reasons.push(`conflicts with ${pin.other} in wave ${w} (${describeConflict(pin.conflict)})`);
    else if (alone(id)) continue;
    else if (members.some(alone)) {
      if (aloneWaves.length === 0) aloneAt = reasons.length;
      aloneWaves.push(w);
    } else if (members.length >= plan.settings.max_parallel) reasons.push(`wave ${w} is full (max_parallel ${plan.settings.max_parallel})`);
    else reasons.push(`kept out of wave ${w} to shorten the makespan`);
  }
  if (aloneWaves.length === 1) reasons.splice(aloneAt, 0, `wave ${aloneWaves[0]} runs an item with an unknown footprint alone`);
  else if (aloneWaves.length > 1) reasons.splice(aloneAt, 0, `waves ${formatRanges(aloneWaves)} each run an item with an unknown footprint alone`);
  return reasons;
}

/** `file: src/a.ts`; a pair the plan file records without evidence: `conflict`. */
export function describeConflict(c: PlanConflict): string {
  return c.kind === undefined ? 'conflict' : c.evidence === undefined ? c.kind : `${c.kind}: ${c.evidence}`;
}

/** `1–3, 5`: ascending wave numbers as ranges. */
export function formatRanges(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    parts.push(j === i ? String(numbers[i]) : `${numbers[i]}–${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function inferredFootprint(plan: Plan, waveOf: ReadonlyMap<string, unknown>): Pick<PlanReport, 'inferred_footprint'> {
  const ids = plan.items
    .filter((i) => !i.unknown_footprint && i.inferred && i.inferred.length > 0 && waveOf.has(i.id))
    .map((i) => i.id)
    .sort(compareIds);
  return ids.length > 0 ? { inferred_footprint: ids } : {};
}

function suggestedFiles(plan: Plan, waveOf: ReadonlyMap<string, unknown>): Pick<PlanReport, 'suggested_files'> {
  const weak = plan.items.filter((i) => i.unknown_footprint && waveOf.has(i.id) && i.suggested_files && i.suggested_files.length > 0);
  return weak.length > 0 ? { suggested_files: Object.fromEntries(weak.map((i) => [i.id, [...i.suggested_files!]])) } : {};
}

/** Files written by 3 or more scheduled items (docs/conflicts.md#hotspots), most writers first. */
export function hotspots(plan: Plan, waveOf: ReadonlyMap<string, number>): { hotspots?: Hotspot[] } {
  const writers = new Map<string, string[]>();
  const named = new Map<string, Map<string, string[]>>();
  for (const item of plan.items) {
    if (!waveOf.has(item.id)) continue;
    for (const file of plannedWrites(item)) writers.set(file, [...(writers.get(file) ?? []), item.id]);
    for (const entry of item.symbols ?? []) {
      const { path, symbol } = parseFileSymbol(entry);
      if (symbol === undefined) continue;
      let byItem = named.get(path);
      if (!byItem) named.set(path, (byItem = new Map()));
      byItem.set(item.id, [...(byItem.get(item.id) ?? []), symbol]);
    }
  }
  const cap = Math.max(1, plan.settings.max_parallel);
  const out: Hotspot[] = [];
  // Looked up once per item, not per (file, writer): a 1,000-item queue has hundreds of hot files.
  const nearFiles = new Map(
    plan.items.filter((i) => i.near !== undefined && i.near.length > 0).map((i) => [i.id, { writes: new Set(i.writes), near: new Set(i.near) }]),
  );
  const nearOnly = (id: string, file: string) => {
    const sets = nearFiles.get(id);
    return sets !== undefined && !sets.writes.has(file) && sets.near.has(file);
  };
  for (const [file, ids] of writers) {
    if (ids.length < 3) continue;
    const near = ids.filter((id) => nearOnly(id, file)).sort(compareIds);
    const byItem = named.get(file) ?? new Map<string, string[]>();
    const whole = ids.filter((id) => !byItem.has(id));
    const symbolWriters = ids.length - whole.length;
    const perSymbol = new Map<string, number>();
    for (const [id, symbols] of byItem) if (ids.includes(id)) for (const s of symbols) perSymbol.set(s, (perSymbol.get(s) ?? 0) + 1);
    const overlap = Math.max(0, ...perSymbol.values());
    out.push({
      file,
      items: [...ids].sort(compareIds),
      whole: whole.sort(compareIds),
      ...(near.length > 0 ? { near } : {}),
      waves: ids.length,
      symbol_waves: whole.length + (symbolWriters === 0 ? 0 : Math.max(overlap, Math.ceil(symbolWriters / cap))),
      disjoint_waves: Math.ceil(ids.length / cap),
    });
  }
  out.sort((x, y) => y.items.length - x.items.length || compareStrings(x.file, y.file));
  return out.length > 0 ? { hotspots: out } : {};
}

/**
 * Unknown items whose words point nowhere, once inference ran (docs/inference.md): each needs a
 * `files:` line written by a person or an agent; an item with suggestions is named with them instead.
 */
export function namingNothing(report: Pick<PlanReport, 'unknown_footprint' | 'suggested_files' | 'inferred_footprint' | 'unmatched_files'>): string[] {
  if (!report.inferred_footprint && !report.suggested_files) return [];
  return report.unknown_footprint.filter((id) => !report.suggested_files?.[id] && !report.unmatched_files?.[id]);
}

/** `ReportOptions.declaredFiles` from the queue's items. */
export function declaredFiles(items: ReadonlyArray<{ id: string; files: readonly string[] }>): Map<string, readonly string[]> {
  return new Map(items.map((i) => [i.id, i.files]));
}
