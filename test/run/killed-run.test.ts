import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findKilledRun, stopOrphans } from '../../src/run/killed-run.js';
import { tempDir, writeFiles } from '../helpers/git-repo.js';

const killed = suite('findKilledRun / stopOrphans');
const R = '20261127T230000-abcd';

function events(lines: object[]): string {
  return lines.map((l, i) => JSON.stringify({ v: 1, seq: i + 1, time: '2026-11-27T23:00:00.000Z', run: R, ...l })).join('\n') + '\n{"v":1,"seq":9,"ti';
}

killed('finds the dead run, its unfinished items, and stops their commands', async () => {
  const root = tempDir();
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  const orphan = spawn('sleep 30', { shell: true, detached: true, stdio: 'ignore' });
  const exited = new Promise<boolean>((resolve) => orphan.on('exit', () => resolve(true)));
  writeFiles(root, {
    [`.agent/runs/${R}/events.jsonl`]: events([
      { type: 'run_started', pid: dead, host: hostname(), plan_fingerprint: 'sha256:abc' },
      { type: 'item_started', item: '001', pid: orphan.pid },
      { type: 'item_started', item: '002', pid: dead },
      { type: 'item_completed', item: '002' },
    ]),
  });
  const found = findKilledRun(root);
  assert.equal({ ...found, events: undefined }, { run: R, fingerprint: 'sha256:abc', unfinished: [{ item: '001', pid: orphan.pid }], events: undefined });
  assert.equal(await stopOrphans(found!, 1000), ['001']);
  // Its exit, not a guess at how long that takes (bounded: a command left running fails the test).
  assert.ok(await Promise.race([exited, new Promise((r) => setTimeout(() => r(false), 10_000).unref())]), 'orphaned command stopped');
});

killed('a run with a summary, or whose apply is alive, is not killed', () => {
  const root = tempDir();
  writeFiles(root, { [`.agent/runs/${R}/events.jsonl`]: events([{ type: 'run_started', pid: process.pid, host: hostname() }]) });
  assert.is(findKilledRun(root), undefined);
  writeFiles(root, { [`.agent/runs/${R}/summary.json`]: '{}' });
  assert.is(findKilledRun(root, true), undefined);
});

killed('folders without run_started (a losing --detach, a run killed before it started) do not hide an older killed run', () => {
  const root = tempDir();
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  const newer = '20261127T230500-ef01';
  writeFiles(root, {
    [`.agent/runs/${R}/events.jsonl`]: events([{ type: 'run_started', pid: dead, host: hostname(), plan_fingerprint: 'sha256:abc' }]),
    [`.agent/runs/${newer}/launch.json`]: '{}',
    [`.agent/runs/${newer}/events.jsonl`]: `${JSON.stringify({ v: 1, seq: 1, time: '2026-11-27T23:05:00.000Z', run: newer, type: 'lock_taken_over' })}\n`,
  });
  assert.is(findKilledRun(root)?.run, R);
  // under the lock, a live pid on the run is a reused one: the run is still the one to resume
  writeFiles(root, {
    [`.agent/runs/${R}/events.jsonl`]: events([{ type: 'run_started', pid: process.pid, host: hostname(), plan_fingerprint: 'sha256:abc' }]),
  });
  assert.is(findKilledRun(root), undefined);
  assert.is(findKilledRun(root, true)?.run, R);
});

killed('two runs started in the same second: the one that started later is the newest, whatever their suffixes', () => {
  const root = tempDir();
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  const line = (run: string, time: string, extra: object) =>
    JSON.stringify({ v: 1, seq: 1, time, run, type: 'run_started', pid: dead, host: hostname(), ...extra });
  // The first run (suffix ffff) was killed at once; the second (suffix 0001) started 400 ms later.
  writeFiles(root, {
    '.agent/runs/20261127T230000-ffff/events.jsonl': `${line('20261127T230000-ffff', '2026-11-27T23:00:00.100Z', { plan_fingerprint: 'sha256:first' })}\n`,
    '.agent/runs/20261127T230000-0001/events.jsonl': `${line('20261127T230000-0001', '2026-11-27T23:00:00.500Z', { plan_fingerprint: 'sha256:second' })}\n`,
  });
  assert.is(findKilledRun(root)?.run, '20261127T230000-0001');
});

killed.run();
