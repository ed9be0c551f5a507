import fc from 'fast-check';
import type { ScheduleInput } from '../../src/schedule/schedule.js';
import { PRIORITIES, type Status } from '../../src/types.js';

export interface RandomQueueOptions {
  minItems: number;
  maxItems: number;
  statuses?: readonly Status[];
  estimates?: readonly number[];
  caps?: readonly number[];
  /** Chance that a possible edge / conflict exists. */
  edgeRate?: number;
  conflictRate?: number;
  aloneRate?: number;
}

const pad = (i: number) => String(i + 1).padStart(3, '0');

/** A random queue as the scheduler sees it: BlockedBy only to lower ids (acyclic), random conflicts. */
export function arbitraryQueue(o: RandomQueueOptions): fc.Arbitrary<ScheduleInput> {
  const statuses = o.statuses ?? ['pending'];
  const estimates = o.estimates ?? [1, 2, 3];
  const caps = o.caps ?? [1, 2, 3, 4];
  return fc.integer({ min: o.minItems, max: o.maxItems }).chain((n) =>
    fc
      .record({
        items: fc.tuple(
          ...Array.from({ length: n }, (_, i) =>
            fc.record({
              status: fc.constantFrom(...statuses),
              estimate: fc.constantFrom(...estimates),
              priority: fc.constantFrom(...PRIORITIES),
              blockers: fc
                .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: i, maxLength: i })
                .map((rolls) => rolls.flatMap((r, j) => (r < (o.edgeRate ?? 0.2) ? [j] : []))),
              alone: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < (o.aloneRate ?? 0)),
            }),
          ),
        ),
        pairs: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
        cap: fc.constantFrom(...caps),
      })
      .map(({ items, pairs, cap }) => {
        const conflicts: Array<[string, string]> = [];
        let k = 0;
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (pairs[k++] < (o.conflictRate ?? 0.25)) conflicts.push([pad(i), pad(j)]);
        return {
          items: items.map((item, i) => ({
            id: pad(i),
            status: item.status,
            estimate: item.estimate,
            priority: item.priority,
            blockedBy: item.blockers.map(pad),
          })),
          conflicts,
          alone: new Set(items.flatMap((item, i) => (item.alone ? [pad(i)] : []))),
          maxParallel: cap,
        };
      }),
  );
}
