import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { actionlint } from '../helpers/actionlint.js';
import { runCli } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git-repo.js';
import { maxConcurrent, needsGraph, reachability } from '../helpers/needs-graph.js';

type PlanFile = { settings: { max_parallel: number }; waves: Array<{ index: number; items: string[] }>; edges: { conflicts: Array<{ a: string; b: string }> } };

const cli = suite('waveplan export --to github-actions');

cli('the demo plan: a workflow with zero actionlint findings that keeps the plan\'s order', async () => {
  const dir = gitRepo('demo');
  assert.is(runCli(dir, ['plan']).code, 0);
  const out = runCli(dir, ['export', '--to', 'github-actions', '-o', '.github/workflows/waveplan.yml']);
  assert.is(out.code, 0, out.stderr);
  assert.match(out.stdout, /^wrote \.github\/workflows\/waveplan\.yml: 9 item jobs in 3 waves \(max_parallel 3\) and a report job$/m);
  const text = readFileSync(join(dir, '.github/workflows/waveplan.yml'), 'utf8');
  assert.equal(await actionlint(text), []);
  assert.is(runCli(dir, ['export', '--to', 'github-actions']).stdout, text, 'stdout and -o give the same bytes');
  const plan = parse(readFileSync(join(dir, '.agent/plan.yaml'), 'utf8')) as PlanFile;
  const needs = needsGraph(text);
  const reach = reachability(needs);
  const job = (id: string) => `item-${id}`;
  for (const c of plan.edges.conflicts) assert.ok(reach.get(job(c.a))?.has(job(c.b)) || reach.get(job(c.b))?.has(job(c.a)), `${c.a} and ${c.b} may overlap`);
  assert.ok(maxConcurrent([...needs.keys()].filter((j) => j !== 'report'), reach) <= plan.settings.max_parallel);
  const wf = parse(text) as { jobs: Record<string, { env?: Record<string, string>; steps: Array<{ run?: string }> }> };
  assert.equal(wf.jobs['item-002'].env?.WAVEPLAN_ITEM_FILE, '.agent/queue/002-pending-money-bankers-rounding.md');
  assert.is(wf.jobs['item-002'].steps[1].run, 'node scripts/fake-agent.mjs');
  assert.is(wf.jobs['item-001'], undefined, 'completed items are not jobs');
});

cli('no plan yet, an unknown target, a missing command: one clear line, exit 1', () => {
  const dir = gitRepo('demo');
  const none = runCli(dir, ['export', '--to', 'github-actions']);
  assert.is(none.code, 1);
  assert.match(none.stderr, /^waveplan: no plan at \.agent\/plan\.yaml: run `waveplan plan` first/);
  const target = runCli(dir, ['export', '--to', 'gitlab']);
  assert.match(target.stderr, /--to must be one of github-actions, got "gitlab"/);
  runCli(dir, ['plan']);
  const config = readFileSync(join(dir, 'parallel.config.yaml'), 'utf8').replace(/run:\n  command: .*\n/, '');
  writeFileSync(join(dir, 'parallel.config.yaml'), config);
  const missing = runCli(dir, ['export', '--to', 'github-actions']);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /no command to run for 002, 003, .*: give each item a `run:` field/);
});

cli.run();
