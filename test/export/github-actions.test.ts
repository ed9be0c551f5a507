import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { formatGithubWorkflow, type GithubWorkflowOptions } from '../../src/export/github-actions.js';
import { formatPrWorkflow } from '../../src/export/pr-workflow.js';
import { formatWaveOutputs, MATRIX_LIMIT, waveLists, workflowShape } from '../../src/export/wave-lists.js';
import { resolveCommands } from '../../src/export/item-commands.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { WaveplanError } from '../../src/errors.js';
import type { Plan } from '../../src/types.js';
import { makeItem } from '../helpers/items.js';
import { actionlint } from '../helpers/actionlint.js';
import { interpolate } from '../helpers/gh-expressions.js';
import { needsGraph, reachability } from '../helpers/needs-graph.js';
import { planOf as makePlan } from '../helpers/wave-plans.js';
import { planFor, randomQueue } from '../helpers/random-plans.js';

const OPTIONS: GithubWorkflowOptions = { waveplan: 'npx --yes waveplan@0.1.0' };
const pad = (n: number) => String(n).padStart(4, '0');

/** `items` pending items in waves of `perWave` (the compiler never puts more than max_parallel in one). */
function bigPlan(items: number, perWave: number, maxParallel = perWave): Plan {
  const waves: string[][] = [];
  for (let i = 0; i < items; i += perWave) waves.push(Array.from({ length: Math.min(perWave, items - i) }, (_, k) => pad(i + k + 1)));
  return makePlan({ waves, maxParallel });
}

type Wf = {
  jobs: Record<
    string,
    {
      needs?: string[];
      if?: string;
      permissions?: Record<string, string>;
      strategy?: { 'max-parallel': number; matrix: { item: string } };
      steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;
    }
  >;
};

const shape = suite('workflow shape and wave lists');

shape('one slot per wave up to waves-per-run; chunks of at most 256 share the cap', () => {
  assert.equal(workflowShape(bigPlan(1, 1)), { waves: 1, slots: 1, chunks: 1, chunkParallel: 1 });
  assert.equal(workflowShape(bigPlan(300, 5)), { waves: 60, slots: 60, chunks: 1, chunkParallel: 5 });
  assert.equal(workflowShape(bigPlan(2000, 5)), { waves: 400, slots: 100, chunks: 1, chunkParallel: 5 });
  assert.equal(workflowShape(bigPlan(300, 300, 300)), { waves: 1, slots: 1, chunks: 2, chunkParallel: 150 });
});

shape('lists hold what is still to run, slot by slot from the given wave; next says where the next run starts', () => {
  const plan = bigPlan(7, 2);
  const done = new Set(['0001', '0004']);
  const lists = waveLists(plan, workflowShape(plan, 2), 2, (id) => (done.has(id) ? 'completed' : 'pending'));
  assert.equal(
    lists.outputs.map(([name, entries]) => [name, entries.map((e) => `${e.id}@${e.wave}`)]),
    [
      ['wave-1', ['0003@2']],
      ['wave-2', ['0005@3', '0006@3']],
    ],
  );
  assert.is(lists.next, 4);
  assert.equal(lists.range, [2, 3]);
  const last = waveLists(plan, workflowShape(plan, 2), 3, () => 'pending');
  assert.is(last.next, undefined);
  assert.equal(
    last.outputs.map(([, e]) => e.length),
    [2, 1],
  );
});

shape('a wave over 256 items is split into chunks; outputs are one line each', () => {
  const plan = bigPlan(300, 300, 300);
  const lists = waveLists(plan, workflowShape(plan), 1, () => 'pending');
  assert.equal(
    lists.outputs.map(([name, e]) => [name, e.length]),
    [
      ['wave-1', MATRIX_LIMIT],
      ['wave-1-2', 300 - MATRIX_LIMIT],
    ],
  );
  const text = formatWaveOutputs(lists);
  assert.is(text.split('\n').length, 6);
  assert.match(text, /^next=$/m);
});

shape.run();

const format = suite('formatGithubWorkflow');

format('1, 300 and 2,000 items: zero actionlint findings, within GitHub limits, size independent of the item count', async () => {
  const sizes: number[] = [];
  for (const [items, perWave] of [
    [1, 1],
    [300, 5],
    [2000, 5],
    [2000, 64],
  ] as const) {
    for (const continueOnError of [false, true]) {
      const text = formatGithubWorkflow(bigPlan(items, perWave), { ...OPTIONS, continueOnError });
      assert.equal(await actionlint(text), [], `${items} items`);
      assert.ok(Buffer.byteLength(text) < 500 * 1024);
      if (!continueOnError) sizes.push(Buffer.byteLength(text));
      const wf = parse(text) as Wf;
      for (const job of Object.values(wf.jobs)) if (job.strategy) assert.ok(job.strategy['max-parallel'] <= perWave);
    }
  }
  assert.ok(sizes[0] < 4000, `1 item: ${sizes[0]} bytes`);
  // Past waves-per-run (100 wave jobs) the size stops growing: 2,000 and 2,500 items at max_parallel 5 weigh the same.
  assert.is(sizes[2], Buffer.byteLength(formatGithubWorkflow(bigPlan(2500, 5), OPTIONS)));
});

format("--runs-on with several labels (a self-hosted runner's) is a list, not one label no runner has", async () => {
  // QA: 'self-hosted, linux' became runs-on: self-hosted, linux, a single label: the jobs would wait for ever.
  const text = formatGithubWorkflow(bigPlan(12, 5), { ...OPTIONS, runsOn: 'self-hosted, linux,x64' });
  const wf = parse(text) as { jobs: Record<string, { 'runs-on': unknown }> };
  for (const [id, job] of Object.entries(wf.jobs)) assert.equal(job['runs-on'], ['self-hosted', 'linux', 'x64'], id);
  assert.equal(await actionlint(text), []);
  assert.equal((parse(formatGithubWorkflow(bigPlan(1, 1), { ...OPTIONS, runsOn: 'ubuntu-24.04' })) as typeof wf).jobs.plan['runs-on'], 'ubuntu-24.04');
  const review = parse(formatPrWorkflow({ waveplan: 'npx waveplan', runsOn: 'self-hosted,linux' })) as typeof wf;
  assert.equal(review.jobs['plan-check']['runs-on'], ['self-hosted', 'linux']);
});

format('the wave chain: each wave job needs the plan and the whole previous wave; report needs all; only wave jobs may push', () => {
  const plan = bigPlan(300, 300, 300);
  const text = formatGithubWorkflow(
    { ...plan, waves: [...plan.waves, { index: 2, items: ['9999'], estimate: 1 }], items: [...plan.items, { ...plan.items[0], id: '9999' }] },
    OPTIONS,
  );
  const needs = needsGraph(text);
  assert.equal(needs.get('wave-2'), ['plan', 'wave-1', 'wave-1-2']);
  assert.equal(needs.get('wave-1-2'), ['plan']);
  assert.equal(needs.get('report'), ['plan', 'wave-1', 'wave-1-2', 'wave-2', 'wave-2-2']);
  const reach = reachability(needs);
  assert.ok(reach.get('wave-2-2')!.has('wave-1-2'));
  const wf = parse(text) as Wf & { permissions: Record<string, string> };
  assert.equal(wf.permissions, { contents: 'read' });
  for (const [id, job] of Object.entries(wf.jobs)) {
    assert.is(job.permissions?.contents === 'write', id.startsWith('wave-'), id);
    const checkout = job.steps.find((s) => s.uses === 'actions/checkout@v4');
    if (checkout) assert.is(checkout.with?.ref, '${{ github.ref_name }}', `${id} checks out the target's tip, not the triggering commit`);
  }
  assert.equal(wf.jobs['wave-1'].strategy!['max-parallel'] + wf.jobs['wave-1-2'].strategy!['max-parallel'], 300);
});

format('stop at the first failure unless L3 continue_on_error', () => {
  const plan = bigPlan(4, 2);
  const stop = parse(formatGithubWorkflow(plan, OPTIONS)) as Wf;
  assert.is(stop.jobs['wave-2'].if, "${{ !cancelled() && !failure() && needs.plan.outputs.wave-2 != '[]' }}");
  const go = parse(formatGithubWorkflow(plan, { ...OPTIONS, continueOnError: true })) as Wf;
  assert.is(go.jobs['wave-2'].if, "${{ !cancelled() && needs.plan.result == 'success' && needs.plan.outputs.wave-2 != '[]' }}");
});

format('titles never reach the workflow text, and a matrix title stays inert where it is shown', () => {
  const plan = makePlan({ waves: [['001']], titles: { '001': 'Leak ${{ secrets.TOKEN }}' } });
  const text = formatGithubWorkflow(plan, OPTIONS);
  assert.not.match(text, /Leak|secrets/);
  const [[, entries]] = waveLists(plan, workflowShape(plan), 1, () => 'pending').outputs;
  const name = (parse(text) as { jobs: Record<string, { name: string }> }).jobs['wave-1'].name;
  const shown = interpolate(name, {
    contexts: { matrix: { item: entries[0] as never } },
    status: { success: () => true, failure: () => false, cancelled: () => false },
  });
  assert.is(shown, 'wave 1 · 001 Leak ${{ secrets.TOKEN }}', "an expression's value is not evaluated again");
});

format('nothing to run: the plan and report jobs only, still lint-clean', async () => {
  const text = formatGithubWorkflow(makePlan({ waves: [], others: { '001': 'completed' } }), OPTIONS);
  assert.equal(await actionlint(text), []);
  assert.equal(Object.keys((parse(text) as Wf).jobs), ['plan', 'report']);
});

format('random plans: lint-clean; shuffled plan lists give identical bytes', async () => {
  await fc.assert(
    fc.asyncProperty(randomQueue, fc.boolean(), fc.integer(), async (queue, continueOnError, seed) => {
      const plan = planFor(queue);
      const text = formatGithubWorkflow(plan, { ...OPTIONS, continueOnError, wavesPerRun: 3 });
      assert.equal(await actionlint(text), []);
      const shuffle = <T>(xs: T[]) =>
        xs
          .map((x, i) => [((i + 1) * 7919 * (seed | 1)) % 1009, x] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([, x]) => x);
      const shuffled: Plan = {
        ...plan,
        items: shuffle(plan.items),
        waves: shuffle(plan.waves.map((w) => ({ ...w, items: shuffle(w.items) }))),
        edges: { blocked_by: shuffle(plan.edges.blocked_by), conflicts: shuffle(plan.edges.conflicts) },
      };
      assert.is(formatGithubWorkflow(shuffled, { ...OPTIONS, continueOnError, wavesPerRun: 3 }), text);
      const lists = (p: Plan) => formatWaveOutputs(waveLists(p, workflowShape(p, 3), 1, () => 'pending'));
      assert.is(lists(shuffled), lists(plan));
    }),
    { numRuns: 40 },
  );
});

format.run();

const commands = suite('resolveCommands');

commands('the item run wins over run.command; items without either are named together', () => {
  const plan = makePlan({ waves: [['001', '002'], ['003']] });
  const config = defaultConfig();
  const items = [makeItem('001', { run: 'make one' }), makeItem('002'), makeItem('003')];
  assert.throws(
    () => resolveCommands(plan, items, config),
    (e: Error) => e instanceof WaveplanError && /no command to run for 002, 003: give each item a `run:` field/.test(e.message),
  );
  config.run.command = 'npm run agent';
  assert.equal(resolveCommands(plan, items, config), { '001': 'make one', '002': 'npm run agent', '003': 'npm run agent' });
});

commands.run();
