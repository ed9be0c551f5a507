import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scheduleItems, type ScheduleInput } from '../../src/schedule/schedule.js';
import { precedence } from '../helpers/queue-order.js';
import { arbitraryQueue } from '../helpers/random-queue.js';

/**
 * An independent brute force: enumerate every ordered partition of the items into
 * waves (first wave any valid subset of what is ready, then recurse), no memo, no
 * bounds, and take the least Σ max-estimate. An item is ready when its BlockedBy and the lower ids
 * it follows by queue order (conflicting, nothing else ordering them) are placed.
 */
function bruteForceMakespan(input: ScheduleInput): number {
  const items = input.items.filter((i) => i.status === 'pending');
  const done = new Set(input.items.filter((i) => i.status === 'completed').map((i) => i.id));
  const follows = precedence(input);
  const conflicting = (a: string, b: string) => input.conflicts.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
  let best = Infinity;
  const recurse = (placed: Set<string>, cost: number) => {
    if (cost >= best) return;
    const left = items.filter((i) => !placed.has(i.id));
    if (left.length === 0) {
      best = cost;
      return;
    }
    const ready = left.filter((i) => i.blockedBy.every((b) => placed.has(b) || done.has(b)) && [...follows.get(i.id)!].every((b) => placed.has(b)));
    for (let mask = 1; mask < 1 << ready.length; mask++) {
      const wave = ready.filter((_, k) => mask & (1 << k));
      if (wave.length > input.maxParallel) continue;
      if (wave.some((a) => wave.some((b) => a.id < b.id && conflicting(a.id, b.id)))) continue;
      recurse(new Set([...placed, ...wave.map((w) => w.id)]), cost + Math.max(...wave.map((w) => w.estimate)));
    }
  };
  recurse(new Set(), 0);
  return best;
}

const exhaustive = suite('scheduleItems vs brute force');

exhaustive('on 250 random queues of 5–8 items the planned makespan is the least possible under the queue order', () => {
  let cases = 0;
  fc.assert(
    fc.property(
      arbitraryQueue({
        minItems: 5,
        maxItems: 8,
        statuses: ['pending', 'pending', 'pending', 'pending', 'completed'],
        estimates: [1, 2, 3],
        caps: [2, 3],
        edgeRate: 0.25,
        conflictRate: 0.3,
      }),
      (input) => {
        cases++;
        const planned = scheduleItems(input).makespan;
        assert.is(
          planned,
          bruteForceMakespan(input),
          JSON.stringify(input, (_, v: unknown) => (v instanceof Set ? [...v] : v)),
        );
      },
    ),
    { numRuns: 250, seed: 42 },
  );
  assert.ok(cases >= 200);
});

exhaustive.run();
