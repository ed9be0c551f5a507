import { compareStrings } from '../order.js';
import type { PlanItem } from '../types.js';

/**
 * Everything a plan item may write: its `writes` and the files `near` its inferred guess
 * (docs/plan-file.md). Conflicts were found on both, so the landing's audit, the hotspots and
 * `plan --check` read both.
 */
export function plannedWrites(item: Pick<PlanItem, 'writes' | 'near'>): string[] {
  return item.near && item.near.length > 0 ? [...item.writes, ...item.near].sort(compareStrings) : item.writes;
}
