import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { landingState } from '../../src/plan/format-report-landing.js';
import { formatRunResult, formatRuns } from '../../src/run/format-status.js';
import type { RunStatus } from '../../src/run/read-run.js';

// What a user saw on hono after a run with a landing conflict and a held dependent:
// `010 held: held: blocked by 001` (wait) and `not landed (failed): not landed: conflicts …` (report).
const reasons = suite('status, wait and report say each reason once');

const run: RunStatus = {
  run: '20261207T135728-6fef',
  state: 'finished',
  exit_code: 3,
  started: '2026-12-07T13:57:28.694Z',
  finished: '2026-12-07T13:57:58.847Z',
  elapsed_ms: 30_200,
  seq: 40,
  items: [
    { id: '001', state: 'failed', exit_code: 0, elapsed_ms: 6200, reason: 'not landed: conflicts on main in src/a.ts', log: '.agent/runs/x/001.log' },
    { id: '010', state: 'held', reason: 'held: blocked by 001' },
  ],
  counts: { failed: 1, held: 1 },
};

reasons('wait: the held reason is not prefixed twice', () => {
  const text = formatRunResult(run, '.agent/runs/x/');
  assert.match(text, '  010 held: blocked by 001\n');
  assert.not.match(text, 'held: held:');
  assert.match(text, '  001 failed: not landed: conflicts on main in src/a.ts (log .agent/runs/x/001.log)');
});

reasons('report: "not landed" once, the outcome in parentheses', () => {
  assert.is(
    landingState({ id: '001', title: 't', outcome: 'failed', state: 'not landed', why: 'not landed: conflicts on main in src/a.ts' }),
    'not landed (failed): conflicts on main in src/a.ts',
  );
  assert.is(landingState({ id: '010', title: 't', outcome: 'held', state: 'not landed', why: 'held: blocked by 001' }), 'not landed (held): blocked by 001');
  assert.is(landingState({ id: '003', title: 't', outcome: 'failed', state: 'not landed', why: 'the gate failed' }), 'not landed (failed): the gate failed');
});

reasons('runs: the header lines up with its columns', () => {
  const [head, row] = formatRuns([run]).split('\n');
  for (const column of ['STATE', 'STARTED', 'ENDED', 'RESULT', 'ITEMS'])
    assert.ok(/^\S/.test(row.slice(head.indexOf(column))) && /\s/.test(row[head.indexOf(column) - 1]), `${column}:\n${head}\n${row}`);
});

reasons.run();
