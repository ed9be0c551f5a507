import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waveplan } from '../helpers/cli.js';
import { runCliAsync } from '../helpers/cli-async.js';
import { fakeGithub } from '../helpers/fake-github.js';
import { REPO_ROOT, git, gitRepo, tempDir } from '../helpers/git-repo.js';
import { bareRemote, runWorkflowChain, type RunRecord } from '../helpers/run-workflow.js';

/*
 * The exported workflow, executed: a bare repository plays GitHub, every job runs its steps
 * in a fresh clone (test/helpers/run-workflow.ts). The two items of wave 1 wait for each
 * other before they end, so their landings race.
 */

const WAVEPLAN = `node ${join(REPO_ROOT, 'bin/waveplan.js')}`;

function item(id: string, title: string, files: string[], run: string, blockedBy = ''): string {
  return `---\nfiles: [${files.join(', ')}]\nrun: ${JSON.stringify(run)}\n---\n# ${title}\n**Status**: pending\n**Priority**: p2\n${blockedBy ? `**BlockedBy**: ${blockedBy}\n` : ''}\n## Description\n${title}.\n`;
}

/** Wait until `n` items have reached this point (a barrier in a shared folder). */
const barrier = (n: number) =>
  `touch "$SYNC/$WAVEPLAN_ITEM_ID"; i=0; while [ "$(ls "$SYNC" | wc -l)" -lt ${n} ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done`;

interface Project {
  dir: string;
  remote: string;
  workflow: string;
  sync: string;
}

async function project(options: { level?: string; failing?: boolean; wavesPerRun?: number } = {}): Promise<Project> {
  const level = options.level ?? 'L2';
  const dir = gitRepo(undefined, {
    'parallel.config.yaml': `autonomy:\n  level: ${level}\n  max_parallel: 2\n  continue_on_error: true\ngit:\n  base: main\nanalysis:\n  import_graph: false\n`,
    'src/a.txt': 'a0\n',
    'src/b.txt': 'b0\n',
    '.agent/queue/001-pending-left.md': item('001', 'Left', ['src/a.txt'], `${barrier(2)}; echo a1 >> src/a.txt`),
    '.agent/queue/002-pending-right.md': item(
      '002',
      'Right',
      ['src/b.txt'],
      `${barrier(2)}; echo b1 >> src/b.txt; git add src/b.txt; git commit -qm 'right: b1'${options.failing ? '; exit 7' : ''}`,
    ),
    '.agent/queue/003-pending-after-left.md': item('003', 'After left', ['src/a.txt'], 'grep -q a1 src/a.txt && echo a2 >> src/a.txt'),
    '.agent/queue/004-pending-after-right.md': item('004', 'After right', ['src/c.txt'], 'grep -q b1 src/b.txt && echo c1 > src/c.txt', '002'),
  });
  const plan = await waveplan(dir, ['plan']);
  assert.is(plan.code, 0, plan.stderr);
  const exported = await waveplan(dir, [
    'export',
    '--to',
    'github-actions',
    '-o',
    '.github/workflows/waveplan.yml',
    '--waveplan',
    WAVEPLAN,
    ...(options.wavesPerRun ? ['--waves-per-run', String(options.wavesPerRun)] : []),
  ]);
  assert.is(exported.code, 0, exported.stderr);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'plan and workflow');
  return { dir, remote: bareRemote(dir), workflow: git(dir, 'show', 'HEAD:.github/workflows/waveplan.yml'), sync: tempDir('waveplan-sync-') };
}

const onMain = (p: Project, path: string) => git(p.remote, 'show', `main:${path}`);
const queue = (p: Project) =>
  git(p.remote, 'ls-tree', '--name-only', 'main', '.agent/queue/')
    .trim()
    .split('\n')
    .map((f) => f.replace('.agent/queue/', ''));
const legLog = (runs: RunRecord[], id: string) =>
  runs
    .flatMap((r) => r.legs)
    .filter((l) => (l.matrix as { item?: { id: string } } | undefined)?.item?.id === id)
    .map((l) => l.log)
    .join('\n');

const run = suite('the exported workflow, executed');

run('every item lands on main, each from the landed tip; a long plan goes on in a dispatched run; a re-run finds nothing to do', async () => {
  const p = await project({ wavesPerRun: 1 });
  const runs = await runWorkflowChain(p.workflow, { remote: p.remote, ref: 'main', env: { SYNC: p.sync } });
  assert.equal(
    runs.map((r) => r.inputs.from_wave),
    ['1', '2'],
  );
  for (const r of runs)
    assert.equal([r.jobs.plan.result, r.jobs['wave-1'].result, r.jobs.report.result], ['success', 'success', 'success'], r.legs.map((l) => l.log).join('\n'));
  assert.equal(
    runs.map((r) => r.jobs['next-run'].result),
    ['success', 'skipped'],
  );
  assert.is(onMain(p, 'src/a.txt'), 'a0\na1\na2\n');
  assert.is(onMain(p, 'src/b.txt'), 'b0\nb1\n');
  assert.is(onMain(p, 'src/c.txt'), 'c1\n');
  assert.equal(queue(p), ['001-completed-left.md', '002-completed-right.md', '003-completed-after-left.md', '004-completed-after-right.md']);
  assert.match(onMain(p, '.agent/queue/001-completed-left.md'), /\*\*Status\*\*: completed/);
  const landings = git(p.remote, 'log', '--first-parent', '--format=%s', 'main').trim().split('\n').slice(0, 4);
  assert.equal(landings, ['Land 004: After right', 'Land 003: After left', 'Land 002: Right', 'Land 001: Left'], 'each wave lands in plan order');
  assert.match(runs[0].summary, /## waveplan: 2 of 2 items landed \(waves 1-1 of 2\)/);
  assert.match(runs[1].summary, /## waveplan: 2 of 2 items landed \(waves 2-2 of 2\)/);
  // The second wave checked out the tip that the first left, not the commit the run was dispatched on.
  const second = runs[1].legs.filter((l) => l.job === 'wave-1');
  assert.is(second.length, 2);
  for (const leg of second) assert.is(git(p.remote, 'show', `${leg.checkedOut}:src/b.txt`), 'b0\nb1\n');
  assert.equal(runs.flatMap((r) => r.legs).filter((l) => l.permissions.contents === 'write').length, 4, 'only the item legs may push');
  const again = await runWorkflowChain(p.workflow, { remote: p.remote, ref: 'main', env: { SYNC: p.sync } });
  assert.equal(
    again.map((r) =>
      Object.fromEntries(
        Object.entries(r.jobs)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, v]) => [k, v.result]),
      ),
    ),
    [
      { 'next-run': 'success', plan: 'success', report: 'success', 'wave-1': 'skipped' },
      { 'next-run': 'skipped', plan: 'success', report: 'success', 'wave-1': 'skipped' },
    ],
  );
});

run('a failing item (L2): blocked with its note, work on waveplan/<id>, later waves do not run, the report fails', async () => {
  const p = await project({ failing: true });
  const [r] = await runWorkflowChain(p.workflow, { remote: p.remote, ref: 'main', env: { SYNC: p.sync } });
  assert.equal(Object.fromEntries(Object.entries(r.jobs).map(([k, v]) => [k, v.result])), {
    plan: 'success',
    'wave-1': 'failure',
    'wave-2': 'skipped',
    report: 'failure',
  });
  assert.equal(queue(p), ['001-completed-left.md', '002-blocked-right.md', '003-pending-after-left.md', '004-pending-after-right.md']);
  assert.match(onMain(p, '.agent/queue/002-blocked-right.md'), /## Notes[\s\S]*exited with code 7/);
  assert.is(git(p.remote, 'show', 'waveplan/002:src/b.txt'), 'b0\nb1\n', 'the failed work is kept for inspection');
  assert.is(onMain(p, 'src/b.txt'), 'b0\n', 'nothing of the failed item lands');
  assert.match(r.summary, /## waveplan: 1 of 4 items landed \(waves 1-2 of 2\)/);
  assert.match(r.summary, /\| 002 \| 1 \| Right \| blocked \(see its Notes\) \| \[waveplan\/002\]\(https:\/\/github.com\/octo\/demo\/tree\/waveplan\/002\) \|/);
});

run("L3 with continue_on_error: the next wave runs, only the failed item's dependant is held", async () => {
  const p = await project({ failing: true, level: 'L3' });
  const [r] = await runWorkflowChain(p.workflow, { remote: p.remote, ref: 'main', env: { SYNC: p.sync } });
  assert.is(r.jobs['wave-2'].result, 'success');
  assert.equal(queue(p), ['001-completed-left.md', '002-blocked-right.md', '003-completed-after-left.md', '004-pending-after-right.md']);
  assert.match(legLog([r], '004'), /004 held: blocked by 002 \(blocked\)/);
  assert.is(r.jobs.report.result, 'failure');
});

run('two items of one wave that turn out to conflict: the lower id lands, the other is blocked naming it', async () => {
  const dir = gitRepo(undefined, {
    'parallel.config.yaml': 'autonomy:\n  max_parallel: 2\nanalysis:\n  import_graph: false\n',
    'src/a.txt': 'a0\n',
    'src/b.txt': 'b0\n',
    '.agent/queue/001-pending-slow.md': item('001', 'Slow', ['src/a.txt'], 'sleep 1; echo one > src/shared.txt'),
    '.agent/queue/002-pending-fast.md': item('002', 'Fast', ['src/b.txt'], 'echo two > src/shared.txt'),
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  assert.is((await waveplan(dir, ['export', '--to', 'github-actions', '-o', 'wf.yml', '--waveplan', WAVEPLAN])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'plan');
  const remote = bareRemote(dir);
  const [r] = await runWorkflowChain(git(dir, 'show', 'HEAD:wf.yml'), { remote, ref: 'main' });
  assert.is(git(remote, 'show', 'main:src/shared.txt'), 'one\n');
  assert.is(git(remote, 'show', 'waveplan/002:src/shared.txt'), 'two\n');
  assert.match(git(remote, 'show', 'main:.agent/queue/002-blocked-fast.md'), /conflicts with what landed after it started \(items 001\) in src\/shared\.txt/);
  assert.match(git(remote, 'show', 'main:.agent/queue/001-completed-slow.md'), /footprint exceeded: changed src\/shared\.txt outside its predicted write set/);
  assert.is(r.jobs.report.result, 'failure');
});

run('--waveplan is a shell command: a path with a space and a variable assignment before it run as written', async () => {
  // QA: the jobs ran `$WAVEPLAN ci …`, so the shell split the command at every space and took
  // quotes and `NAME=value` as words: 'node "…/wave plan/bin/waveplan.js"' ran node on '"…/wave'.
  const spaced = join(tempDir(), 'wave plan');
  symlinkSync(REPO_ROOT, spaced);
  const command = `NODE_OPTIONS=--no-warnings node "${join(spaced, 'bin/waveplan.js')}"`;
  const dir = gitRepo(undefined, {
    'parallel.config.yaml': 'analysis:\n  import_graph: false\n',
    'src/a.txt': 'a0\n',
    '.agent/queue/001-pending-one.md': item('001', 'One', ['src/a.txt'], 'echo a1 >> src/a.txt'),
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  assert.is((await waveplan(dir, ['export', '--to', 'github-actions', '-o', 'wf.yml', '--waveplan', command])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'plan');
  const remote = bareRemote(dir);
  const [r] = await runWorkflowChain(git(dir, 'show', 'HEAD:wf.yml'), { remote, ref: 'main' });
  assert.equal([r.jobs.plan.result, r.jobs['wave-1'].result, r.jobs.report.result], ['success', 'success', 'success'], r.legs.map((l) => l.log).join('\n'));
  assert.is(git(remote, 'show', 'main:src/a.txt'), 'a0\na1\n');
  assert.match(r.summary, /## waveplan: 1 of 1 items? landed/);
});

run('a workflow exported from another plan stops at the plan job, which says to export again; no report of nothing', async () => {
  // QA: the report job ran anyway and failed with '--waves must be a range like 1-3, got "-"'.
  const dir = gitRepo(undefined, {
    'parallel.config.yaml': 'analysis:\n  import_graph: false\n',
    'src/a.txt': 'a0\n',
    '.agent/queue/001-pending-one.md': item('001', 'One', ['src/a.txt'], 'echo a1 >> src/a.txt'),
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  assert.is((await waveplan(dir, ['export', '--to', 'github-actions', '-o', 'wf.yml', '--waveplan', WAVEPLAN])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'plan and workflow');
  writeFileSync(join(dir, '.agent/queue/001-pending-one.md'), item('001', 'One, renamed', ['src/a.txt'], 'echo a1 >> src/a.txt'));
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'commit', '-qam', 'a new plan, the workflow not exported again');
  const remote = bareRemote(dir);
  const [r] = await runWorkflowChain(git(dir, 'show', 'HEAD:wf.yml'), { remote, ref: 'main' });
  assert.equal([r.jobs.plan.result, r.jobs['wave-1'].result, r.jobs.report.result], ['failure', 'skipped', 'skipped']);
  assert.match(r.legs.find((l) => l.job === 'plan')!.log, 'run `waveplan export --to github-actions');
});

run('GitHub Issues as the queue: statuses move as labels, the work lands, nothing is renamed', async () => {
  const fake = await fakeGithub({
    token: 'fake-token',
    issues: [
      { number: 1, title: 'Schema', state: 'closed', labels: ['status/done'] },
      { number: 2, title: 'Login', labels: ['status/backlog'], body: 'Blocked by: #1\n\n```yaml waveplan\nfiles: [src/a.txt]\nrun: echo a1 >> src/a.txt\n```' },
      {
        number: 3,
        title: 'Logout',
        labels: ['status/backlog'],
        body: 'Blocked by: #2\n\n```yaml waveplan\nfiles: [src/a.txt]\nrun: grep -q a1 src/a.txt && echo a2 >> src/a.txt\n```',
      },
    ],
  });
  try {
    const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'fake-token', WAVEPLAN_GITHUB_PACE_MS: '1' };
    const dir = gitRepo(undefined, {
      'parallel.config.yaml': 'tracking:\n  provider: github\n  github: { repo: acme/shop }\nanalysis:\n  import_graph: false\n',
      'src/a.txt': 'a0\n',
    });
    assert.is((await runCliAsync(dir, ['plan'], env)).code, 0);
    const exported = await runCliAsync(dir, ['export', '--to', 'github-actions', '-o', 'wf.yml', '--waveplan', WAVEPLAN], env);
    assert.is(exported.code, 0, exported.stderr);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'plan');
    const remote = bareRemote(dir);
    const [r] = await runWorkflowChain(git(dir, 'show', 'HEAD:wf.yml'), {
      remote,
      ref: 'main',
      env: { GITHUB_API_URL: fake.url, WAVEPLAN_GITHUB_PACE_MS: '1' },
    });
    assert.equal(
      Object.fromEntries(Object.entries(r.jobs).map(([k, v]) => [k, v.result])),
      { plan: 'success', 'wave-1': 'success', 'wave-2': 'success', report: 'success' },
      r.legs.map((l) => l.log).join('\n'),
    );
    assert.is(git(remote, 'show', 'main:src/a.txt'), 'a0\na1\na2\n');
    for (const n of [2, 3]) {
      assert.is(fake.issues.get(n)!.state, 'closed');
      assert.equal(fake.issues.get(n)!.labels, ['status/done']);
    }
    assert.equal(git(remote, 'log', '--first-parent', '--format=%s', 'main', '-2').trim().split('\n'), ['Land #3: Logout', 'Land #2: Login']);
    assert.is(
      git(remote, 'ls-tree', '-r', '--name-only', 'main')
        .trim()
        .split('\n')
        .filter((f) => f.startsWith('.agent/queue')).length,
      0,
    );
    assert.match(r.summary, /## waveplan: 2 of 2 items landed/);
  } finally {
    await fake.close();
  }
});

run.run();
