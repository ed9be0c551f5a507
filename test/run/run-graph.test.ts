import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readiness, runGraph } from '../../src/run/run-graph.js';
import { makeItem } from '../helpers/items.js';
import { makePlan } from '../helpers/plans.js';

const graph = suite('runGraph');

graph('dynamic priority: longest estimate-weighted path first, then plan order', () => {
  const items = [makeItem('001'), makeItem('002'), makeItem('003', { estimate: 3, blockedBy: ['002'] }), makeItem('004', { estimate: 2 })];
  const g = runGraph(makePlan(items, { waves: [['001', '002', '004'], ['003']] }));
  assert.equal(g.order, ['001', '002', '004', '003']);
  assert.equal(g.priority, ['002', '003', '004', '001']);
});

graph('an unknown footprint alone in its wave conflicts with everything; beside others it does not', () => {
  const items = [makeItem('001'), makeItem('002'), makeItem('003')];
  const plan = makePlan(items, { waves: [['001', '002'], ['003']] });
  plan.items[2].unknown_footprint = true;
  assert.equal([...runGraph(plan).conflicts.get('003')!].sort(), ['001', '002']);
  const together = makePlan(items, { waves: [['001', '003'], ['002']] });
  together.items[2].unknown_footprint = true;
  assert.equal([...runGraph(together).conflicts.get('003')!], []);
});

graph('readiness: completed blockers pass, failed ones hold, running ones wait', () => {
  const items = [makeItem('001'), makeItem('002', { blockedBy: ['001'] }), makeItem('000', { status: 'completed' }), makeItem('003', { blockedBy: ['000'] })];
  const g = runGraph(makePlan(items, { waves: [['001', '003'], ['002']] }));
  assert.equal(readiness(g, '003', new Map()), { kind: 'ready' });
  assert.equal(readiness(g, '002', new Map()), { kind: 'wait', on: ['001'] });
  assert.equal(readiness(g, '002', new Map([['001', 'failed']])), { kind: 'held', reason: 'held: blocked by 001' });
  assert.equal(readiness(g, '002', new Map([['001', 'interrupted']])), { kind: 'held', reason: 'held: blocked by 001 (interrupted)' });
});

graph('readiness: the queue order (edges.after) waits for the lower id to end, whatever its outcome, and holds nothing', () => {
  const items = [makeItem('001'), makeItem('002')];
  const plan = makePlan(items, { waves: [['001'], ['002']] });
  plan.edges.after = [{ item: '002', on: '001' }];
  const g = runGraph(plan);
  assert.equal(readiness(g, '002', new Map()), { kind: 'wait', on: ['001'] });
  assert.equal(readiness(g, '002', new Map([['001', 'completed']])), { kind: 'ready' });
  assert.equal(readiness(g, '002', new Map([['001', 'failed']])), { kind: 'ready' });
  assert.equal(g.priority, ['001', '002']);
});

graph.run();
