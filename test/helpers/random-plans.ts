import fc from 'fast-check';
import type { Plan, Status } from '../../src/types.js';
import { planOf } from './wave-plans.js';

/** Raw material for a plan: items in topological order (blockers have lower indexes). */
export interface RandomQueue {
  n: number;
  maxParallel: number;
  completed: boolean[];
  conflicts: Array<[number, number]>;
  blockedBy: Array<[number, number]>;
  titles: string[];
  issueIds: boolean;
}

const title = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('Fix ${{ secrets.TOKEN }}', 'a: b', '"quoted" | piped', "it's", '- dash', '#hash', 'ünïcödé ✓', '   '),
);

export const randomQueue: fc.Arbitrary<RandomQueue> = fc
  .record({ n: fc.integer({ min: 1, max: 24 }), maxParallel: fc.integer({ min: 1, max: 6 }), issueIds: fc.boolean() })
  .chain(({ n, maxParallel, issueIds }) =>
    fc.record({
      n: fc.constant(n),
      maxParallel: fc.constant(maxParallel),
      issueIds: fc.constant(issueIds),
      completed: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      conflicts: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 2 }),
      blockedBy: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n }),
      titles: fc.array(title, { minLength: n, maxLength: n }),
    }),
  );

/**
 * A plan as a correct compiler would place it: each item in the earliest wave
 * after its blockers' waves with room and without a conflicting member.
 */
export function planFor(q: RandomQueue): Plan {
  const id = (i: number) => (q.issueIds ? `#${i + 1}` : String(i + 1).padStart(3, '0'));
  const conflicts = q.conflicts.filter(([a, b]) => a !== b).map(([a, b]) => (a < b ? [a, b] : [b, a]) as [number, number]);
  const blockedBy = q.blockedBy.filter(([a, b]) => a !== b).map(([a, b]) => (a > b ? [a, b] : [b, a]) as [number, number]);
  const waves: number[][] = [];
  const waveOf = new Map<number, number>();
  for (let i = 0; i < q.n; i++) {
    if (q.completed[i]) continue;
    let w = Math.max(0, ...blockedBy.filter(([a]) => a === i).map(([, b]) => (waveOf.has(b) ? waveOf.get(b)! + 1 : 0)));
    const clashes = (j: number) => conflicts.some(([a, b]) => (a === i && b === j) || (a === j && b === i));
    while (waves[w] && (waves[w].length >= q.maxParallel || waves[w].some(clashes))) w++;
    (waves[w] ??= []).push(i);
    waveOf.set(i, w);
  }
  const others: Record<string, Status> = {};
  q.completed.forEach((done, i) => done && (others[id(i)] = 'completed'));
  return planOf({
    waves: waves.filter(Boolean).map((w) => w.map(id)),
    others,
    blockedBy: blockedBy.map(([a, b]) => [id(a), id(b)]),
    conflicts: [...new Map(conflicts.map(([a, b]) => [`${a},${b}`, [id(a), id(b)] as [string, string]])).values()],
    maxParallel: q.maxParallel,
    titles: Object.fromEntries(q.titles.map((t, i) => [id(i), t])),
  });
}
