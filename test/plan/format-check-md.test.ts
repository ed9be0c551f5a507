import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatCheckMarkdown } from '../../src/plan/format-check-md.js';

const md = suite('formatCheckMarkdown (plan --check --format md)');

md('a stale plan: what moved as bullets, then the fix', () => {
  const out = formatCheckMarkdown('.agent/plan.yaml', {
    status: 'differs',
    messages: ['003 pending → completed', '004 moved from wave 2 to wave 1: blocker 003 completed'],
  });
  assert.is(
    out,
    '**Plan check** ⚠️ `.agent/plan.yaml` is stale; a fresh compile differs:\n\n- 003 pending → completed\n- 004 moved from wave 2 to wave 1: blocker 003 completed\n\nRun `waveplan plan` and commit the plan file.\n',
  );
});

md('up to date, missing, and a long list counted after 40 bullets', () => {
  assert.match(formatCheckMarkdown('p.yaml', { status: 'same', messages: [] }), /✅ `p.yaml` is what the queue compiles to/);
  assert.match(formatCheckMarkdown('p.yaml', { status: 'missing', messages: ['x'] }), /no plan file at `p.yaml`/);
  const long = formatCheckMarkdown('p.yaml', { status: 'differs', messages: Array.from({ length: 45 }, (_, i) => `m${i}`) });
  assert.is(long.split('\n').filter((l) => l.startsWith('- ')).length, 41);
  assert.match(long, /- … and 5 more/);
});

md.run();
