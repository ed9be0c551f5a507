import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { applyRepo, exited, queueNames, read, SILENT, startCli, until } from '../helpers/apply-repo.js';
import { waveplan } from '../helpers/cli.js';
import { readTrace, traceFacts } from '../helpers/trace.js';

/*
 * docs/reliability.md, "Nothing unreviewed runs": the plan holds every command, apply runs
 * exactly the plan's, and any change to the queue that no run's event log accounts for means a
 * new plan and a new review, on resume as well.
 */

const L3 = 'autonomy:\n  level: L3\n  max_parallel: 1\n  continue_on_error: true\nanalysis:\n  import_graph: false\n';
const WAIT_FOR_GO = 'while [ ! -f .agent/go ]; do sleep 0.05; done';

const unreviewed = suite('nothing unreviewed runs');

unreviewed("the plan holds each command a run may start (the item's run:, else run.command)", async () => {
  const dir = await applyRepo([{ id: '001' }, { id: '002', status: 'completed' }], `${L3}run:\n  command: echo from-config\n`);
  const plan = read(dir, '.agent/plan.yaml');
  assert.match(plan, /- id: "?001"?\n(?:.*\n)*?\s+run: sh \.agent\/trace\.sh 0\.1 0\n/);
  // completed items run nothing: no command to review
  assert.is(plan.match(/^\s+run: /gm)?.length, 1, plan);
  const file = join(dir, '.agent/queue/001-pending-item-001.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^run: .*\n/m, ''));
  const check = await waveplan(dir, ['plan', '--check']);
  assert.is(check.code, 2, check.stdout + check.stderr);
  assert.match(check.stdout, '001 command `sh .agent/trace.sh 0.1 0` → `echo from-config`');
});

/** A run killed with -9 after 001 completed, while 002 (waiting for .agent/go) runs; 003 pending. */
async function killedRun(): Promise<string> {
  const dir = await applyRepo(
    [
      { id: '001', seconds: 0.05 },
      { id: '002', run: WAIT_FOR_GO, blockedBy: ['001'] },
      { id: '003', blockedBy: ['002'] },
    ],
    L3,
  );
  const first = startCli(dir, ['apply'], SILENT);
  await until(
    '001 completed and 002 running',
    () =>
      queueNames(dir).includes('001-completed-item-001.md') &&
      queueNames(dir).includes('002-in_progress-item-002.md') &&
      read(dir, '.agent/trace.log').includes('end 001'),
  );
  first.kill('SIGKILL');
  await exited(first);
  return dir;
}

async function refusedAsStale(dir: string, what: RegExp | string): Promise<void> {
  const again = await waveplan(dir, ['apply', '--yes'], SILENT);
  assert.is(again.code, 1, again.stdout + again.stderr);
  assert.match(again.stderr, '.agent/plan.yaml is stale');
  assert.match(again.stderr, what);
  assert.not.ok(existsSync(join(dir, '.agent/EDITED')), 'an unreviewed command ran');
}

unreviewed('after kill -9, an edited run:, an edited run.command or a status renamed by hand is refused; undone, the run resumes', async () => {
  const dir = await killedRun();
  const item3 = join(dir, '.agent/queue/003-pending-item-003.md');
  const original = readFileSync(item3, 'utf8');
  writeFileSync(item3, original.replace(/^run: .*$/m, 'run: touch .agent/EDITED'));
  await refusedAsStale(dir, '.agent/queue/003-pending-item-003.md was edited after the plan was reviewed');
  writeFileSync(item3, original);

  const config = join(dir, 'parallel.config.yaml');
  writeFileSync(config, `${L3}run:\n  command: touch .agent/EDITED\n`);
  await refusedAsStale(dir, 'the config (parallel.config.yaml) changed after the plan was reviewed');
  writeFileSync(config, L3);

  const done = join(dir, '.agent/queue/001-completed-item-001.md');
  const pending = join(dir, '.agent/queue/001-pending-item-001.md');
  renameSync(done, pending);
  await refusedAsStale(dir, /item 001 is \.agent\/queue\/001-pending-item-001\.md, but run \S+ left it as \.agent\/queue\/001-completed-item-001\.md/);
  renameSync(pending, done);

  writeFileSync(join(dir, '.agent/go'), '');
  const resumed = await waveplan(dir, ['apply', '--yes'], SILENT);
  assert.is(resumed.code, 0, resumed.stdout + resumed.stderr);
  assert.match(resumed.stderr, /resuming run \S+, killed while applying this plan/);
  assert.equal(
    queueNames(dir).filter((n) => !n.startsWith('.')),
    ['001-completed-item-001.md', '002-completed-item-002.md', '003-completed-item-003.md'],
  );
  assert.is(traceFacts(readTrace(dir)).starts.get('001'), 1, 'a completed item ran again');
  assert.is((await waveplan(dir, ['plan', '--check'])).code, 0);
});

/** 001's command writes `run: touch .agent/EDITED` into 002's item file: an edit made by an item's command. */
async function editingRepo(first: string): Promise<string> {
  const dir = await applyRepo(
    [
      { id: '001', run: first },
      { id: '002', blockedBy: ['001'] },
    ],
    L3,
  );
  writeFileSync(join(dir, '.agent/edit.sh'), "sed -i 's/^run: .*$/run: touch .agent\\/EDITED/' .agent/queue/002-pending-item-002.md\n");
  return dir;
}

unreviewed("an item's command edits another item: that item does not run, the plan is not rewritten, the next apply refuses", async () => {
  const dir = await editingRepo('sh .agent/edit.sh');
  const plan = read(dir, '.agent/plan.yaml');
  const result = await waveplan(dir, ['apply'], SILENT);
  assert.is(result.code, 3, result.stdout + result.stderr);
  assert.match(result.stdout, '.agent/queue/002-pending-item-002.md changed after the plan was reviewed, so its command is not run');
  assert.match(result.stderr, '.agent/plan.yaml was not updated');
  assert.is(read(dir, '.agent/plan.yaml'), plan);
  assert.not.ok(existsSync(join(dir, '.agent/EDITED')));
  await refusedAsStale(dir, '002');
});

unreviewed('SIGTERM after a command edited another item: the end-of-run rewrite does not approve the edit', async () => {
  const dir = await editingRepo(`sh .agent/edit.sh && ${WAIT_FOR_GO}`);
  const plan = read(dir, '.agent/plan.yaml');
  const run = startCli(dir, ['apply'], { ...SILENT, WAVEPLAN_KILL_GRACE_MS: '500' });
  let stderr = '';
  run.stderr!.on('data', (chunk) => (stderr += chunk));
  await until('001 edited 002', () => read(dir, '.agent/queue/002-pending-item-002.md').includes('EDITED'));
  run.kill('SIGTERM');
  assert.is(await exited(run), 143);
  assert.match(stderr, '.agent/plan.yaml was not updated');
  assert.is(read(dir, '.agent/plan.yaml'), plan);
  await refusedAsStale(dir, '002');
});

unreviewed.run();
