import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunEvent } from '../../src/run/event-log.js';
import { replayRun } from '../../src/run/read-run.js';
import { listRunIds } from '../../src/run/read-runs.js';
import { tempDir, writeFiles } from '../helpers/git-repo.js';

const RUN = '20261127T220000-abcd';
const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 22, 0, s)).toISOString();
function events(list: Array<Partial<RunEvent> & { type: RunEvent['type']; t: number }>): RunEvent[] {
  return list.map(({ t, ...e }, n) => ({ v: 1, seq: n + 1, time: at(t), run: RUN, ...e }) as RunEvent);
}
const live = events([
  { t: 0, type: 'run_started', pid: 100, host: 'h', level: 'L3', schedule: 'waves', max_parallel: 2, items: ['001', '002', '003', '004'] },
  { t: 0, type: 'item_held', item: '009', reason: 'held: blocked by 008' },
  { t: 1, type: 'item_started', item: '001', wave: 1, file: '.agent/queue/001-in_progress-a.md', log: '.agent/runs/x/001.log', pid: 201 },
  { t: 1, type: 'item_started', item: '002', wave: 1, file: '.agent/queue/002-in_progress-b.md', log: '.agent/runs/x/002.log', pid: 202 },
  {
    t: 3,
    type: 'item_failed',
    item: '002',
    wave: 1,
    file: '.agent/queue/002-blocked-b.md',
    exit_code: 2,
    duration_ms: 2000,
    reason: '`x` exited with code 2 after 2.0s',
  },
  { t: 4, type: 'waiting_for_resources', item: '003', wave: 1, reason: 'load 9.00 ≥ max_load 1', load: 9 },
]);

const replay = suite('replayRun');

replay('a live run: running, failed, waiting, held and still to start, with elapsed times', () => {
  const s = replayRun({ run: RUN, events: live, alive: () => true, now: new Date(at(10)) });
  assert.is(s.state, 'running');
  assert.is(s.exit_code, null);
  assert.is(s.elapsed_ms, 10_000);
  assert.is(s.seq, 6);
  const by = new Map(s.items.map((i) => [i.id, i]));
  assert.equal(by.get('001'), {
    id: '001',
    state: 'running',
    wave: 1,
    file: '.agent/queue/001-in_progress-a.md',
    log: '.agent/runs/x/001.log',
    started: at(1),
    pid: 201,
    elapsed_ms: 9000,
  });
  assert.is(by.get('002')!.state, 'failed');
  assert.is(by.get('002')!.exit_code, 2);
  assert.is(by.get('002')!.elapsed_ms, 2000);
  assert.equal(
    [by.get('003')!.state, by.get('003')!.elapsed_ms, by.get('003')!.reason],
    ['waiting_for_resources', 6000, 'waiting for resources: load 9.00 ≥ max_load 1'],
  );
  assert.is(by.get('004')!.state, 'to_start');
  assert.is(by.get('009')!.state, 'held');
  assert.equal(s.counts, { running: 1, failed: 1, waiting_for_resources: 1, to_start: 1, held: 1 });
  assert.equal(
    s.items.map((i) => i.id),
    ['001', '002', '003', '004', '009'],
  );
});

replay("a finished run carries apply's exit code and stops the clock at run_finished", () => {
  const done = [
    ...live,
    ...events([
      { t: 5, type: 'item_started', item: '003', file: 'q/003-in_progress-c.md' },
      { t: 6, type: 'item_completed', item: '003', exit_code: 0, duration_ms: 1000 },
      { t: 7, type: 'item_completed', item: '001', exit_code: 0, duration_ms: 6000 },
      { t: 7, type: 'item_not_started', item: '004', reason: 'not started: declined' },
      { t: 8, type: 'run_finished', exit_code: 3 },
    ]).map((e, n) => ({ ...e, seq: 7 + n })),
  ];
  const s = replayRun({ run: RUN, events: done, alive: () => false, now: new Date(at(60)) });
  assert.equal([s.state, s.exit_code, s.elapsed_ms, s.finished], ['finished', 3, 8000, at(8)]);
  assert.equal(s.counts, { completed: 2, failed: 1, not_started: 1, held: 1 });
  assert.is(s.items.find((i) => i.id === '003')!.reason, undefined);
});

replay('no run_finished and a dead pid: crashed, what was under way is unfinished, exit 1', () => {
  const s = replayRun({ run: RUN, events: live, alive: (pid) => pid !== 100, now: new Date(at(60)) });
  assert.equal([s.state, s.exit_code, s.finished], ['crashed', 1, at(4)]);
  assert.match(s.reason!, 'apply process 100 is gone');
  assert.equal(
    s.items.filter((i) => i.state === 'unfinished').map((i) => i.id),
    ['001', '003'],
  );
});

replay('another host: cannot tell, so still running', () => {
  assert.is(replayRun({ run: RUN, events: live, alive: () => undefined, now: new Date(at(60)) }).state, 'running');
});

replay('a detached launch without events: starting while its launcher lives, crashed after', () => {
  const launch = { pid: 77, time: at(0) };
  assert.is(replayRun({ run: RUN, events: [], alive: () => true, launch, now: new Date(at(1)) }).state, 'starting');
  const dead = replayRun({ run: RUN, events: [], alive: () => false, launch, now: new Date(at(1)) });
  assert.equal([dead.state, dead.exit_code], ['crashed', 1]);
  assert.match(dead.reason!, 'output.log');
});

replay.run();

const ids = suite('listRunIds');

ids('runs started in the same second are ordered by their first event, not by their random suffix', () => {
  const root = tempDir();
  const first = (run: string, time: string) => `${JSON.stringify({ v: 1, seq: 1, time, run, type: 'run_inputs' })}\n`;
  writeFiles(root, {
    '.agent/runs/20261127T225959-9999/events.jsonl': first('20261127T225959-9999', '2026-11-27T22:59:59.900Z'),
    '.agent/runs/20261127T230000-ffff/events.jsonl': first('20261127T230000-ffff', '2026-11-27T23:00:00.100Z'),
    '.agent/runs/20261127T230000-0001/events.jsonl': first('20261127T230000-0001', '2026-11-27T23:00:00.500Z'),
  });
  assert.equal(listRunIds(root), ['20261127T225959-9999', '20261127T230000-ffff', '20261127T230000-0001']);
});

ids.run();
