import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DynamicGate } from '../../src/run/dynamic-gate.js';
import { runGraph, type Outcome } from '../../src/run/run-graph.js';
import { makeItem } from '../helpers/items.js';
import { makePlan } from '../helpers/plans.js';

const gate = suite('DynamicGate');
const tick = () => new Promise((r) => setImmediate(r));

function setup(maxParallel: number) {
  const items = [makeItem('001'), makeItem('002'), makeItem('003', { blockedBy: ['001'] }), makeItem('004'), makeItem('005')];
  const plan = makePlan(items, { waves: [['001', '002'], ['003', '005'], ['004']], conflicts: [['002', '005']] });
  const outcomes = new Map<string, Outcome>();
  const g = new DynamicGate(runGraph(plan), maxParallel, outcomes);
  const started: string[] = [];
  const answers = new Map<string, Promise<unknown>>();
  for (const id of ['001', '002', '003', '004', '005'])
    answers.set(
      id,
      g.wait(id).then((a) => (a.go ? started.push(id) : a)),
    );
  const done = async (id: string, outcome: Outcome = 'completed') => {
    outcomes.set(id, outcome);
    g.finish(id);
    await tick();
    await tick();
  };
  return { g, started, done, answers };
}

gate('keeps the cap, waits for blockers and conflicts, keeps slots for earlier waves', async () => {
  const { started, done } = setup(2);
  await tick();
  await tick();
  assert.equal(started, ['001', '002']);
  await done('002');
  // 005 conflicts with nothing running now; 004 (wave 3) would take the slot 003 (wave 2) needs
  assert.equal(started, ['001', '002', '005']);
  await done('005');
  assert.equal(started, ['001', '002', '005'], '004 waits: one slot is kept for 003 (wave 2, not started)');
  await done('001');
  assert.equal(started, ['001', '002', '005', '003', '004']);
});

gate('a failure holds dependents; stop() answers everything still waiting', async () => {
  const { g, done, answers } = setup(1);
  await tick();
  await done('001', 'failed');
  assert.equal(await answers.get('003'), { go: false, outcome: 'held', reason: 'held: blocked by 001' });
  g.stop('interrupted by SIGINT');
  await tick();
  assert.equal(await answers.get('004'), { go: false, outcome: 'not_started', reason: 'not started: interrupted by SIGINT' });
});

gate('an item whose command ended gives its slot back but still counts for conflicts; a re-run waits for a slot', async () => {
  const items = ['001', '002', '003', '004'].map((id) => makeItem(id));
  const plan = makePlan(items, { waves: [['001', '002', '003'], ['004']], conflicts: [['002', '004']] });
  const outcomes = new Map<string, Outcome>();
  const g = new DynamicGate(runGraph(plan), 2, outcomes);
  const started: string[] = [];
  for (const id of ['001', '002', '003', '004']) void g.wait(id).then((a) => a.go && started.push(id));
  const settle = async () => {
    await tick();
    await tick();
  };
  const done = async (id: string) => {
    outcomes.set(id, 'completed');
    g.finish(id);
    await settle();
  };
  await settle();
  assert.equal(started, ['001', '002']);
  g.commandEnded('002'); // 002 is being landed: its slot is free
  await settle();
  assert.equal(started, ['001', '002', '003'], '003 takes the free slot');
  const again = g.commandAgain('002').then(() => started.push('002 again'));
  await done('001');
  assert.equal(started, ['001', '002', '003', '002 again'], 'the re-run gets the next slot; 004 conflicts with 002, not landed yet');
  await again;
  await done('002');
  assert.equal(started, ['001', '002', '003', '002 again', '004']);
});

gate.run();
