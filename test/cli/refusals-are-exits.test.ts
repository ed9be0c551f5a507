import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { applyRepo, exited, queueNames, read, SILENT, startCli, until } from '../helpers/apply-repo.js';
import { runCli } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git-repo.js';
import { readTrace } from '../helpers/trace.js';

/* docs/reliability.md: refusals are exits, bad input is a diagnostic with file:line, never "internal error". */

const refusals = suite('refusals are exits, with diagnostics');

const ITEM = (run: string) => `---\nfiles: [src/a.ts]\nrun: ${run}\n---\n# One\n**Status**: pending\n`;

refusals('a NUL byte in run: or run.command is a validation error at its line', () => {
  const dir = gitRepo(undefined, { '.agent/queue/001-pending-one.md': ITEM('"echo a\\0b"') });
  for (const args of [['validate'], ['plan']]) {
    const r = runCli(dir, args);
    assert.is(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, '.agent/queue/001-pending-one.md:3:1 ITEM_RUN run: holds a NUL byte');
  }
  const config = gitRepo(undefined, { '.agent/queue/001-pending-one.md': '# One\n', 'parallel.config.yaml': 'run:\n  command: "make\\0"\n' });
  const r = runCli(config, ['validate']);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /parallel\.config\.yaml:2:\d+ /);
  assert.not.match(r.stderr, 'internal error');
});

const BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
].join('\n');

refusals('a YAML alias bomb or nesting too deep in the config, an item or the plan is a diagnostic naming the file', () => {
  const inConfig = gitRepo(undefined, { 'parallel.config.yaml': `${BOMB}\n` });
  const c = runCli(inConfig, ['validate']);
  assert.is(c.code, 1, c.stdout + c.stderr);
  assert.match(c.stderr, /parallel\.config\.yaml:\d+:\d+ CONFIG_YAML not valid YAML: too many aliases/);
  const deep = gitRepo(undefined, { 'parallel.config.yaml': `x: ${'['.repeat(20000)}${']'.repeat(20000)}\n` });
  const d = runCli(deep, ['validate']);
  assert.is(d.code, 1, d.stdout + d.stderr);
  assert.match(d.stderr, /parallel\.config\.yaml:\d+:\d+ CONFIG_YAML/);
  const inItem = gitRepo(undefined, { '.agent/queue/001-pending-one.md': `---\n${BOMB}\n---\n# One\n` });
  const i = runCli(inItem, ['plan']);
  assert.is(i.code, 1, i.stdout + i.stderr);
  assert.match(i.stderr, /\.agent\/queue\/001-pending-one\.md:\d+:\d+ ITEM_YAML frontmatter is not valid YAML: too many aliases/);
  const inPlan = gitRepo(undefined, { '.agent/queue/001-pending-one.md': ITEM('echo hi'), '.agent/plan.yaml': `# Compiled by waveplan.\n${BOMB}\n` });
  const p = runCli(inPlan, ['plan', '--check']);
  assert.is(p.code, 1, p.stdout + p.stderr);
  assert.match(p.stderr, /\.agent\/plan\.yaml:\d+:\d+ PLAN_YAML not valid YAML: too many aliases/);
  for (const r of [c, d, i, p]) assert.not.match(r.stdout + r.stderr, 'internal error');
});

refusals('a status rename that fails stops the run like a failed item (L2 --yes)', async () => {
  const L2 = 'autonomy:\n  level: L2\n  max_parallel: 1\nanalysis:\n  import_graph: false\n';
  const dir = await applyRepo(
    [
      { id: '001', files: ['src/a.ts'] },
      { id: '002', files: ['src/a.ts'] },
    ],
    L2,
  );
  // the completed name is taken (a folder): the rename to completed cannot be made
  mkdirSync(join(dir, '.agent/queue/001-completed-item-001.md'));
  const r = runCli(dir, ['apply', '--yes'], SILENT);
  assert.is(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /001 Item 001: `.*` exited 0 after [\d.]+s, but then: item 001 was moved by someone else/);
  assert.match(r.stdout, /not started:\n\s+002 Item 002: not started: 001 failed/);
  assert.equal(
    readTrace(dir).filter((e) => e.id === '002'),
    [],
  );
});

refusals('a command that moves its own item file: the record keeps its exit 0, time and log, and says what went wrong after it', async () => {
  const dir = gitRepo(undefined, {
    'src/a.ts': 'export const a = 1;\n',
    'parallel.config.yaml': 'autonomy:\n  level: L3\nanalysis:\n  import_graph: false\n',
    '.agent/queue/001-pending-self.md': ITEM('mv .agent/queue/001-in_progress-self.md .agent/queue/001-completed-self.md'),
  });
  assert.is(runCli(dir, ['plan']).code, 0);
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['commit', '-qm', 'plan'], { cwd: dir });
  const r = runCli(dir, ['apply', '--yes'], SILENT);
  assert.is(r.code, 3, r.stdout + r.stderr);
  const runs = readdirSync(join(dir, '.agent/runs')).filter((f) => /^\d{8}T/.test(f));
  const summary = JSON.parse(read(dir, `.agent/runs/${runs[0]}/summary.json`)) as { items: Array<Record<string, unknown>> };
  const item = summary.items[0]!;
  assert.is(item.outcome, 'failed');
  assert.is(item.exit_code, 0);
  assert.type(item.duration_ms, 'number');
  assert.is(item.log, `.agent/runs/${runs[0]}/001.log`);
  assert.match(String(item.reason), /exited 0 after [\d.]+s, but then: item 001 was moved by someone else/);
  const status = runCli(dir, ['status']);
  assert.match(status.stdout, /failed\s+001\s+[\d.]+s\s+exit 0/);
  assert.not.match(status.stdout, 'signal');
});

refusals('a --detach that loses the lock to another apply exits 1 in the foreground and leaves no run folder', async () => {
  const dir = await applyRepo([{ id: '001' }], 'autonomy:\n  level: L3\n');
  // The background child (the only process with --run-id) waits until the lock exists, so the
  // other apply surely takes it between the launcher's check and the child's own attempt.
  const hold = join(dir, '.agent/hold-child.cjs');
  writeFileSync(
    hold,
    "if (process.argv.includes('--run-id')) { const fs = require('fs'); const t = Date.now(); while (!fs.existsSync(process.env.WAIT_FOR) && Date.now() - t < 30000) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20); }\n",
  );
  const detach = startCli(dir, ['apply', '--detach'], { ...SILENT, NODE_OPTIONS: `--require ${hold}`, WAIT_FOR: join(dir, '.agent/apply.lock') });
  let stderr = '';
  detach.stderr!.on('data', (chunk) => (stderr += chunk));
  const runs = join(dir, '.agent/runs');
  // another apply takes the lock between the launcher's check and its child's start
  await until('the launcher started its child', () => existsSync(runs) && readdirSync(runs).some((n) => existsSync(join(runs, n, 'launch.json'))), 60_000);
  writeFileSync(
    join(dir, '.agent/apply.lock'),
    `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), run: '20260101T000000-0000' })}\n`,
  );
  assert.is(await exited(detach), 1, stderr);
  assert.match(stderr, 'the background apply did not start');
  assert.match(stderr, 'another apply holds the queue');
  assert.equal(
    readdirSync(runs).filter((n) => /^\d{8}T/.test(n)),
    [],
  );
  assert.equal(queueNames(dir), ['001-pending-item-001.md']);
  assert.is(read(dir, '.agent/trace.log'), '');
});

refusals('a background process holding the output does not keep the item running, and does not outlive it', async () => {
  const dir = await applyRepo([{ id: '001', run: 'sleep 297.25 & echo started' }], 'autonomy:\n  level: L3\n');
  const r = runCli(dir, ['apply'], SILENT);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(queueNames(dir), ['001-completed-item-001.md']);
  const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('sleep 297.25'));
  assert.equal(left, []);
  const status = runCli(dir, ['status', '--json']);
  assert.is(JSON.parse(status.stdout).state, 'finished', status.stdout);
});

refusals('a background process that holds no output is stopped when its command ends: it cannot write on after the item', async () => {
  const dir = await applyRepo([{ id: '001', run: '(sleep 296.75; echo late > late.txt) >/dev/null 2>&1 & echo started' }], 'autonomy:\n  level: L3\n');
  const r = runCli(dir, ['apply'], SILENT);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(queueNames(dir), ['001-completed-item-001.md']);
  const left = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('sleep 296.75'));
  assert.equal(left, []);
  const run = readdirSync(join(dir, '.agent/runs')).find((name) => /^\d/.test(name));
  assert.match(read(dir, `.agent/runs/${run}/001.log`), 'the command exited, leaving processes running in the background; they were stopped');
});

refusals.run();
