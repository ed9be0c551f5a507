import { compareIds } from '../order.js';
import type { ConflictKind, Plan, PlanConflict, PlanItem } from '../types.js';
import { indexPlan, pinningConflicts } from './compile-report.js';

/** A conflict that keeps an item out of an earlier wave, as the item's entry in the plan file records it. */
export interface PinnedConflict {
  /** The other item, in an earlier wave. */
  item: string;
  kind: ConflictKind;
  evidence: string;
}

/** An item as the plan file writes it: the plan's fields, then its conflicts (docs/plan-file.md). */
export interface PlanFileItem extends PlanItem {
  /** For each earlier wave it could have joined, the first member it conflicts with and why. */
  pinned_by?: PinnedConflict[];
  /** Its other conflicting items, as space-separated ids (each pair is written once, at its later item). */
  conflicts_with?: string;
  /** Lower-id items that write a file it writes, in different symbols: they may share a wave (docs/conflicts.md#symbol-level-write-sets). */
  shares?: Array<{ item: string; evidence: string }>;
}

/** The plan file's content (schemas/plan.schema.json): a Plan whose conflicts live in the items. */
export interface PlanFile extends Omit<Plan, 'items' | 'edges'> {
  items: PlanFileItem[];
  edges: Pick<Plan['edges'], 'blocked_by' | 'after'>;
}

/**
 * Each conflicting pair written once, at the item that decides on it: the one in the later wave
 * (either end unscheduled: the higher id). A conflict that pins that item to its wave is written with
 * its evidence; the others as ids. So a change to one item touches the lines of that item and of
 * the items it conflicts with, and the file stays near linear in the items (docs/plan-file.md).
 */
export function conflictsByItem(plan: Plan): Map<string, Pick<PlanFileItem, 'pinned_by' | 'conflicts_with'>> {
  const index = indexPlan(plan);
  const pinned = new Map<string, PinnedConflict[]>();
  const pinnedPairs = new Set<string>();
  for (const wave of plan.waves) {
    for (const id of wave.items) {
      const pins = pinningConflicts(plan, id, index).map(({ other, conflict }) => {
        pinnedPairs.add(pairKey(id, other));
        return { item: other, kind: conflict.kind!, evidence: conflict.evidence! };
      });
      if (pins.length > 0) pinned.set(id, pins);
    }
  }
  const others = new Map<string, Set<string>>();
  for (const c of plan.edges.conflicts) {
    if (pinnedPairs.has(pairKey(c.a, c.b))) continue;
    const [at, other] = laterEnd(c, index.waveOf);
    let set = others.get(at);
    if (!set) others.set(at, (set = new Set()));
    set.add(other);
  }
  const out = new Map<string, Pick<PlanFileItem, 'pinned_by' | 'conflicts_with'>>();
  for (const id of new Set([...pinned.keys(), ...others.keys()])) {
    const pins = pinned.get(id);
    const rest = others.get(id);
    out.set(id, { ...(pins ? { pinned_by: pins } : {}), ...(rest ? { conflicts_with: [...rest].sort(compareIds).join(' ') } : {}) });
  }
  return out;
}

/** Each pair that writes one file in different symbols, at its higher id: `shares: [{item, evidence}]`. */
export function sharesByItem(plan: Plan): Map<string, NonNullable<PlanFileItem['shares']>> {
  const out = new Map<string, NonNullable<PlanFileItem['shares']>>();
  for (const s of [...(plan.edges.shared ?? [])].sort((x, y) => compareIds(x.b, y.b) || compareIds(x.a, y.a))) {
    let list = out.get(s.b);
    if (!list) out.set(s.b, (list = []));
    list.push({ item: s.a, evidence: s.evidence });
  }
  return out;
}

/** The plan a plan file holds (pure): the items' conflicts back in `edges.conflicts`, evidence only where the file has it. */
export function fromPlanFile(file: PlanFile): Plan {
  const conflicts: PlanConflict[] = [];
  const shared: NonNullable<Plan['edges']['shared']> = [];
  const items = file.items.map((entry) => {
    const { pinned_by, conflicts_with, shares, ...item } = entry;
    for (const s of shares ?? []) shared.push({ ...ordered(item.id, s.item), evidence: s.evidence });
    for (const p of pinned_by ?? []) conflicts.push({ kind: p.kind, ...ordered(item.id, p.item), evidence: p.evidence });
    if (conflicts_with) for (const other of conflicts_with.split(' ')) conflicts.push(ordered(item.id, other));
    return item;
  });
  conflicts.sort((x, y) => compareIds(x.a, y.a) || compareIds(x.b, y.b));
  shared.sort((x, y) => compareIds(x.a, y.a) || compareIds(x.b, y.b));
  return {
    ...file,
    items,
    edges: { blocked_by: file.edges.blocked_by, ...(file.edges.after ? { after: file.edges.after } : {}), conflicts, ...(shared.length > 0 ? { shared } : {}) },
  };
}

function ordered(x: string, y: string): { a: string; b: string } {
  return compareIds(x, y) <= 0 ? { a: x, b: y } : { a: y, b: x };
}

function pairKey(x: string, y: string): string {
  return compareIds(x, y) <= 0 ? `${x}|${y}` : `${y}|${x}`;
}

/** [the end the pair is written at, the other end]. */
function laterEnd(c: PlanConflict, waveOf: ReadonlyMap<string, number>): [string, string] {
  const wa = waveOf.get(c.a);
  const wb = waveOf.get(c.b);
  if (wa !== undefined && wb !== undefined && wa > wb) return [c.a, c.b];
  return [c.b, c.a];
}
