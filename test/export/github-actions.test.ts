import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { formatGithubWorkflow } from '../../src/export/github-actions.js';
import { compileJobGraph, jobId } from '../../src/export/job-graph.js';
import { resolveCommands } from '../../src/export/item-commands.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { WaveplanError } from '../../src/errors.js';
import { makeItem } from '../helpers/items.js';
import type { Plan } from '../../src/types.js';
import { actionlint } from '../helpers/actionlint.js';
import { tempDir } from '../helpers/git-repo.js';
import { maxConcurrent, needsGraph, reachability } from '../helpers/needs-graph.js';
import { planOf as makePlan } from '../helpers/wave-plans.js';
import { planFor, randomQueue } from '../helpers/random-plans.js';

const commandsFor = (plan: Plan) => Object.fromEntries(plan.items.map((i) => [i.id, `./run-item.sh "$WAVEPLAN_ITEM_FILE" # ${i.id}`]));

const graph = suite('compileJobGraph');

graph('every wave needs the whole previous wave, plus BlockedBy; completed items are not jobs', () => {
  const plan = makePlan({ waves: [['001', '002'], ['003'], ['004', '010']], others: { '005': 'completed' }, blockedBy: [['004', '001'], ['003', '005']] });
  const jobs = compileJobGraph(plan);
  assert.equal(jobs.map((j) => [j.job, j.wave, j.needs, j.blockers]), [
    ['item-001', 1, [], []],
    ['item-002', 1, [], []],
    ['item-003', 2, ['item-001', 'item-002'], []],
    ['item-004', 3, ['item-001', 'item-003'], ['item-001']],
    ['item-010', 3, ['item-003'], []],
  ]);
});

graph('job ids are stable and valid for issue ids', () => {
  assert.is(jobId('001'), 'item-001');
  assert.is(jobId('#12'), 'item-12');
  const jobs = compileJobGraph(makePlan({ waves: [['#9', '#10'], ['#2']] }));
  assert.equal(jobs.map((j) => j.job), ['item-9', 'item-10', 'item-2']);
});

graph('a plan that puts a blocker after its dependent is a bug, not a workflow', () => {
  assert.throws(() => compileJobGraph(makePlan({ waves: [['001'], ['002']], blockedBy: [['001', '002']] })), /no later than its blocker/);
});

graph.run();

const format = suite('formatGithubWorkflow');

format('the demo-shaped plan: jobs, env, report; zero actionlint findings', async () => {
  const plan = makePlan({ waves: [['001', '002', '003'], ['004'], ['005']], others: { '006': 'completed' }, blockedBy: [['005', '004']], conflicts: [['001', '004'], ['004', '005']], maxParallel: 3 });
  const text = formatGithubWorkflow(plan, { commands: commandsFor(plan) });
  assert.equal(await actionlint(text), []);
  const wf = parse(text) as { on: unknown; jobs: Record<string, { needs?: string[]; env?: Record<string, string>; steps: Array<{ uses?: string; run?: string }>; if?: string }> };
  assert.equal(wf.on, { workflow_dispatch: {} });
  assert.equal(Object.keys(wf.jobs), ['item-001', 'item-002', 'item-003', 'item-004', 'item-005', 'report']);
  assert.equal(wf.jobs['item-004'].env, { WAVEPLAN_ITEM_ID: '004', WAVEPLAN_ITEM_FILE: '.agent/queue/004-pending-item-004.md', WAVEPLAN_WAVE: '2' });
  assert.is(wf.jobs['item-004'].steps[0].uses, 'actions/checkout@v4');
  assert.is(wf.jobs['item-004'].steps[1].run, './run-item.sh "$WAVEPLAN_ITEM_FILE" # 004');
  assert.equal(wf.jobs.report.needs, ['item-001', 'item-002', 'item-003', 'item-004', 'item-005']);
  assert.is(wf.jobs.report.if, '${{ always() }}');
  assert.is(text, formatGithubWorkflow(plan, { commands: commandsFor(plan) }), 'deterministic');
});

format('continue_on_error: later waves run after a failure, dependents of a failure do not', async () => {
  const plan = makePlan({ waves: [['001', '002'], ['003']], blockedBy: [['003', '001']] });
  const text = formatGithubWorkflow(plan, { commands: commandsFor(plan), continueOnError: true });
  assert.equal(await actionlint(text), []);
  const jobs = (parse(text) as { jobs: Record<string, { if?: string }> }).jobs;
  assert.is(jobs['item-001'].if, undefined);
  assert.is(jobs['item-003'].if, "${{ !cancelled() && needs.item-001.result == 'success' }}");
});

format('titles cannot inject ${{ }} expressions', async () => {
  const plan = makePlan({ waves: [['001']], titles: { '001': 'Leak ${{ secrets.TOKEN }}' } });
  const text = formatGithubWorkflow(plan, { commands: commandsFor(plan) });
  assert.not.match(text, /\$\{\{ secrets/);
  assert.equal(await actionlint(text), []);
});

format('nothing to run: only the report job', async () => {
  const plan = makePlan({ waves: [], others: { '001': 'completed' } });
  const text = formatGithubWorkflow(plan, { commands: {} });
  assert.equal(await actionlint(text), []);
  assert.equal(Object.keys((parse(text) as { jobs: object }).jobs), ['report']);
});

format('random plans: zero findings; conflicts ordered; BlockedBy a needs path; never more than max_parallel at once', async () => {
  await fc.assert(
    fc.asyncProperty(randomQueue, fc.boolean(), async (queue, continueOnError) => {
      const plan = planFor(queue);
      const text = formatGithubWorkflow(plan, { commands: commandsFor(plan), continueOnError });
      assert.equal(await actionlint(text), []);
      const needs = needsGraph(text);
      const reach = reachability(needs);
      const jobs = [...needs.keys()].filter((j) => j !== 'report');
      const isJob = (id: string) => needs.has(jobId(id));
      const ordered = (a: string, b: string) => reach.get(jobId(a))!.has(jobId(b)) || reach.get(jobId(b))!.has(jobId(a));
      for (const c of plan.edges.conflicts) if (isJob(c.a) && isJob(c.b)) assert.ok(ordered(c.a, c.b), `conflict ${c.a} ${c.b} may run together`);
      for (const e of plan.edges.blocked_by) if (isJob(e.item) && isJob(e.on)) assert.ok(reach.get(jobId(e.item))!.has(jobId(e.on)), `${e.item} does not need ${e.on}`);
      assert.ok(maxConcurrent(jobs, reach) <= plan.settings.max_parallel, 'too many jobs at once');
      assert.equal(new Set(needs.get('report')), new Set(jobs));
      assert.is(jobs.length, plan.items.filter((i) => i.status === 'pending').length);
    }),
    { numRuns: 60 },
  );
});

format('shuffled plan lists give identical bytes', () => {
  fc.assert(
    fc.property(randomQueue, fc.integer(), (queue, seed) => {
      const plan = planFor(queue);
      const shuffle = <T>(xs: T[]) => xs.map((x, i) => [((i + 1) * 7919 * (seed | 1)) % 1009, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
      const shuffled: Plan = { ...plan, items: shuffle(plan.items), waves: shuffle(plan.waves.map((w) => ({ ...w, items: shuffle(w.items) }))), edges: { blocked_by: shuffle(plan.edges.blocked_by), conflicts: shuffle(plan.edges.conflicts) } };
      assert.is(formatGithubWorkflow(shuffled, { commands: commandsFor(plan) }), formatGithubWorkflow(plan, { commands: commandsFor(plan) }));
    }),
    { numRuns: 50 },
  );
});

format.run();

const report = suite('report job');

/** Runs the report step as the runner would (bash, jq), with `needs` as given. */
function runReport(text: string, needs: Record<string, { result: string }>) {
  const step = (parse(text) as { jobs: { report: { steps: Array<{ env: Record<string, string>; run: string }> } } }).jobs.report.steps[0];
  const summary = join(tempDir(), 'summary.md');
  const result = spawnSync('bash', ['-c', step.run], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NEEDS: JSON.stringify(needs), WAVEPLAN_JOBS: step.env.WAVEPLAN_JOBS, GITHUB_STEP_SUMMARY: summary } });
  return { code: result.status, stdout: result.stdout, summary: readFileSync(summary, 'utf8') };
}

report('all succeeded: a table and exit 0', () => {
  const plan = makePlan({ waves: [['001', '002'], ['003']], titles: { '002': 'Pipe | in title' } });
  const out = runReport(formatGithubWorkflow(plan, { commands: commandsFor(plan) }), { 'item-001': { result: 'success' }, 'item-002': { result: 'success' }, 'item-003': { result: 'success' } });
  assert.is(out.code, 0);
  assert.match(out.summary, /## waveplan: 3 of 3 items succeeded/);
  assert.match(out.summary, /\| 002 \| 1 \| Pipe \\\| in title \| success \|/);
});

report('a failure and the skipped wave after it: exit 1 with the count', () => {
  const plan = makePlan({ waves: [['001', '002'], ['003']] });
  const out = runReport(formatGithubWorkflow(plan, { commands: commandsFor(plan) }), { 'item-001': { result: 'failure' }, 'item-002': { result: 'success' }, 'item-003': { result: 'skipped' } });
  assert.is(out.code, 1);
  assert.match(out.summary, /1 of 3 items succeeded/);
  assert.match(out.summary, /\| 003 \| 2 \| Item 003 \| skipped \|/);
  assert.match(out.stdout, /::error::2 of 3 items did not succeed/);
});

report.run();

const commands = suite('resolveCommands');

commands('the item run wins over run.command; items without either are named together', () => {
  const plan = makePlan({ waves: [['001', '002'], ['003']] });
  const config = defaultConfig();
  const items = [makeItem('001', { run: 'make one' }), makeItem('002'), makeItem('003')];
  assert.throws(() => resolveCommands(plan, items, config), (e: Error) => e instanceof WaveplanError && /no command to run for 002, 003: give each item a `run:` field/.test(e.message));
  config.run.command = 'npm run agent';
  assert.equal(resolveCommands(plan, items, config), { '001': 'make one', '002': 'npm run agent', '003': 'npm run agent' });
});

commands.run();
