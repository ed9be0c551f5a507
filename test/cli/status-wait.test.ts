import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { schemaErrors } from '../../src/schemas.js';
import { waveplan } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git-repo.js';
import { killGroup, queueStatuses, sleep, startApply, until } from '../helpers/runs.js';
import { traceQueueFiles } from '../helpers/trace.js';

const RANK: Record<string, number> = { pending: 0, in_progress: 1, completed: 2, blocked: 2 };
/** The furthest filename status an item may already have when the run's events say `state`. */
const FLOOR: Record<string, number> = { to_start: 0, waiting_for_resources: 0, running: 1, completed: 2, failed: 2, held: 0, not_started: 0 };

const live = suite('status / wait / runs on a live run');

live("status --json every 100 ms agrees with the filenames and the cap; wait gives apply's exit code and summary", async () => {
  const root = gitRepo(
    undefined,
    traceQueueFiles([
      { id: '001', seconds: 3 },
      { id: '002', seconds: 0.3, exitCode: 2 },
      { id: '003', seconds: 0.4 },
      { id: '004', seconds: 0.3 },
      { id: '005', seconds: 0.2 },
    ]),
  );
  const apply = startApply(root, { waves: [['001', '002', '003', '004', '005']], maxParallel: 2 });
  await until(() => existsSync(join(root, `.agent/runs/${apply.run}/events.jsonl`)), 20_000, 'the run to start');
  let polls = 0;
  let sawRunning = false;
  for (;;) {
    const r = await waveplan(root, ['status', '--json']);
    assert.is(r.code, 0, r.stderr);
    const files = queueStatuses(root); // read after the status: filenames can only be further along
    const status = JSON.parse(r.stdout);
    assert.equal(schemaErrors('run-status', status), [], r.stdout);
    assert.is(status.run, apply.run);
    const running = status.items.filter((i: { state: string }) => i.state === 'running');
    assert.ok(running.length <= 2, `${running.length} running with max_parallel 2`);
    sawRunning ||= running.length > 0;
    for (const item of status.items) {
      assert.ok(RANK[files.get(item.id)!]! >= FLOOR[item.state]!, `${item.id}: status ${item.state}, file ${files.get(item.id)}`);
      if (item.state === 'running') assert.ok(item.file.includes('-in_progress-') && Array.isArray(item.tail), JSON.stringify(item));
    }
    polls += 1;
    if (status.state !== 'running') break;
    await sleep(100);
  }
  assert.ok(sawRunning, `polls ${polls}`);
  const waited = await waveplan(root, ['wait']);
  assert.is(waited.code, 3, waited.stderr);
  assert.match(waited.stdout, `run ${apply.run}: finished`);
  assert.match(waited.stdout, /  002  failed\s+\d+\.\ds  exit 2\s+\.agent\/runs\/\S+\/002\.log/);
  assert.match(waited.stdout, /  001  completed\s+\d+\.\ds  exit 0/);
  assert.match(waited.stdout, 'failures and items that did not run:\n  002 failed: `sh .agent/trace.sh 0.3 2` exited with code 2');
  assert.is(await apply.exited, 3);
  const text = await waveplan(root, ['status', apply.run.slice(0, 17)]);
  assert.match(text.stdout, /completed\s+001/);
  const runs = await waveplan(root, ['runs', '--json']);
  const list = JSON.parse(runs.stdout);
  assert.equal(
    list.map((r: { run: string; state: string; exit_code: number }) => [r.run, r.state, r.exit_code]),
    [[apply.run, 'finished', 3]],
  );
  assert.match((await waveplan(root, ['runs'])).stdout, new RegExp(`${apply.run}  finished  \\S+  \\S+  exit 3`));
});

live("status shows a running item's log tail with its colours and its progress bar's last state, never a control sequence that acts", async () => {
  const noisy = "printf '\\033]0;owned\\007title \\033[2Jcleared \\033[31mred\\033[0m\\n10%%\\r100%% done\\n'; sleep 30\n";
  const root = gitRepo(undefined, { ...traceQueueFiles([{ id: '001', run: 'sh .agent/noisy.sh' }]), '.agent/noisy.sh': noisy });
  const apply = startApply(root, { waves: [['001']] });
  await until(async () => (await waveplan(root, ['status'])).stdout.includes('100% done'), 20_000, 'the log tail');
  const text = (await waveplan(root, ['status'])).stdout;
  apply.child.kill('SIGKILL');
  await apply.exited;
  assert.match(text, '│ \\x1b]0;owned\\x07title \\x1b[2Jcleared \x1b[31mred\x1b[0m');
  assert.match(text, '│ 100% done', JSON.stringify(text));
  assert.not.match(text, '10%');
  assert.not.match(text, '\x1b]');
});

live('wait --timeout 1 exits 124 and leaves the run going; a killed run is crashed', async () => {
  const root = gitRepo(undefined, traceQueueFiles([{ id: '001', seconds: 30 }]));
  const apply = startApply(root, { waves: [['001']] });
  await until(async () => (await waveplan(root, ['status', '--json'])).stdout.includes('"running"'), 20_000, 'the item to run');
  const waited = await waveplan(root, ['wait', '--timeout', '1']);
  assert.is(waited.code, 124);
  assert.match(waited.stderr, `run ${apply.run} is still running after 1.0s`);
  const status = JSON.parse((await waveplan(root, ['status', '--json'])).stdout);
  assert.is(status.state, 'running');
  const item = status.items[0];
  apply.child.kill('SIGKILL');
  await apply.exited;
  killGroup(item.pid);
  const crashed = await waveplan(root, ['status']);
  assert.match(crashed.stdout, `run ${apply.run}: CRASHED`);
  assert.match(crashed.stdout, /unfinished\s+001/);
  const after = await waveplan(root, ['wait']);
  assert.is(after.code, 1);
});

live('no runs, or an unknown run id: one line that says what to do', async () => {
  const root = gitRepo(undefined, {});
  const none = await waveplan(root, ['status']);
  assert.is(none.code, 1);
  assert.is(none.stderr, 'waveplan: no runs yet: .agent/runs/ is empty; start one with `waveplan apply --detach`\n');
  assert.is((await waveplan(root, ['runs'])).stdout, 'no runs yet (start one with `waveplan apply --detach`)\n');
});

live.run();
