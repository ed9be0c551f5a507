import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SILENT } from '../helpers/apply-repo.js';
import { runCli, waveplan } from '../helpers/cli.js';
import { git } from '../helpers/git-repo.js';
import { landedIds, landRepo } from '../helpers/land-repo.js';

/** `sh scripts/set.sh FILE FROM TO`: replace FROM by TO in FILE and commit (one function's body). */
const SET = `#!/bin/sh
sed -i "s/$2/$3/" "$1" && git add "$1" && git commit -q -m "set $1"
`;
const APP = [
  'export function alpha() {',
  "  return 'a';",
  '}',
  '',
  'export function beta() {',
  "  return 'b';",
  '}',
  '',
  'export function gamma() {',
  "  return 'g';",
  '}',
  '',
].join('\n');

const hotspot = suite('a hotspot file written by symbol (files: [path#symbol]), landed with isolation: worktree');

hotspot('items naming disjoint symbols share a wave and land cleanly; the same symbol, or the whole file, waits; the report names the hotspot', async () => {
  const dir = await landRepo(
    [
      { id: '001', files: ['src/app.ts#alpha'], run: 'sh scripts/set.sh src/app.ts "\'a\'" "\'A\'"' },
      { id: '002', files: ['src/app.ts#beta'], run: 'sh scripts/set.sh src/app.ts "\'b\'" "\'B\'"' },
      { id: '003', files: ['src/app.ts#gamma'], run: 'sh scripts/set.sh src/app.ts "\'g\'" "\'G\'"' },
      { id: '004', files: ['src/app.ts#alpha'], run: 'sh scripts/set.sh src/app.ts "\'A\'" "\'A2\'"' },
      { id: '005', files: ['src/app.ts'], run: 'sh scripts/edit.sh src/app.ts // commit' },
    ],
    { files: { 'src/app.ts': APP, 'scripts/set.sh': SET } },
  );
  const plan = readFileSync(join(dir, '.agent/plan.yaml'), 'utf8');
  const waves = plan.slice(plan.indexOf('\nwaves:'), plan.indexOf('\nedges:'));
  assert.match(waves, /- index: 1\n {4}items:\n {6}- "001"\n {6}- "002"\n {6}- "003"\n/, waves);
  assert.match(plan, 'evidence: "file src/app.ts: different symbols (alpha | beta)"');
  assert.match(plan, 'evidence: "src/app.ts: same symbol alpha"');

  const report = JSON.parse((await waveplan(dir, ['report', '--format', 'json'])).stdout) as { hotspots: unknown };
  assert.equal(report.hotspots, [
    { file: 'src/app.ts', items: ['001', '002', '003', '004', '005'], whole: ['005'], waves: 5, symbol_waves: 3, disjoint_waves: 2 },
  ]);
  assert.match(
    (await waveplan(dir, ['report'])).stdout,
    'src/app.ts: 5 items write it (1 whole, 4 by symbol) → 5 waves as a file; at least 3 as planned; 2 if each named its own symbols',
  );

  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.equal(landedIds(dir).slice(0, 3).sort(), ['001', '002', '003'], 'wave 1 landed, each merged by git');
  assert.equal(landedIds(dir).slice(3), ['004', '005']);
  assert.is(git(dir, 'show', 'main:src/app.ts'), APP.replace("'a'", "'A2'").replace("'b'", "'B'").replace("'g'", "'G'") + '//\n');
});

hotspot.run();
