import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planText } from '../../src/cli/mcp/summaries.js';

const summaries = suite("the MCP tools' text content");

summaries("plan's text lists the first 40 changes and counts the rest: the structured result has them all, an agent's context need not", () => {
  const changes = Array.from({ length: 2000 }, (_, n) => `conflict ${String(n).padStart(3, '0')}–999 (file src/shared.ts) lost`);
  const stats = { scheduled: 60, waves: 1, makespan: 1, lower_bound: 1 };
  for (const json of [
    { file: '.agent/plan.yaml', written: true, previous: 'differs', changes, stats },
    { file: '.agent/plan.yaml', status: 'differs', messages: changes },
  ]) {
    const bullets = planText(json)
      .split('\n')
      .filter((l) => l.startsWith('  - '));
    assert.is(bullets.length, 41);
    assert.is(bullets[40], '  - … and 1960 more (the structured result lists every change)');
  }
});

summaries.run();
