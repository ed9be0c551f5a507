import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';
import { applyPlan, type ApplyPlanOptions } from '../../src/run/apply-plan.js';
import { newRunId, openEventLog } from '../../src/run/event-log.js';
import { schemaErrors } from '../../src/schemas.js';
import { fileQueue } from '../../src/tracking/file/file-queue.js';
import type { AutonomyLevel, Config } from '../../src/types.js';
import { until } from '../helpers/apply-repo.js';
import { git, gitRepo, tempDir } from '../helpers/git-repo.js';
import { makePlan, type PlanSpec } from '../helpers/plans.js';
import { readTrace, traceFacts, traceQueueFiles, type TraceItem } from '../helpers/trace.js';

interface Setup {
  items: TraceItem[];
  plan: PlanSpec;
  level?: AutonomyLevel;
  continueOnError?: boolean;
  extra?: Partial<ApplyPlanOptions>;
  config?: Partial<Config>;
  beforeRun?: (root: string) => void;
}

async function run(setup: Setup) {
  const root = gitRepo(undefined, traceQueueFiles(setup.items));
  const loaded = await loadQueue(workTreeReader(root));
  assert.equal(
    loaded.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const config = {
    ...loaded.config,
    ...setup.config,
    autonomy: { ...loaded.config.autonomy, level: setup.level ?? 'L3', continue_on_error: setup.continueOnError ?? true },
  };
  const plan = makePlan(loaded.items, setup.plan);
  const log = openEventLog(root, newRunId());
  setup.beforeRun?.(root);
  const result = await applyPlan({ root, plan, items: loaded.items, config, tracker: fileQueue(root), log, renderer: 'silent', ...setup.extra });
  const events = readFileSync(join(root, log.dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  for (const e of events) assert.equal(schemaErrors('run-event', e), [], JSON.stringify(e));
  const queue = readdirSync(join(root, '.agent/queue')).sort();
  return { root, result, events, queue, trace: traceFacts(readTrace(root)), log };
}

const outcome = (r: Awaited<ReturnType<typeof run>>, id: string) => r.result.items.find((i) => i.id === id)?.outcome;

const waves = suite('applyPlan (waves)');

waves('runs every item once, never more than max_parallel at once, blockers first', async () => {
  const r = await run({
    items: [
      // 001 runs until 002 has started (or 10 s), so "ran in parallel" does not depend on timing
      {
        id: '001',
        run: `echo "start 001" >> .agent/trace.log; i=0; while ! grep -q "start 002" .agent/trace.log && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; echo "end 001" >> .agent/trace.log`,
      },
      { id: '002' },
      { id: '003' },
      { id: '004', blockedBy: ['001'] },
      { id: '005' },
      { id: '006', blockedBy: ['004'] },
    ],
    plan: { waves: [['001', '002', '003'], ['004', '005'], ['006']], maxParallel: 2 },
  });
  assert.is(r.result.exitCode, 0);
  assert.ok(r.trace.peak <= 2, `peak ${r.trace.peak}`);
  assert.is(r.trace.peak, 2, 'ran in parallel');
  for (const id of ['001', '002', '003', '004', '005', '006']) assert.is(r.trace.starts.get(id), 1, id);
  assert.ok(r.trace.lastEnd.get('001')! < r.trace.firstStart.get('004')!);
  assert.ok(r.trace.lastEnd.get('004')! < r.trace.firstStart.get('006')!);
  assert.ok(
    r.queue.every((n) => n.includes('-completed-')),
    r.queue.join(),
  );
  assert.match(readFileSync(join(r.root, '.agent/queue/001-completed-item-001.md'), 'utf8'), '**Status**: completed');
  const summary = JSON.parse(readFileSync(join(r.root, r.log.dir, 'summary.json'), 'utf8'));
  assert.equal(schemaErrors('run-summary', summary), []);
  assert.is(summary.exit_code, 0);
  assert.is(summary.counts.completed, 6);
  assert.is(readFileSync(join(r.root, '.agent/runs/.gitignore'), 'utf8'), '*\n');
});

waves('L2: the first failure stops new starts, running items finish, the failure is noted', async () => {
  const r = await run({
    level: 'L2',
    items: [{ id: '001', exitCode: 3, seconds: 0.05 }, { id: '002', after: '001' }, { id: '003' }, { id: '004' }],
    plan: { waves: [['001', '002', '003'], ['004']], maxParallel: 2 },
  });
  assert.is(r.result.exitCode, 3);
  assert.equal(r.queue, ['001-blocked-item-001.md', '002-completed-item-002.md', '003-pending-item-003.md', '004-pending-item-004.md']);
  assert.is(outcome(r, '003'), 'not_started');
  assert.is(r.trace.starts.get('003'), undefined);
  const note = readFileSync(join(r.root, '.agent/queue/001-blocked-item-001.md'), 'utf8');
  assert.match(note, '**Status**: blocked');
  assert.match(
    note,
    /## Notes\n\n- \d{4}-\d\d-\d\dT[\d:]+Z blocked by waveplan apply run \S+: `sh \.agent\/trace\.sh 0\.05 3` exited with code 3 after \d+\.\ds \(log: \.agent\/runs\/\S+\/001\.log\)\. Last 20 lines of output:/,
  );
  assert.match(note, '  output line 11 of 001\n');
  assert.not.match(note, 'output line 10 of 001\n');
  assert.match(note, '  output line 30 of 001\n  ```\n');
});

waves('L3 + continue_on_error: runs what it can, holds dependents transitively', async () => {
  const r = await run({
    level: 'L3',
    items: [{ id: '001', exitCode: 1, seconds: 0.05 }, { id: '002', blockedBy: ['001'] }, { id: '003', blockedBy: ['002'] }, { id: '004' }, { id: '005' }],
    plan: { waves: [['001', '004'], ['002', '005'], ['003']], maxParallel: 2 },
  });
  assert.is(r.result.exitCode, 3);
  assert.equal(r.queue, [
    '001-blocked-item-001.md',
    '002-pending-item-002.md',
    '003-pending-item-003.md',
    '004-completed-item-004.md',
    '005-completed-item-005.md',
  ]);
  assert.is(r.result.items.find((i) => i.id === '002')?.reason, 'held: blocked by 001');
  assert.is(r.result.items.find((i) => i.id === '003')?.reason, 'held: blocked by 002 (held)');
  assert.ok(r.events.some((e) => e.type === 'item_held' && e.item === '002'));
});

waves('L3 without continue_on_error stops like L2', async () => {
  const r = await run({
    level: 'L3',
    continueOnError: false,
    items: [{ id: '001', exitCode: 1, seconds: 0.05 }, { id: '002' }],
    plan: { waves: [['001'], ['002']], maxParallel: 2 },
  });
  assert.is(r.result.exitCode, 3);
  assert.is(outcome(r, '002'), 'not_started');
});

waves('an item with no command is an error before anything starts', async () => {
  const root = gitRepo(undefined, traceQueueFiles([{ id: '001' }, { id: '002', run: '' }]));
  const loaded = await loadQueue(workTreeReader(root));
  const items = loaded.items.map((i) => (i.id === '002' ? { ...i, run: undefined } : i));
  const plan = makePlan(items, { waves: [['001', '002']] });
  await applyPlan({ root, plan, items, config: loaded.config, tracker: fileQueue(root), log: openEventLog(root, newRunId()), renderer: 'silent' }).then(
    () => assert.unreachable('should refuse'),
    (error: Error) => assert.match(error.message, /no command to run for item 002: add `run: <command>`/),
  );
  assert.equal(readTrace(root), []);
});

waves('a claim lost to someone else is reported, not run', async () => {
  const r = await run({
    items: [{ id: '001' }, { id: '002' }],
    plan: { waves: [['001', '002']] },
    beforeRun: (root) => renameSync(join(root, '.agent/queue/002-pending-item-002.md'), join(root, '.agent/queue/002-in_progress-item-002.md')),
  });
  assert.is(outcome(r, '002'), 'lost');
  assert.is(r.trace.starts.get('002'), undefined);
  assert.is(r.result.exitCode, 3);
});

waves('an interrupt releases running items to pending with a note', async () => {
  const controller = new AbortController();
  const r = await run({
    items: [{ id: '001', seconds: 5 }, { id: '002', seconds: 5 }, { id: '003' }],
    plan: { waves: [['001', '002'], ['003']], maxParallel: 2 },
    extra: { interrupt: controller.signal, killGraceMs: 500 },
    // Interrupted once both have started (their trace lines), however long starting takes.
    beforeRun: (root) =>
      void until('001 and 002 started', () => ['001', '002'].every((id) => traceFacts(readTrace(root)).starts.has(id))).finally(() =>
        controller.abort('SIGINT'),
      ),
  });
  assert.is(r.result.exitCode, 130);
  assert.equal(r.queue, ['001-pending-item-001.md', '002-pending-item-002.md', '003-pending-item-003.md']);
  assert.match(
    readFileSync(join(r.root, '.agent/queue/001-pending-item-001.md'), 'utf8'),
    /## Notes\n\n- \S+ waveplan apply run \S+ was interrupted by SIGINT after [\d.]+s; the item went back to pending/,
  );
  assert.is(r.trace.starts.get('003'), undefined);
  assert.ok(r.events.some((e) => e.type === 'run_interrupted'));
});

waves('L1 asks before each item, one question at a time; a declined item is not started and holds its dependents', async () => {
  const asked: string[] = [];
  let open = 0;
  let most = 0;
  const r = await run({
    level: 'L1',
    items: [{ id: '001' }, { id: '002' }, { id: '003', blockedBy: ['002'] }, { id: '004' }],
    plan: { waves: [['001', '002', '004'], ['003']], maxParallel: 3 },
    extra: {
      confirmItem: async (item) => {
        open += 1;
        most = Math.max(most, open);
        asked.push(item.id);
        await new Promise((res) => setTimeout(res, 20));
        open -= 1;
        return item.id !== '002';
      },
    },
  });
  assert.equal(asked, ['001', '002', '004']);
  assert.is(most, 1, 'questions overlapped');
  assert.is(r.result.items.find((i) => i.id === '002')?.reason, 'not started: declined');
  assert.is(r.result.items.find((i) => i.id === '003')?.reason, 'held: blocked by 002 (not started)');
  assert.equal(r.queue, ['001-completed-item-001.md', '002-pending-item-002.md', '003-pending-item-003.md', '004-completed-item-004.md']);
  assert.is(r.result.exitCode, 3);
});

waves("L1 asks all of a wave's questions before any of its items runs: no question shows up between a running item's lines", async () => {
  let root = '';
  const startedWhenAsked: number[] = [];
  const r = await run({
    level: 'L1',
    items: [{ id: '001' }, { id: '002' }, { id: '003' }, { id: '004', blockedBy: ['001'] }],
    plan: { waves: [['001', '002', '003'], ['004']], maxParallel: 3 },
    beforeRun: (dir) => (root = dir),
    extra: {
      confirmItem: async () => {
        startedWhenAsked.push(traceFacts(readTrace(root)).starts.size);
        await new Promise((res) => setTimeout(res, 20));
        return true;
      },
    },
  });
  // The three questions of wave 1 come before any item starts; wave 2's once wave 1 has run.
  assert.equal(startedWhenAsked, [0, 0, 0, 3]);
  assert.is(r.result.exitCode, 0);
});

waves('isolation: worktree runs each item on its own branch from git.base and keeps it', async () => {
  const out = join(tempDir(), 'where.txt');
  const r = await run({
    items: [
      { id: '001', run: 'echo "$WAVEPLAN_ITEM_ID $(git rev-parse --abbrev-ref HEAD) $(pwd)" >> "$OUT"' },
      { id: '002', run: 'echo "$WAVEPLAN_ITEM_ID $(git rev-parse --abbrev-ref HEAD) $(pwd)" >> "$OUT"' },
    ],
    plan: { waves: [['001', '002']] },
    config: { run: { command: null, isolation: 'worktree', max_load: null, min_free_memory: null, land: 'keep', retry_on_conflict: 1, gate: null } },
    extra: { env: { ...process.env, OUT: out } },
  });
  assert.is(r.result.exitCode, 0);
  const lines = readFileSync(out, 'utf8').trim().split('\n').sort();
  assert.equal(lines, [`001 waveplan/001 ${r.root}/.agent/worktrees/001`, `002 waveplan/002 ${r.root}/.agent/worktrees/002`]);
  assert.equal(
    r.result.items.map((i) => i.branch),
    ['waveplan/001', 'waveplan/002'],
  );
  assert.match(git(r.root, 'branch', '--list', 'waveplan/*'), /waveplan\/001[\s\S]*waveplan\/002/);
  assert.equal(r.queue, ['001-completed-item-001.md', '002-completed-item-002.md']);
});

waves.run();

const dynamic = suite('applyPlan (dynamic)');

dynamic('keeps the cap, the conflicts and the blockers without wave barriers', async () => {
  const r = await run({
    items: [
      // 001 runs until 004 (a wave-2 item) has started, or 10 s: with a wave barrier they could not overlap
      {
        id: '001',
        run: `echo "start 001" >> .agent/trace.log; i=0; while ! grep -q "start 004" .agent/trace.log && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; echo "end 001" >> .agent/trace.log`,
      },
      { id: '002', seconds: 0.1 },
      { id: '003', seconds: 0.1 },
      { id: '004', blockedBy: ['002'], seconds: 0.1 },
      { id: '005', seconds: 0.2 },
      { id: '006', seconds: 0.1 },
    ],
    plan: {
      waves: [['001', '002', '003'], ['004', '005'], ['006']],
      maxParallel: 3,
      conflicts: [
        ['001', '005'],
        ['003', '006'],
      ],
    },
    extra: { schedule: 'dynamic' },
  });
  assert.is(r.result.exitCode, 0);
  assert.ok(r.trace.peak <= 3, `peak ${r.trace.peak}`);
  assert.not.ok(r.trace.overlaps.has('001+005'));
  assert.not.ok(r.trace.overlaps.has('003+006'));
  assert.ok(r.trace.lastEnd.get('002')! < r.trace.firstStart.get('004')!);
  // no barrier: 004 (wave 2) starts while 001 (wave 1) still runs
  assert.ok(r.trace.overlaps.has('001+004'), [...r.trace.overlaps].join());
  for (const id of ['001', '002', '003', '004', '005', '006']) assert.is(r.trace.starts.get(id), 1);
});

dynamic('holds dependents of a failure and runs the rest', async () => {
  const r = await run({
    items: [{ id: '001', exitCode: 2, seconds: 0.05 }, { id: '002', blockedBy: ['001'] }, { id: '003' }],
    plan: { waves: [['001', '003'], ['002']], maxParallel: 2 },
    extra: { schedule: 'dynamic' },
  });
  assert.is(r.result.exitCode, 3);
  assert.is(r.result.items.find((i) => i.id === '002')?.reason, 'held: blocked by 001');
  assert.is(outcome(r, '003'), 'completed');
});

dynamic.run();
