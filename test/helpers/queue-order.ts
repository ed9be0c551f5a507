import type { ScheduleInput } from '../../src/schedule/schedule.js';

/**
 * The queue-order rule of docs/plan-file.md, written again plainly for the tests: over the pending
 * items (not running, not done), for each conflicting pair by higher id, then lower id descending, add
 * "higher runs after lower" unless a chain of BlockedBy or of edges added so far joins them either way.
 * Returns, per item, the ids it must follow (its BlockedBy among these items plus the added edges).
 */
export function precedence(input: ScheduleInput, statuses: ReadonlyArray<string> = ['pending']): Map<string, Set<string>> {
  const live = input.items.filter((i) => statuses.includes(i.status));
  const ids = new Set(live.map((i) => i.id));
  const before = new Map(live.map((i) => [i.id, new Set(i.blockedBy.filter((b) => ids.has(b)))]));
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    // `to` follows `from` when some chain of "must follow" links leads from `to` back to `from`.
    for (const p of before.get(to) ?? []) {
      if (p === from) return true;
      if (!seen.has(p)) {
        seen.add(p);
        if (reaches(from, p, seen)) return true;
      }
    }
    return false;
  };
  const pairs = input.conflicts
    .map(([a, b]) => (a < b ? [a, b] : [b, a]))
    .filter(([a, b]) => ids.has(a) && ids.has(b) && a !== b)
    .sort(([a, b], [c, d]) => (b < d ? -1 : b > d ? 1 : a > c ? -1 : a < c ? 1 : 0));
  for (const [lo, hi] of pairs) if (!reaches(lo, hi) && !reaches(hi, lo)) before.get(hi)!.add(lo);
  return before;
}
