import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileReport } from '../../src/plan/compile-report.js';
import { formatReport } from '../../src/plan/format-report.js';
import { schemaErrors } from '../../src/schemas.js';
import { makeItem } from '../helpers/items.js';
import { makePlan } from '../helpers/plans.js';

const hotspots = suite('report hotspots (docs/conflicts.md#hotspots)');

hotspots('items that write a file only as near their guesses are counted and named apart (ky: "Ky.ts: 4 items write it", two of them only near)', () => {
  const items = ['001', '002', '003', '004'].map((id) => makeItem(id, { files: id < '003' ? ['source/core/Ky.ts'] : [`source/${id}.ts`] }));
  const plan = makePlan(items, { waves: [['001'], ['002'], ['003'], ['004']] });
  plan.fingerprint = `sha256:${'0'.repeat(64)}`;
  for (const item of plan.items) if (item.id >= '003') item.near = ['source/core/Ky.ts'];
  const report = compileReport(plan, { planFile: '.agent/plan.yaml' });
  assert.equal(report.hotspots?.[0], {
    file: 'source/core/Ky.ts',
    items: ['001', '002', '003', '004'],
    whole: ['001', '002', '003', '004'],
    near: ['003', '004'],
    waves: 4,
    symbol_waves: 4,
    disjoint_waves: 1,
  });
  assert.equal(schemaErrors('report', JSON.parse(formatReport(report, 'json'))), []);
  assert.match(formatReport(report, 'text'), 'source/core/Ky.ts: 4 items write it (all whole; 2 only as near their guesses: 003, 004) → 4 waves as a file');
  // Without near writers the line is as before.
  for (const item of plan.items) delete item.near;
  for (const item of plan.items) item.writes = ['source/core/Ky.ts'];
  assert.match(formatReport(compileReport(plan, { planFile: '.agent/plan.yaml' }), 'text'), 'source/core/Ky.ts: 4 items write it (all whole) → 4 waves');
});

hotspots.run();
