import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { schemaErrors } from '../../src/schemas.js';
import { applyRepo, queueNames, SILENT } from '../helpers/apply-repo.js';
import { runCli, waveplan } from '../helpers/cli.js';
import { REPO_ROOT, tempDir, writeFiles } from '../helpers/git-repo.js';
import { killGroup, queueStatuses, sleep, until } from '../helpers/runs.js';
import { readTrace, traceFacts } from '../helpers/trace.js';

const config = (extra = '') => `autonomy:\n  level: L3\n  max_parallel: 2\n  continue_on_error: true\nanalysis:\n  import_graph: false\n${extra}`;
const RANK: Record<string, number> = { pending: 0, in_progress: 1, completed: 2, blocked: 2 };
const FLOOR: Record<string, number> = { to_start: 0, waiting_for_resources: 0, running: 1, completed: 2, failed: 2, held: 0, not_started: 0 };
const statusJson = async (dir: string, ...args: string[]) => {
  const r = await waveplan(dir, ['status', '--json', ...args]);
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
};

const detach = suite('waveplan apply --detach');

detach('returns at once with the run id while items run; status agrees with the filenames and the cap; wait gives 3 and the summary', async () => {
  const dir = await applyRepo(
    [
      { id: '001', seconds: 5 },
      { id: '002', seconds: 0.3, exitCode: 2 },
      { id: '003', seconds: 0.3 },
      { id: '004', seconds: 0.3 },
      { id: '005', seconds: 0.3 },
    ],
    config(),
  );
  const started = runCli(dir, ['apply', '--detach'], SILENT);
  assert.is(started.code, 0, started.stderr);
  const run = started.stdout.trim();
  assert.match(run, /^\d{8}T\d{6}-[0-9a-f]{4}$/);
  assert.match(started.stderr, `started run ${run} in the background`);
  const first = await statusJson(dir);
  assert.is(first.run, run);
  assert.ok(first.state === 'starting' || first.state === 'running', first.state);
  let sawRunning = false;
  for (let status = first; ; status = await statusJson(dir)) {
    const files = queueStatuses(dir);
    assert.equal(schemaErrors('run-status', status), []);
    const running = status.items.filter((i: { state: string }) => i.state === 'running');
    assert.ok(running.length <= 2, `${running.length} running with max_parallel 2`);
    sawRunning ||= running.length > 0;
    for (const item of status.items) assert.ok(RANK[files.get(item.id)!]! >= FLOOR[item.state]!, `${item.id}: ${item.state} vs ${files.get(item.id)}`);
    if (status.state === 'finished' || status.state === 'crashed') break;
    await sleep(100);
  }
  assert.ok(sawRunning);
  const waited = await waveplan(dir, ['wait', run]);
  assert.is(waited.code, 3, waited.stdout + waited.stderr);
  assert.match(waited.stdout, /002  failed\s+\d+\.\ds\s+exit 2/);
  assert.match(waited.stdout, 'failures and items that did not run:\n  002 failed: `sh .agent/trace.sh 0.3 2` exited with code 2');
  assert.equal(queueNames(dir), [
    '001-completed-item-001.md',
    '002-blocked-item-002.md',
    '003-completed-item-003.md',
    '004-completed-item-004.md',
    '005-completed-item-005.md',
  ]);
  assert.match(readFileSync(join(dir, `.agent/runs/${run}/output.log`), 'utf8'), '4 completed, 1 failed');
  assert.ok(traceFacts(readTrace(dir)).peak <= 2);
});

detach('wait --timeout 1 exits 124 and the run goes on; kill -9 → crashed; the next apply resumes it', async () => {
  const dir = await applyRepo(
    [
      { id: '001', run: 'sh .agent/slow-once.sh' },
      { id: '002', seconds: 0.1 },
    ],
    config(),
  );
  writeFiles(dir, { '.agent/slow-once.sh': 'if [ -f .agent/once ]; then exit 0; fi\ntouch .agent/once\nsleep 60\n' });
  const run = runCli(dir, ['apply', '--detach'], SILENT).stdout.trim();
  await until(() => existsSync(join(dir, '.agent/once')), 90_000, '001 to run');
  const waited = await waveplan(dir, ['wait', '--timeout', '1']);
  assert.is(waited.code, 124);
  assert.match(waited.stderr, `run ${run} is still running`);
  const live = await statusJson(dir, run);
  assert.is(live.state, 'running');
  const item = live.items.find((i: { id: string }) => i.id === '001');
  assert.is(item.state, 'running');
  process.kill(live.pid, 'SIGKILL');
  await until(async () => (await statusJson(dir)).state === 'crashed', 90_000, 'the run to show as crashed');
  const crashed = await waveplan(dir, ['status']);
  assert.match(crashed.stdout, `run ${run}: CRASHED`);
  assert.match(crashed.stdout, /unfinished\s+001/);
  assert.is((await waveplan(dir, ['wait', run])).code, 1);
  const resumed = runCli(dir, ['apply'], SILENT);
  killGroup(item.pid); // only if the resume failed to stop it
  assert.is(resumed.code, 0, resumed.stdout + resumed.stderr);
  assert.match(resumed.stderr, 'resuming 001');
  assert.ok(
    queueNames(dir).every((n) => n.includes('-completed-')),
    queueNames(dir).join(),
  );
  const runs = JSON.parse((await waveplan(dir, ['runs', '--json'])).stdout);
  assert.equal(
    runs.map((r: { state: string; exit_code: number }) => [r.state, r.exit_code]),
    [
      ['crashed', 1],
      ['finished', 0],
    ],
  );
});

detach("wait returns once the finished run's process is gone: its last writes come after its last event", async () => {
  // A detached apply writes run_finished, then its summary, .agent/learned.json, the plan and the
  // end of output.log; `wait && git commit -a` must see them all. The owner here is a process that
  // outlives the run's last event by a moment.
  const dir = tempDir();
  const owner = spawn('sleep 1', { shell: true, stdio: 'ignore' });
  let gone = false;
  owner.on('exit', () => (gone = true));
  const run = '20261207T170000-abcd';
  const line = (seq: number, e: object) => JSON.stringify({ v: 1, seq, time: '2026-12-07T17:00:00.000Z', run, ...e });
  writeFiles(dir, {
    [`.agent/runs/${run}/events.jsonl`]: `${line(1, { type: 'run_started', pid: owner.pid, host: hostname(), items: [] })}\n${line(2, { type: 'run_finished', exit_code: 0 })}\n`,
  });
  const waited = await waveplan(dir, ['wait', run]);
  assert.is(waited.code, 0, waited.stdout + waited.stderr);
  assert.ok(gone, "wait returned while the run's process still ran");
});

detach('refusals happen before detaching: a level that asks, a stale plan', async () => {
  const asks = await applyRepo([{ id: '001' }], config().replace('L3', 'L2'));
  const refused = runCli(asks, ['apply', '--detach'], SILENT);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, 'a detached run has no terminal to ask on: pass --yes');
  assert.not.ok(existsSync(join(asks, '.agent/runs')));
  const stale = await applyRepo([{ id: '001' }, { id: '002' }], config());
  writeFiles(stale, { '.agent/queue/003-pending-new.md': '# New\n**Status**: pending\n' });
  const refusedStale = runCli(stale, ['apply', '--detach'], SILENT);
  assert.is(refusedStale.code, 1);
  assert.not.ok(existsSync(join(stale, '.agent/runs')), refusedStale.stderr);
});

detach('a second apply --detach while a run has moved its items is refused for the live run, not as a stale plan', async () => {
  const dir = await applyRepo([{ id: '001', run: 'while [ ! -e .agent/go ]; do sleep 0.05; done' }], config());
  const started = runCli(dir, ['apply', '--detach'], SILENT);
  assert.is(started.code, 0, started.stderr);
  await until(() => queueStatuses(dir).get('001') === 'in_progress', 60_000, 'the run to claim 001');
  const second = runCli(dir, ['apply', '--detach'], SILENT);
  assert.is(second.code, 1, second.stdout + second.stderr);
  assert.match(second.stderr, 'another apply holds the queue');
  writeFileSync(join(dir, '.agent/go'), '');
  const waited = await waveplan(dir, ['wait', started.stdout.trim()]);
  assert.is(waited.code, 0, waited.stdout + waited.stderr);
});

detach('run.max_load: CPU-bound items fill the cap only once the load falls; status shows the hold', async () => {
  const burn = `echo "start $WAVEPLAN_ITEM_ID" >> .agent/trace.log\n"${process.execPath}" -e 'const end = Date.now() + 2500; while (Date.now() < end) {}'\necho "end $WAVEPLAN_ITEM_ID" >> .agent/trace.log\n`;
  const dir = await applyRepo(
    ['001', '002', '003', '004', '005', '006'].map((id) => ({ id, run: 'sh .agent/burn.sh' })),
    config('run:\n  max_load: 1\n'),
  );
  writeFiles(dir, { '.agent/burn.sh': burn, '.agent/loadavg': '5.00 5.00 5.00 3/300 999\n' });
  const env = { ...SILENT, WAVEPLAN_LOADAVG_FILE: join(dir, '.agent/loadavg') };
  const run = runCli(dir, ['apply', '--detach'], env).stdout.trim();
  // Poll the text status itself: on a loaded machine a held item may start between two separate reads.
  let held = '';
  await until(async () => /— waiting for resources: load/.test((held = (await waveplan(dir, ['status', run])).stdout)), 90_000, 'a held start');
  assert.match(held, /waiting for resources \d{3}\s+[\d.]+s\s+— waiting for resources: load 5\.00 ≥ max_load 1/);
  assert.ok(traceFacts(readTrace(dir)).peak <= 1, 'one at a time while the load is 5');
  writeFileSync(join(dir, '.agent/loadavg'), '0.00 0.00 0.00 1/300 999\n');
  const waited = await waveplan(dir, ['wait', run]);
  assert.is(waited.code, 0, waited.stdout);
  const facts = traceFacts(readTrace(dir));
  assert.is(facts.peak, 2, 'the cap filled once the load fell');
  const events = readFileSync(join(dir, `.agent/runs/${run}/events.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.ok(events.some((e) => e.type === 'waiting_for_resources' && e.load === 5));
});

/** The state letter of a process in /proc (Linux): `Z` for a zombie, dead but not yet reaped by its parent. */
const procState = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0];
  } catch {
    return undefined;
  }
};

detach('a killed apply its parent has not reaped yet (a zombie) is crashed at once, not running', async () => {
  if (!existsSync('/proc/self/stat')) return; // zombies are told apart through /proc (Linux)
  const dir = await applyRepo([{ id: '001', run: 'sh .agent/slow.sh' }], config());
  writeFiles(dir, { '.agent/slow.sh': 'touch .agent/once\nsleep 60\n' });
  // sh starts apply, then becomes sleep, which never waits for children: killed, apply stays a zombie until sleep ends.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', ...SILENT };
  const bin = join(REPO_ROOT, 'bin/waveplan.js');
  const parent = spawn('sh', ['-c', `"${process.execPath}" "${bin}" apply >/dev/null 2>&1 & exec sleep 120`], {
    cwd: dir,
    env,
    stdio: 'ignore',
    detached: true,
  });
  let itemPid: number | undefined;
  try {
    await until(() => existsSync(join(dir, '.agent/once')), 90_000, '001 to run');
    const live = await statusJson(dir);
    assert.is(live.state, 'running');
    itemPid = live.items.find((i: { id: string }) => i.id === '001').pid;
    process.kill(live.pid, 'SIGKILL');
    await until(() => procState(live.pid) === 'Z', 10_000, 'apply to be a zombie');
    const status = await statusJson(dir);
    assert.is(status.state, 'crashed');
    assert.match((await waveplan(dir, ['status'])).stdout, `run ${status.run}: CRASHED`);
  } finally {
    killGroup(itemPid);
    killGroup(parent.pid);
  }
});

detach.run();
