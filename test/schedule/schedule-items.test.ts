import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareIds } from '../../src/order.js';
import { scheduleItems, type Schedule, type ScheduleInput } from '../../src/schedule/schedule.js';
import { precedence } from '../helpers/queue-order.js';
import { arbitraryQueue } from '../helpers/random-queue.js';

type In = ScheduleInput['items'][number];
const item = (id: string, fields: Partial<In> = {}): In => ({ id, status: 'pending', estimate: 1, priority: 'p2', blockedBy: [], ...fields });
const run = (items: In[], conflicts: Array<[string, string]> = [], maxParallel = 3, alone: string[] = []) =>
  scheduleItems({ items, conflicts, maxParallel, alone: new Set(alone) });
const waves = (s: Schedule) => s.waves.map((w) => w.items);

const unit = suite('scheduleItems');

unit('independent items share waves up to the cap; the makespan is the sum of wave lengths', () => {
  const s = run([item('001', { estimate: 3 }), item('002'), item('003'), item('004')], [], 2);
  assert.equal(s.waves.length, 2);
  assert.ok(s.waves.every((w) => w.items.length <= 2));
  assert.is(s.makespan, 4);
  assert.is(s.lowerBound.capacity, 4);
});

unit('conflicting items never share a wave; blockers come in earlier waves', () => {
  const s = run([item('001'), item('002'), item('003', { blockedBy: ['001'] })], [['001', '002']]);
  assert.equal(waves(s), [['001'], ['002', '003']]);
});

unit('the critical path goes first and is reported blocker first', () => {
  const s = run([item('001'), item('002', { estimate: 2 }), item('003', { blockedBy: ['002'], estimate: 2 })], [], 1);
  assert.equal(s.criticalPath, { items: ['002', '003'], length: 4 });
  assert.equal(waves(s)[0], ['002']);
});

unit('in_progress items keep a slot in the first wave; completed blockers are satisfied', () => {
  const s = run(
    [item('001', { status: 'completed' }), item('002', { blockedBy: ['001'] }), item('003', { status: 'in_progress', estimate: 3 }), item('004')],
    [['003', '004']],
    2,
  );
  assert.equal(waves(s)[0], ['002', '003']);
  assert.equal(waves(s)[1], ['004']);
});

unit('items behind a blocked item are held with the reason, transitively', () => {
  const s = run([item('001', { status: 'blocked' }), item('002', { blockedBy: ['001'] }), item('003', { blockedBy: ['002'] }), item('004')]);
  assert.equal(s.held, [
    { item: '002', reason: 'blocked by 001, which is blocked' },
    { item: '003', reason: 'blocked by 002, which is held behind 001 (blocked)' },
  ]);
  assert.equal(waves(s), [['004']]);
});

unit('an item with an unknown footprint runs alone', () => {
  const s = run([item('001'), item('002'), item('003')], [], 3, ['002']);
  assert.equal(
    waves(s).find((w) => w.includes('002')),
    ['002'],
  );
});

unit('the lower bound counts the largest conflicting set found', () => {
  const s = run(
    [item('001', { estimate: 2 }), item('002'), item('003'), item('004')],
    [
      ['001', '002'],
      ['001', '003'],
      ['002', '003'],
    ],
    4,
  );
  assert.is(s.lowerBound.conflicts, 4);
  assert.equal(s.lowerBound.conflict_set, ['001', '002', '003']);
  assert.is(s.makespan, 4);
});

unit('long items are packed into one wave; small queues are searched exhaustively', () => {
  const items = [item('001', { estimate: 3 }), item('002'), item('003', { estimate: 3 }), item('004')];
  const s = run(items, [['002', '004']], 2);
  assert.equal(waves(s)[0], ['001', '003']);
  assert.is(s.makespan, 5);
  assert.is(s.method, 'exhaustive');
});

unit('of two conflicting items nothing else orders, the lower id runs first, even when the higher is more urgent', () => {
  const s = run([item('001', { priority: 'p3' }), item('002', { priority: 'p0', estimate: 3 }), item('003')], [['001', '002']]);
  assert.equal(s.order, [{ item: '002', on: '001' }]);
  assert.equal(waves(s), [['001', '003'], ['002']]);
  assert.equal(s.criticalPath.items, ['001', '002']);
});

unit('a BlockedBy that puts the higher id first is kept; pairs already ordered by a chain get no edge', () => {
  // 001 waits for 003 (BlockedBy), so the conflict 001–003 needs nothing; 002–003 is ordered by 003 → 001 → 002.
  const s = run(
    [item('001', { blockedBy: ['003'] }), item('002'), item('003')],
    [
      ['001', '002'],
      ['001', '003'],
      ['002', '003'],
    ],
  );
  assert.equal(s.order, [{ item: '002', on: '001' }]);
  assert.equal(waves(s), [['003'], ['001'], ['002']]);
});

unit('a running item is not ordered: it has started', () => {
  const s = run([item('001'), item('002', { status: 'in_progress' })], [['001', '002']]);
  assert.equal(s.order, []);
  assert.equal(waves(s), [['002'], ['001']]);
});

unit.run();

const props = suite('scheduleItems properties');

function checkInvariants(input: ScheduleInput, s: Schedule): void {
  const waveOf = new Map<string, number>();
  s.waves.forEach((w, k) =>
    w.items.forEach((id) => {
      assert.not.ok(waveOf.has(id), `${id} placed twice`);
      waveOf.set(id, k);
    }),
  );
  const held = new Set(s.held.map((h) => h.item));
  const status = new Map(input.items.map((i) => [i.id, i.status]));
  const conflicting = new Set(input.conflicts.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));
  for (const it of input.items) {
    const toRun = it.status === 'pending' || it.status === 'in_progress';
    if (!toRun) assert.not.ok(waveOf.has(it.id) || held.has(it.id), `${it.id} (${it.status}) must not be scheduled`);
    else assert.ok(waveOf.has(it.id) !== held.has(it.id), `${it.id} must be scheduled once or held`);
    if (it.status === 'in_progress') assert.is(waveOf.get(it.id), 0, `${it.id} is running: first wave`);
    if (!waveOf.has(it.id) || it.status === 'in_progress') continue;
    for (const b of it.blockedBy) {
      if (status.get(b) === 'completed') continue;
      assert.ok(waveOf.has(b) && waveOf.get(b)! < waveOf.get(it.id)!, `${it.id} must come after its blocker ${b}`);
    }
  }
  for (const r of s.held) assert.ok(r.reason.length > 0);
  s.waves.forEach((w, k) => {
    const running = w.items.filter((id) => status.get(id) === 'in_progress').length;
    assert.ok(w.items.length <= Math.max(input.maxParallel, k === 0 ? running : 0), `wave ${k + 1} over the cap`);
    for (const a of w.items)
      for (const b of w.items) {
        if (a >= b || (status.get(a) === 'in_progress' && status.get(b) === 'in_progress')) continue;
        assert.not.ok(conflicting.has(`${a}|${b}`), `${a} and ${b} conflict but share wave ${k + 1}`);
        assert.not.ok(w.items.length > 1 && (input.alone.has(a) || input.alone.has(b)), `${a}/${b}: an unknown footprint runs alone`);
      }
  });
  // Queue order: the edges are those of the rule (written again in test/helpers), and the waves keep them.
  const placedPending = input.items.filter((i) => i.status === 'pending' && waveOf.has(i.id));
  const follows = precedence({ ...input, items: placedPending });
  const expected = placedPending.flatMap((i) => [...follows.get(i.id)!].filter((on) => !i.blockedBy.includes(on)).map((on) => ({ item: i.id, on })));
  expected.sort((x, y) => (x.item < y.item ? -1 : x.item > y.item ? 1 : x.on < y.on ? -1 : 1));
  assert.equal(s.order, expected);
  for (const e of s.order) {
    assert.ok(compareIds(e.on, e.item) < 0, `${e.item} after ${e.on}: the lower id goes first`);
    assert.ok(waveOf.get(e.on)! < waveOf.get(e.item)!, `${e.item} must come after ${e.on} (queue order)`);
  }
  assert.ok(s.makespan >= s.lowerBound.value - 1e-9, `makespan ${s.makespan} below the lower bound ${s.lowerBound.value}`);
  // The conflict term is a real clique: its items conflict pairwise (an item that runs alone conflicts with all) and their estimates sum to it.
  const clique = s.lowerBound.conflict_set;
  for (const a of clique)
    for (const b of clique)
      if (a < b)
        assert.ok(conflicting.has(`${a}|${b}`) || input.alone.has(a) || input.alone.has(b), `${a} and ${b} are in the conflict set but do not conflict`);
  const estimate = new Map(input.items.map((it) => [it.id, it.estimate]));
  assert.ok(Math.abs(clique.reduce((sum, id) => sum + estimate.get(id)!, 0) - s.lowerBound.conflicts) < 1e-6);
}

props('random queues (exhaustive and greedy sizes): every scheduling invariant of docs/plan-file.md holds', () => {
  fc.assert(
    fc.property(
      arbitraryQueue({
        minItems: 0,
        maxItems: 24,
        statuses: ['pending', 'pending', 'pending', 'in_progress', 'completed', 'blocked'],
        estimates: [0, 0.5, 1, 2, 3, 5],
        caps: [1, 2, 3, 5],
        aloneRate: 0.05,
      }),
      (input) => {
        checkInvariants(input, scheduleItems(input));
      },
    ),
    { numRuns: 400, seed: 4 },
  );
});

props('shuffled inputs give the same schedule', () => {
  fc.assert(
    fc.property(arbitraryQueue({ minItems: 1, maxItems: 20, statuses: ['pending', 'in_progress', 'completed'] }), fc.integer(), (input, seed) => {
      const shuffle = <T>(xs: readonly T[]) =>
        xs
          .map((x, i) => ({ x, k: (i * 7919 + seed) % 104729 }))
          .sort((a, b) => a.k - b.k)
          .map((e) => e.x);
      const shuffled: ScheduleInput = {
        ...input,
        items: shuffle(input.items).map((i) => ({ ...i, blockedBy: shuffle(i.blockedBy) })),
        conflicts: shuffle(input.conflicts).map(([a, b]) => (seed % 2 ? [b, a] : [a, b]) as [string, string]),
      };
      assert.equal(scheduleItems(shuffled), scheduleItems(input));
    }),
    { numRuns: 200, seed: 7 },
  );
});

props.run();
