import { compareIds } from '../order.js';
import type { Plan, PlanConflict } from '../types.js';
import { plannedWrites } from './planned-writes.js';

/**
 * What changed between the committed plan and a fresh compile, in words a reviewer
 * reads ("003 moved from wave 2 to wave 1: conflict with 001 gone (src/a.ts no
 * longer shared)"). Empty when only the fingerprint differs. Deterministic order:
 * settings, items, edges, waves, held, totals.
 */
export function diffPlans(old: Plan, fresh: Plan): string[] {
  const out: string[] = [];
  for (const key of ['max_parallel', 'level', 'assume_disjoint'] as const) {
    const a = old.settings[key] ?? false;
    const b = fresh.settings[key] ?? false;
    if (a !== b) out.push(`setting ${key} ${String(a)} → ${String(b)}`);
  }
  const oldItems = new Map(old.items.map((i) => [i.id, i]));
  const freshItems = new Map(fresh.items.map((i) => [i.id, i]));
  const oldWave = waveIndex(old);
  const freshWave = waveIndex(fresh);
  const freshHeld = new Map(fresh.held.map((h) => [h.item, h.reason]));
  const oldHeld = new Map(old.held.map((h) => [h.item, h.reason]));
  for (const id of ids([...oldItems.keys(), ...freshItems.keys()])) {
    const a = oldItems.get(id);
    const b = freshItems.get(id);
    if (!a) out.push(`item ${id} added${placement(id, freshWave, freshHeld, b!.status)}`);
    else if (!b) out.push(`item ${id} removed`);
    else {
      if (a.status !== b.status) out.push(`${id} ${a.status} → ${b.status}`);
      if (a.title !== b.title) out.push(`${id} title "${a.title}" → "${b.title}"`);
      if (a.priority !== b.priority) out.push(`${id} priority ${a.priority} → ${b.priority}`);
      if (a.estimate !== b.estimate) out.push(`${id} estimate ${a.estimate} → ${b.estimate}`);
      if (a.file !== b.file && a.status === b.status) out.push(`${id} file ${a.file} → ${b.file}`);
      if (a.run !== b.run && a.run !== undefined && b.run !== undefined) out.push(`${id} command \`${a.run}\` → \`${b.run}\``);
      // The files near a guess are written as far as conflicts go: a change there is a change of what the item may touch.
      const [was, now] = [plannedWrites(a), plannedWrites(b)];
      const gained = now.filter((w) => !was.includes(w));
      const lost = was.filter((w) => !now.includes(w));
      if (gained.length > 0 && was.length > 0) out.push(`${id} now writes ${gained.join(', ')}`);
      if (lost.length > 0 && now.length > 0) out.push(`${id} no longer writes ${lost.join(', ')}`);
    }
  }
  const oldEdges = new Set(old.edges.blocked_by.map((e) => `${e.item}>${e.on}`));
  const freshEdges = new Set(fresh.edges.blocked_by.map((e) => `${e.item}>${e.on}`));
  for (const e of fresh.edges.blocked_by) if (!oldEdges.has(`${e.item}>${e.on}`)) out.push(`${e.item} now waits for ${e.on}`);
  for (const e of old.edges.blocked_by) if (!freshEdges.has(`${e.item}>${e.on}`)) out.push(`${e.item} no longer waits for ${e.on}`);
  const oldAfter = new Set((old.edges.after ?? []).map((e) => `${e.item}>${e.on}`));
  const freshAfter = new Set((fresh.edges.after ?? []).map((e) => `${e.item}>${e.on}`));
  for (const e of fresh.edges.after ?? []) if (!oldAfter.has(`${e.item}>${e.on}`)) out.push(`${e.item} now runs after ${e.on} (lower id first)`);
  for (const e of old.edges.after ?? []) if (!freshAfter.has(`${e.item}>${e.on}`)) out.push(`${e.item} no longer runs after ${e.on}`);
  // Both lists are sorted the same way, so equal lists are the common case and cheap to see; the
  // keyed maps (a string per conflict) are built only when something differs or an item moved.
  let keyed: [Map<string, PlanConflict>, Map<string, PlanConflict>] | undefined;
  const maps = () => (keyed ??= [new Map(old.edges.conflicts.map((c) => [conflictKey(c), c])), new Map(fresh.edges.conflicts.map((c) => [conflictKey(c), c]))]);
  if (!sameConflicts(old.edges.conflicts, fresh.edges.conflicts)) {
    const [oldConflicts, freshConflicts] = maps();
    const [inOld, inFresh] = [holds(oldConflicts), holds(freshConflicts)];
    for (const c of freshConflicts.values()) if (!inOld(c)) out.push(`conflict ${c.a}–${c.b}${detail(c)} gained`);
    for (const c of oldConflicts.values()) if (!inFresh(c)) out.push(`conflict ${c.a}–${c.b}${detail(c)} lost`);
  }
  // Each item's conflicts, indexed once when an item moved: a queue where every pair conflicts has ~125,000.
  let byItem: [Map<string, Map<string, PlanConflict>>, Map<string, Map<string, PlanConflict>>] | undefined;
  for (const id of ids(freshWave.keys())) {
    const from = oldWave.get(id);
    const to = freshWave.get(id)!;
    if (from === undefined || from === to || !oldItems.has(id)) continue;
    byItem ??= [conflictsByItem(maps()[0]), conflictsByItem(maps()[1])];
    const context = { oldWave, freshWave, before: byItem[0].get(id) ?? new Map(), after: byItem[1].get(id) ?? new Map() };
    out.push(`${id} moved from wave ${from} to wave ${to}: ${moveReasons(id, old, fresh, context).join('; ')}`);
  }
  for (const id of ids(freshWave.keys())) {
    if (oldItems.has(id) && !oldWave.has(id) && oldItems.get(id)!.status === freshItems.get(id)!.status)
      out.push(`${id} now scheduled in wave ${freshWave.get(id)}`);
  }
  for (const [id, reason] of [...freshHeld].sort((x, y) => compareIds(x[0], y[0])))
    if (oldHeld.get(id) !== reason && oldItems.has(id)) out.push(`${id} now held: ${reason}`);
  for (const id of ids(oldHeld.keys())) if (!freshHeld.has(id) && freshItems.has(id)) out.push(`${id} no longer held`);
  if (old.waves.length !== fresh.waves.length) out.push(`waves ${old.waves.length} → ${fresh.waves.length}`);
  if (old.stats.makespan !== fresh.stats.makespan) out.push(`makespan ${old.stats.makespan} → ${fresh.stats.makespan}`);
  return out;
}

interface MoveContext {
  oldWave: Map<string, number>;
  freshWave: Map<string, number>;
  /** The item's conflicts by key, in the old plan and the fresh one. */
  before: Map<string, PlanConflict>;
  after: Map<string, PlanConflict>;
}

function moveReasons(id: string, old: Plan, fresh: Plan, { oldWave, freshWave, before, after }: MoveContext): string[] {
  const reasons: string[] = [];
  const other = (c: PlanConflict) => (c.a === id ? c.b : c.a);
  const gone = new Map<string, string[]>();
  const gained = new Map<string, string[]>();
  const add = (into: Map<string, string[]>, c: PlanConflict, text: string) => into.set(other(c), [...(into.get(other(c)) ?? []), text]);
  const [inBefore, inAfter] = [holds(before), holds(after)];
  for (const c of before.values())
    if (!inAfter(c)) add(gone, c, c.evidence === undefined ? 'no longer in conflict' : c.kind === 'file' ? `${c.evidence} no longer shared` : c.evidence);
  // A plan read from its file holds evidence only for the conflicts that pin an item (docs/plan-file.md): say where to read it.
  const unexplained = (c: PlanConflict) => `${c.kind ?? 'a conflict'}: \`waveplan explain ${id}\` shows the evidence`;
  for (const c of after.values()) if (!inBefore(c)) add(gained, c, c.evidence === undefined ? unexplained(c) : `${c.kind} ${c.evidence}`);
  for (const x of ids(gone.keys())) reasons.push(`conflict with ${x} gone (${gone.get(x)!.join('; ')})`);
  for (const x of ids(gained.keys())) reasons.push(`new conflict with ${x} (${gained.get(x)!.join('; ')})`);
  const blockers = (p: Plan) => new Set(p.edges.blocked_by.filter((e) => e.item === id).map((e) => e.on));
  const oldBlockers = blockers(old);
  const freshBlockers = blockers(fresh);
  for (const on of ids(oldBlockers)) if (!freshBlockers.has(on)) reasons.push(`no longer waits for ${on}`);
  for (const on of ids(freshBlockers)) if (!oldBlockers.has(on)) reasons.push(`now waits for ${on}`);
  for (const on of ids(freshBlockers)) {
    if (!oldBlockers.has(on)) continue;
    const a = oldWave.get(on);
    const b = freshWave.get(on);
    const status = fresh.items.find((i) => i.id === on)?.status;
    if (a !== undefined && b === undefined)
      reasons.push(status === 'completed' ? `blocker ${on} completed` : `blocker ${on} is no longer scheduled (${status ?? 'removed'})`);
    else if (a !== b && b !== undefined) reasons.push(`blocker ${on} moved to wave ${b}`);
  }
  const estimate = (p: Plan) => p.items.find((i) => i.id === id)?.estimate;
  if (estimate(old) !== estimate(fresh)) reasons.push(`its estimate changed ${estimate(old)} → ${estimate(fresh)}`);
  if (reasons.length === 0) reasons.push('the waves around it changed');
  return reasons;
}

function placement(id: string, waves: Map<string, number>, held: Map<string, string>, status: string): string {
  if (waves.has(id)) return ` (wave ${waves.get(id)})`;
  if (held.has(id)) return ` (held: ${held.get(id)})`;
  return ` (${status})`;
}

/** Item id → its conflicts by key, in the plan's order. */
function conflictsByItem(conflicts: ReadonlyMap<string, PlanConflict>): Map<string, Map<string, PlanConflict>> {
  const out = new Map<string, Map<string, PlanConflict>>();
  const add = (id: string, key: string, c: PlanConflict) => {
    let mine = out.get(id);
    if (!mine) out.set(id, (mine = new Map()));
    mine.set(key, c);
  };
  for (const [key, c] of conflicts) {
    add(c.a, key, c);
    if (c.b !== c.a) add(c.b, key, c);
  }
  return out;
}

function waveIndex(plan: Plan): Map<string, number> {
  return new Map(plan.waves.flatMap((w) => w.items.map((id) => [id, w.index] as const)));
}

function sameConflicts(a: readonly PlanConflict[], b: readonly PlanConflict[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.kind !== y.kind || x.a !== y.a || x.b !== y.b || x.evidence !== y.evidence) return false;
  }
  return true;
}

/** ` (file src/a.ts)`; nothing for a pair the plan file records without evidence. */
function detail(c: PlanConflict): string {
  return c.evidence === undefined ? '' : ` (${c.kind} ${c.evidence})`;
}

/**
 * Whether a plan's conflicts (by key) hold `c`: the same conflict, or the same pair where either
 * side has no evidence. A plan read from its file keeps evidence only for the conflict that pins an
 * item (`pinned_by`), the others are bare pairs (`conflicts_with`): when a new item takes over the
 * pinning, a pair moves from one to the other without changing.
 */
function holds(conflicts: ReadonlyMap<string, PlanConflict>): (c: PlanConflict) => boolean {
  const pairs = new Set<string>();
  const bare = new Set<string>();
  for (const c of conflicts.values()) {
    pairs.add(`${c.a}|${c.b}`);
    if (c.evidence === undefined) bare.add(`${c.a}|${c.b}`);
  }
  return (c) => conflicts.has(conflictKey(c)) || bare.has(`${c.a}|${c.b}`) || (c.evidence === undefined && pairs.has(`${c.a}|${c.b}`));
}

function conflictKey(c: PlanConflict): string {
  return `${c.a}|${c.b}|${c.kind}|${c.evidence}`;
}

function ids(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareIds);
}
