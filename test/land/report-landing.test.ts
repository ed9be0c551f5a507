import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SILENT } from '../helpers/apply-repo.js';
import { runCli, waveplan } from '../helpers/cli.js';
import { git } from '../helpers/git-repo.js';
import { landRepo, LAND_CONFIG } from '../helpers/land-repo.js';
import { schemaErrors } from '../../src/schemas.js';

const report = suite('report: landing (docs/apply.md#landing-runisolation-worktree)');

report('the report shows the isolation, target and gate, and per item of the newest run: landed, not landed (why), no changes, the audit', async () => {
  const dir = await landRepo(
    [
      { id: '001', files: ['src/a.ts'] },
      // predicted src/b.ts, also writes src/c.ts: the audit's finding
      { id: '002', files: ['src/b.ts'], run: 'sh scripts/edit.sh src/b.ts 002 commit && sh scripts/edit.sh src/c.ts 002 leave' },
      { id: '003', files: ['src/bad.ts'], run: 'sh scripts/edit.sh src/bad.ts oops leave' },
      { id: '004', files: ['README.md'], run: 'sh scripts/edit.sh README.md x none' },
    ],
    { config: `${LAND_CONFIG}  gate: "if [ -e src/bad.ts ]; then echo gate says no; exit 1; fi"\n` },
  );
  const before = await waveplan(dir, ['report', '--format', 'json']);
  assert.is(before.code, 0, before.stderr);
  const plain = JSON.parse(before.stdout) as { landing: Record<string, unknown> };
  assert.equal(plain.landing, {
    isolation: 'worktree',
    land: 'merge',
    target: 'main',
    gate: 'if [ -e src/bad.ts ]; then echo gate says no; exit 1; fi',
    retry_on_conflict: 1,
  });
  assert.is(runCli(dir, ['apply'], SILENT).code, 3);
  const json = await waveplan(dir, ['report', '--format', 'json']);
  assert.is(json.code, 0, json.stderr);
  const data = JSON.parse(json.stdout) as { landing: { last_run: { target: string; items: Array<Record<string, unknown>> } } };
  assert.equal(schemaErrors('report', data), []);
  const run = data.landing.last_run;
  assert.is(run.target, 'main');
  const byId = new Map(run.items.map((i) => [i.id, i]));
  const landed = git(dir, 'log', '--first-parent', '--format=%H %(trailers:key=Item,valueonly,separator=)', 'main').split('\n');
  const commitOf = (id: string) => landed.find((l) => l.endsWith(` ${id}`))?.split(' ')[0];
  assert.equal(byId.get('001'), { id: '001', title: 'Item 001', outcome: 'completed', state: 'landed', commit: commitOf('001') });
  assert.equal(byId.get('002'), { id: '002', title: 'Item 002', outcome: 'completed', state: 'landed', commit: commitOf('002'), exceeded: ['src/c.ts'] });
  assert.is(byId.get('003')!.state, 'not landed');
  assert.match(String(byId.get('003')!.why), 'gate');
  assert.equal(byId.get('004'), { id: '004', title: 'Item 004', outcome: 'completed', state: 'no changes' });
  const text = (await waveplan(dir, ['report'])).stdout;
  assert.match(text, 'Landing: isolation worktree: each item lands on main when it ends (gate `if [ -e src/bad.ts ]');
  assert.match(text, /Last run \S+ \(finished .*, exit 3\): 2 of 4 landed on main/);
  assert.match(text, new RegExp(`  001  landed ${commitOf('001')!.slice(0, 12)}\\n`));
  assert.match(text, /  002  landed \w{12}\n {7}footprint exceeded: src\/c\.ts\n/);
  assert.match(text, /  003  not landed \(failed\): (?!not landed).*gate/); // said "not landed" once
  assert.match(text, '  004  completed, no changes');
  const md = (await waveplan(dir, ['report', '--format', 'md'])).stdout;
  assert.match(md, '| item | title | landing | footprint exceeded |');
  assert.match(md, /\| 002 \| Item 002 \| landed \w{12} \| src\/c\.ts \|/);
});

report('without isolation: the text report says nothing of landing until a run has finished; JSON always has the setting', async () => {
  const dir = await landRepo([{ id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts 001 leave' }], {
    config: 'autonomy:\n  level: L3\n  max_parallel: 3\nanalysis:\n  import_graph: false\n',
  });
  assert.not.match((await waveplan(dir, ['report'])).stdout, 'Landing:');
  assert.equal(JSON.parse((await waveplan(dir, ['report', '--format', 'json'])).stdout).landing, { isolation: 'none' });
  assert.is(runCli(dir, ['apply'], SILENT).code, 0);
  const text = (await waveplan(dir, ['report'])).stdout;
  assert.match(text, 'Landing: isolation none');
  // Nothing lands without isolation: what completed is counted (was "0 of 1 landed").
  assert.match(text, /Last run \S+ \(finished .*, exit 0\): 1 of 1 completed\n  001  completed\n/);
});

report.run();
