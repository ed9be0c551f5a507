import { compareIds } from '../order.js';

/**
 * Queue order among conflicting items (docs/plan-file.md#queue-order-among-conflicting-items): when
 * two items to run conflict and nothing else orders them (no chain of BlockedBy, nor of edges chosen
 * here, from one to the other), the lower id runs and lands first. The numbering is the order the
 * queue's author meant, and later items are often written on top of earlier ones.
 *
 * Pairs are decided in order of their higher id, then of their lower id from the nearest down, each
 * against the edges chosen before it, so the result is one acyclic set of `item` runs after `on`
 * edges with few implied ones (pure, deterministic).
 * Running items have started: pairs with one are left alone.
 */
export function conflictOrder(
  items: ReadonlyArray<{ id: string; blockedBy: readonly string[]; isRunning: boolean }>,
  conflicts: ReadonlyArray<readonly [string, string]>,
): Array<{ item: string; on: string }> {
  const ids = items.map((i) => i.id).sort(compareIds);
  const index = new Map(ids.map((id, i) => [id, i]));
  const running = new Set(items.filter((i) => i.isRunning).map((i) => i.id));
  // after[i]: what follows i (its dependents by BlockedBy, then by the edges chosen here).
  const after: number[][] = ids.map(() => []);
  for (const item of items) {
    if (item.isRunning) continue;
    for (const on of item.blockedBy) {
      const b = index.get(on);
      if (b !== undefined) after[b].push(index.get(item.id)!);
    }
  }
  const pairs: Array<[number, number]> = [];
  const seen = new Set<number>();
  for (const [x, y] of conflicts) {
    const i = index.get(x);
    const j = index.get(y);
    if (i === undefined || j === undefined || i === j || running.has(x) || running.has(y)) continue;
    const [lo, hi] = i < j ? [i, j] : [j, i];
    const key = lo * ids.length + hi;
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push([lo, hi]);
  }
  // By higher end, then the nearest lower end first: an item follows its nearest earlier conflict,
  // and a farther one already ordered through it gets no edge of its own.
  pairs.sort((p, q) => p[1] - q[1] || q[0] - p[0]);
  const stamp = new Int32Array(ids.length);
  let visit = 0;
  const stack: number[] = [];
  const reaches = (from: number, to: number): boolean => {
    visit++;
    stack.length = 0;
    stack.push(from);
    stamp[from] = visit;
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (const d of after[i]) {
        if (d === to) return true;
        if (stamp[d] !== visit) {
          stamp[d] = visit;
          stack.push(d);
        }
      }
    }
    return false;
  };
  const edges: Array<{ item: string; on: string }> = [];
  for (const [lo, hi] of pairs) {
    if (reaches(lo, hi) || reaches(hi, lo)) continue;
    after[lo].push(hi);
    edges.push({ item: ids[hi], on: ids[lo] });
  }
  return edges.sort((a, b) => compareIds(a.item, b.item) || compareIds(a.on, b.on));
}
