import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { applyRepo, exited, queueNames, read, SILENT, startCli, until } from '../helpers/apply-repo.js';
import { schemaErrors } from '../../src/schemas.js';
import { runCli, waveplan } from '../helpers/cli.js';
import { git, gitRepo, tempDir, writeFiles } from '../helpers/git-repo.js';
import { readTrace, traceFacts, traceQueueFiles } from '../helpers/trace.js';

const L3 = 'autonomy:\n  level: L3\n  max_parallel: 2\n  continue_on_error: true\nanalysis:\n  import_graph: false\n';
const L2 = L3.replace('L3', 'L2');

const apply = suite('waveplan apply');

apply('runs the reviewed plan: cap, conflicts, blockers, each item once; rewrites the plan', async () => {
  const dir = await applyRepo(
    [
      { id: '001', files: ['src/a.ts'] },
      { id: '002', files: ['src/a.ts'] },
      { id: '003', files: ['src/c.ts'] },
      { id: '004', files: ['src/d.ts'], blockedBy: ['003'] },
      { id: '005', files: ['src/e.ts'] },
      { id: '006', files: ['src/f.ts'] },
    ],
    L3,
  );
  const result = await waveplan(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.ok(
    queueNames(dir).every((n) => n.includes('-completed-')),
    queueNames(dir).join(),
  );
  const trace = traceFacts(readTrace(dir));
  assert.ok(trace.peak <= 2, `peak ${trace.peak}`);
  assert.not.ok(trace.overlaps.has('001+002'), 'conflicting items overlapped');
  assert.ok(trace.lastEnd.get('003')! < trace.firstStart.get('004')!, 'blocker finished first');
  for (const id of ['001', '002', '003', '004', '005', '006']) assert.is(trace.starts.get(id), 1, id);
  assert.match(result.stdout, '✓ 6 completed');
  assert.match(result.stdout, 'updated .agent/plan.yaml to the new statuses');
  const check = await waveplan(dir, ['plan', '--check']);
  assert.is(check.code, 0, check.stdout + check.stderr);
});

apply('--dry-run prints the order and changes nothing', async () => {
  const dir = await applyRepo(
    [
      { id: '001', files: ['src/a.ts'] },
      { id: '002', files: ['src/a.ts'] },
    ],
    L3,
  );
  const before = queueNames(dir);
  const result = await waveplan(dir, ['apply', '--dry-run']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /wave 1: 001 Item 001 — `sh \.agent\/trace\.sh 0\.1 0`\n\s+wave 2: 002 Item 002/);
  assert.match(result.stdout, 'nothing was changed');
  assert.equal(queueNames(dir), before);
  assert.equal(readTrace(dir), []);
  assert.is(read(dir, '.agent/apply.lock'), '');
});

apply('no command in a long queue: apply, its dry run and export sum the ids up instead of listing all of them', async () => {
  // A queue of 300 commits (breadth QA) printed all 300 ids on one line, three times over.
  const files: Record<string, string> = { 'parallel.config.yaml': L3 };
  for (let n = 1; n <= 20; n++) files[`.agent/queue/${String(n).padStart(3, '0')}-pending-t.md`] = `---\nfiles: [src/t${n}.ts]\n---\n# T ${n}\n`;
  const dir = gitRepo(undefined, files);
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  const ids = '001, 002, 003, 004, 005, …, 016, 017, 018, 019, 020 (20 items)';
  for (const args of [['apply', '--dry-run'], ['apply'], ['export', '--to', 'github-actions']]) {
    const r = await waveplan(dir, args, SILENT);
    assert.is(r.code, 1, args.join(' '));
    assert.match(r.stderr, `no command to run for ${ids}`, args.join(' '));
    assert.not.match(r.stderr, '010', args.join(' '));
  }
});

apply('--dry-run exits 1 as apply would when an item has no command, naming it after the preview', async () => {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-a.md': '---\nfiles: [src/a.ts]\n---\n# A\n',
    '.agent/queue/002-pending-b.md': '---\nfiles: [src/b.ts]\nrun: "true"\n---\n# B\n',
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 1;\n',
    'parallel.config.yaml': L3,
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  const dry = await waveplan(dir, ['apply', '--dry-run']);
  assert.is(dry.code, 1, dry.stdout + dry.stderr);
  assert.match(dry.stdout, '001 A — NO COMMAND');
  assert.match(dry.stderr, 'no command to run for 001: add `run: <command>`');
  const real = await waveplan(dir, ['apply'], SILENT);
  assert.is(real.code, 1);
  assert.match(real.stderr, 'no command to run for 001: add `run: <command>`');
  assert.equal(queueNames(dir), ['001-pending-a.md', '002-pending-b.md']);
});

apply('L2 without a terminal and without --yes refuses, changing nothing', async () => {
  const dir = await applyRepo([{ id: '001' }], L2);
  const result = await waveplan(dir, ['apply'], SILENT);
  assert.is(result.code, 1);
  assert.match(result.stderr, 'autonomy level L2 asks before running the plan, and there is no terminal to ask on: pass --yes');
  assert.equal(queueNames(dir), ['001-pending-item-001.md']);
});

apply('L2 --yes: the first failure stops new starts, exit 3, the failure under ## Notes', async () => {
  const dir = await applyRepo([{ id: '001', exitCode: 3, seconds: 0.05 }, { id: '002', after: '001' }, { id: '003' }, { id: '004' }], L2);
  const result = await waveplan(dir, ['apply', '--yes'], SILENT);
  assert.is(result.code, 3, result.stderr + result.stdout);
  assert.equal(queueNames(dir), ['001-blocked-item-001.md', '002-completed-item-002.md', '003-pending-item-003.md', '004-pending-item-004.md']);
  const note = read(dir, '.agent/queue/001-blocked-item-001.md');
  assert.match(
    note,
    /## Notes\n\n- \S+Z blocked by waveplan apply run \S+: `sh \.agent\/trace\.sh 0\.05 3` exited with code 3 after [\d.]+s \(log: \.agent\/runs\/\S+\/001\.log\)\. Last 20 lines of output:\n\n  ```text\n  output line 11 of 001\n/,
  );
  assert.match(result.stdout, /failed \(now blocked; see the Notes in the item file\):\n  001 Item 001: `sh \.agent\/trace\.sh 0\.05 3` exited with code 3/);
  assert.match(result.stdout, /not started:\n  003 Item 003: not started: 001 failed/);
});

apply('L3 + continue_on_error: runs what it can, holds dependents, exit 3', async () => {
  const dir = await applyRepo([{ id: '001', exitCode: 1, seconds: 0.05 }, { id: '002', blockedBy: ['001'] }, { id: '003' }], L3);
  const result = await waveplan(dir, ['apply'], SILENT);
  assert.is(result.code, 3, result.stderr + result.stdout);
  assert.equal(queueNames(dir), ['001-blocked-item-001.md', '002-pending-item-002.md', '003-completed-item-003.md']);
  assert.match(result.stdout, '002 Item 002: held: blocked by 001');
});

apply('a wave whose items failed says so in the task list, not a bare ✔', async () => {
  // On hono, `✔ Wave 1: 001, 002, 004, 007` stood over two ✖ items (and after Ctrl-C over two interrupted ones).
  const dir = await applyRepo([{ id: '001', exitCode: 1, seconds: 0.05 }, { id: '002' }, { id: '003', blockedBy: ['001'] }], L3);
  const result = runCli(dir, ['apply'], { WAVEPLAN_RENDERER: 'simple' });
  assert.is(result.code, 3, result.stderr + result.stdout);
  const out = result.stdout + result.stderr;
  assert.match(out, /✔ Wave 1: 001, 002 — 1 failed\n/);
  assert.match(out, /Wave 2: 003 — 1 held\n/);
});

apply('a stale plan is refused, naming the item that changed', async () => {
  const dir = await applyRepo([{ id: '001' }, { id: '002' }], L3);
  const file = join(dir, '.agent/queue/002-pending-item-002.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace('**BlockedBy**: none', '**BlockedBy**: 001'));
  const result = await waveplan(dir, ['apply'], SILENT);
  assert.is(result.code, 1);
  assert.match(result.stderr, '.agent/plan.yaml is stale');
  assert.match(result.stderr, /002 now waits for 001/);
  assert.match(result.stderr, 'run `waveplan plan`');
  assert.equal(readTrace(dir), []);
});

apply('a plan stale only by its fingerprint is refused naming the file that changed, as plan --check does', async () => {
  // A user's uncommitted edit to a file an item writes: the waves are the same, the inputs are not.
  const dir = gitRepo(undefined, {
    ...traceQueueFiles([{ id: '001', files: ['src/a.ts'] }]),
    'src/a.ts': 'export const a = 1;\n',
    'parallel.config.yaml': 'autonomy:\n  level: L3\n',
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  writeFileSync(join(dir, 'src/a.ts'), 'export const a = 2;\n');
  const result = await waveplan(dir, ['apply'], SILENT);
  assert.is(result.code, 1);
  assert.match(result.stderr, '.agent/plan.yaml is stale');
  assert.match(result.stderr, /changed since the plan was last committed \([0-9a-f]{7}\): src\/a\.ts/);
  assert.equal(readTrace(dir), []);
});

apply('a hand-edited plan, an invalid plan and a missing plan are refused', async () => {
  const dir = await applyRepo([{ id: '001' }], L3);
  const plan = join(dir, '.agent/plan.yaml');
  const text = readFileSync(plan, 'utf8');
  writeFileSync(plan, text.replace(/max_parallel: 2/, 'max_parallel: 9'));
  const edited = await waveplan(dir, ['apply'], SILENT);
  assert.is(edited.code, 1);
  assert.match(edited.stderr, 'refusing a plan edited by hand');
  writeFileSync(plan, 'version: 7\nwaves: nope\n');
  const invalid = await waveplan(dir, ['apply'], SILENT);
  assert.is(invalid.code, 1);
  assert.match(invalid.stderr, 'is not a valid plan');
  rmSync(plan);
  const missing = await waveplan(dir, ['apply'], SILENT);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'run `waveplan plan`');
  assert.equal(queueNames(dir), ['001-pending-item-001.md']);
});

apply('a second concurrent apply is refused, naming the holder', async () => {
  // the item waits for a file the test writes after the second apply answered
  const dir = await applyRepo([{ id: '001', run: 'while [ ! -f .agent/go ]; do sleep 0.05; done' }], L3);
  const first = startCli(dir, ['apply'], SILENT);
  await until('the first apply to claim', () => queueNames(dir).includes('001-in_progress-item-001.md'));
  const second = await waveplan(dir, ['apply'], SILENT);
  writeFileSync(join(dir, '.agent/go'), '');
  assert.is(second.code, 1, second.stdout + second.stderr);
  assert.match(second.stderr, `another apply holds the queue: pid ${first.pid}`);
  assert.is(await exited(first), 0);
  assert.equal(queueNames(dir), ['001-completed-item-001.md']);
});

apply('kill -9 mid-run, then apply again: the queue completes, nothing completed runs twice, no file lost', async () => {
  const ids = ['001', '002', '003', '004', '005', '006'];
  const dir = await applyRepo(
    ids.map((id) => ({ id, seconds: 0.6 })),
    L3,
  );
  const first = startCli(dir, ['apply'], SILENT);
  await until('one item completed and one in progress', () => {
    const names = queueNames(dir);
    return names.some((n) => n.includes('-completed-')) && names.some((n) => n.includes('-in_progress-'));
  });
  first.kill('SIGKILL');
  await exited(first);
  const doneAtKill = queueNames(dir)
    .filter((n) => /^\d{3}-completed-/.test(n))
    .map((n) => n.slice(0, 3));
  const second = await waveplan(dir, ['apply'], SILENT);
  assert.is(second.code, 0, second.stderr + second.stdout);
  assert.match(second.stderr, /took over \.agent\/apply\.lock from run \S+ \(pid \d+/);
  assert.match(second.stderr, /resuming run \S+, killed while applying this plan/);
  assert.equal(
    queueNames(dir),
    ids.map((id) => `${id}-completed-item-${id}.md`),
  );
  const trace = traceFacts(readTrace(dir));
  for (const id of doneAtKill) assert.is(trace.starts.get(id), 1, `${id} completed before the kill and ran again`);
  for (const id of ids) assert.ok((trace.starts.get(id) ?? 0) >= 1, `${id} never ran`);
  assert.is((await waveplan(dir, ['plan', '--check'])).code, 0);
});

apply('isolation worktree in a repository with no commit yet: refused before anything runs, saying to commit first', async () => {
  // Was: the run started and blocked item 001 with "fatal: not a valid object name: 'master'" (a fresh `git init`).
  const dir = tempDir();
  git(dir, 'init', '-q');
  writeFiles(dir, {
    'parallel.config.yaml': 'run: { isolation: worktree, command: "echo x >> src/a.ts" }\n',
    '.agent/queue/001-pending-a.md': '---\nfiles: [src/a.ts]\n---\n# A\n',
    'src/a.ts': 'export const a = 1;\n',
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  const result = await waveplan(dir, ['apply', '--yes']);
  assert.is(result.code, 1);
  assert.match(result.stderr, /^waveplan: run\.isolation: worktree starts each item from the current commit, but \S+ has no commit yet: commit first/);
  assert.equal(queueNames(dir), ['001-pending-a.md'], 'nothing ran, nothing blocked');
  // --detach refuses in the foreground too (was: "started run …", then a crashed run).
  const detached = await waveplan(dir, ['apply', '--detach', '--yes']);
  assert.is(detached.code, 1);
  assert.match(detached.stderr, 'has no commit yet: commit first');
  assert.is(detached.stdout, '');
});

apply('--schedule dynamic without isolation audits the whole run: a file no item predicted is reported (was: nothing audited)', async () => {
  const dir = gitRepo(undefined, {
    'parallel.config.yaml': 'autonomy: { level: L3 }\nanalysis: { import_graph: false }\n',
    '.agent/queue/001-pending-a.md': '---\nfiles: [src/a.ts]\nrun: "echo 1 >> src/a.ts && echo oops >> src/other.ts"\n---\n# A\n',
    '.agent/queue/002-pending-b.md': '---\nfiles: [src/b.ts]\nrun: "echo 2 >> src/b.ts"\n---\n# B\n',
    '.agent/queue/003-pending-c.md': '---\nfiles: [src/c.ts]\nrun: "echo only line; exit 3"\n---\n# C\n',
    'src/a.ts': 'a\n',
    'src/b.ts': 'b\n',
    'src/other.ts': 'other\n',
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  const result = await waveplan(dir, ['apply', '--schedule', 'dynamic'], SILENT);
  assert.is(result.code, 3, result.stderr);
  // Nothing lands without isolation: the report says what completed (was: "0 of 3 landed", "not landed (failed)").
  const report = (await waveplan(dir, ['report'])).stdout;
  assert.match(report, /Last run \S+ \(finished \S+, exit 3\): 2 of 3 completed\n/);
  assert.match(report, '  003  failed: `echo only line; exit 3` exited with code 3');
  // One line of output is "the last line", not "Last 1 lines".
  assert.match(readFileSync(join(dir, '.agent/queue/003-blocked-c.md'), 'utf8'), 'The last line of output:\n\n  ```text\n  only line\n  ```');
  assert.match(report, '  the run footprint exceeded: src/other.ts');
  assert.match(result.stdout + result.stderr, "footprint exceeded: the run changed src/other.ts outside its items' predicted write sets");
  const [run] = readdirSync(join(dir, '.agent/runs')).filter((n) => !n.startsWith('.'));
  const summary = JSON.parse(readFileSync(join(dir, '.agent/runs', run, 'summary.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(summary.audit, [{ exceeded: ['src/other.ts'] }]);
  assert.equal(schemaErrors('run-summary', summary), []);
});

apply('--schedule dynamic completes the same queue', async () => {
  const dir = await applyRepo(
    [
      { id: '001', files: ['src/a.ts'] },
      { id: '002', files: ['src/a.ts'] },
      { id: '003', blockedBy: ['001'] },
    ],
    L3,
  );
  // Without isolation a dynamic run has no waves: the audit covers the whole run (the dry run said "per wave", and nothing was audited).
  const preview = await waveplan(dir, ['apply', '--dry-run', '--schedule', 'dynamic']);
  assert.match(preview.stdout, 'isolation none: items share the main work tree; with --schedule dynamic (no waves) the footprint audit covers the whole run');
  assert.match((await waveplan(dir, ['apply', '--dry-run'])).stdout, 'isolation none: items share the main work tree; the footprint audit is per wave');
  const result = await waveplan(dir, ['apply', '--schedule', 'dynamic'], SILENT);
  assert.is(result.code, 0, result.stderr);
  assert.not.ok(traceFacts(readTrace(dir)).overlaps.has('001+002'));
  assert.ok(queueNames(dir).every((n) => n.includes('-completed-')));
});

apply.run();
