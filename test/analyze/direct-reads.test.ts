import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatEvidence } from '../../src/analyze/evidence.js';
import { readAnalysis } from '../../src/analyze/read-analysis.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { gitPort } from '../../src/io/git.js';
import type { Analysis, Config, ReadRule } from '../../src/types.js';
import { gitRepo } from '../helpers/git-repo.js';
import { makeItem } from '../helpers/items.js';

/** fixtures/analyze/barrels: src/lib/index.ts re-exports money, date (export *), format (export * as fmt) and clock's default. */
let root = '';
function analyze(files: Record<string, string>, reads: ReadRule = 'direct'): Promise<Analysis> {
  const config: Config = defaultConfig();
  config.analysis.reads = reads;
  root ||= gitRepo('analyze/barrels');
  const items = Object.entries(files).map(([id, file]) => makeItem(id, { files: [file] }));
  return readAnalysis({ root, items, config, git: gitPort(root), cacheDir: false });
}
const pairs = (a: Analysis) => a.conflicts.map((c) => `${c.a}-${c.b} ${formatEvidence(c.evidence)}`);

const barrels = suite('analysis.reads: direct, through re-exporting modules');

barrels('a named import through a barrel reads the module that defines the name, not its siblings', async () => {
  const found = await analyze({ '001': 'src/lib/money.ts', '002': 'src/lib/date.ts', '003': 'src/api/named.ts' });
  assert.equal(pairs(found), ['001-003 src/api/named.ts → src/lib/index.ts (re-exports) → src/lib/money.ts']);
  assert.equal(found.footprints[2].reads, ['src/lib/index.ts', 'src/lib/money.ts']);
});

barrels('a namespace import of the barrel reads every module it re-exports', async () => {
  const found = await analyze({ '001': 'src/lib/money.ts', '002': 'src/lib/date.ts', '003': 'src/api/namespace.ts' });
  assert.equal(pairs(found), [
    '001-003 src/api/namespace.ts → src/lib/index.ts (re-exports) → src/lib/money.ts',
    '002-003 src/api/namespace.ts → src/lib/index.ts (re-exports) → src/lib/date.ts',
  ]);
});

barrels('`export * as fmt`: importing fmt reads the whole format module, and only it', async () => {
  const found = await analyze({ '001': 'src/lib/format.ts', '002': 'src/lib/money.ts', '003': 'src/api/ns-export.ts' });
  assert.equal(pairs(found), ['001-003 src/api/ns-export.ts → src/lib/index.ts (re-exports) → src/lib/format.ts']);
});

barrels('`export { default as Clock }`: a default passes by name', async () => {
  const found = await analyze({ '001': 'src/lib/clock.ts', '002': 'src/lib/money.ts', '003': 'src/api/default.ts' });
  assert.equal(pairs(found), ['001-003 src/api/default.ts → src/lib/index.ts (re-exports) → src/lib/clock.ts']);
});

barrels('a type-only import is a read (a changed type breaks the importer’s type check)', async () => {
  const found = await analyze({ '001': 'src/lib/types.ts', '002': 'src/api/type-only.ts' });
  assert.equal(pairs(found), ['001-002 src/api/type-only.ts → src/lib/types.ts']);
});

barrels('a type-only import through a barrel (`export type { Cents } from`) reads the module that declares the type', async () => {
  const found = await analyze({ '001': 'src/lib/types.ts', '002': 'src/lib/money.ts', '003': 'src/api/type-barrel.ts' });
  assert.equal(pairs(found), ['001-003 src/api/type-barrel.ts → src/lib/index.ts (re-exports) → src/lib/types.ts']);
});

barrels('direct is the default rule', () => {
  assert.is(defaultConfig().analysis.reads, 'direct');
});

barrels('module shapes are cached by blob id: a second run reads the same, an edited module is read again', async () => {
  const dir = gitRepo('analyze/barrels');
  const config = defaultConfig();
  const items = [
    makeItem('001', { files: ['src/lib/money.ts'] }),
    makeItem('002', { files: ['src/lib/date.ts'] }),
    makeItem('003', { files: ['src/api/named.ts'] }),
  ];
  const run = () => readAnalysis({ root: dir, items, config, git: gitPort(dir) });
  const first = pairs(await run());
  const cache = join(dir, '.agent/cache/module-shapes.json');
  assert.ok(existsSync(cache));
  assert.equal(pairs(await run()), first);
  // named.ts now takes `today` (defined in date.ts) instead of `round`: the cached shape of its old blob no longer applies.
  writeFileSync(join(dir, 'src/api/named.ts'), "import { today } from '../lib';\nexport const t = today();\n");
  assert.equal(pairs(await run()), ['002-003 src/api/named.ts → src/lib/index.ts (re-exports) → src/lib/date.ts']);
  writeFileSync(cache, 'not json');
  assert.equal(pairs(await run()), ['002-003 src/api/named.ts → src/lib/index.ts (re-exports) → src/lib/date.ts']);
});

barrels("an edit that keeps a module's shape leaves the shape cache as it was; one that changes it rewrites it", async () => {
  const dir = gitRepo('analyze/barrels');
  const config = defaultConfig();
  const items = [makeItem('001', { files: ['src/lib/money.ts'] }), makeItem('003', { files: ['src/api/named.ts'] })];
  const run = () => readAnalysis({ root: dir, items, config, git: gitPort(dir) });
  const first = pairs(await run());
  const cache = join(dir, '.agent/cache/module-shapes.json');
  const before = readFileSync(cache, 'utf8');
  const named = join(dir, 'src/api/named.ts');
  writeFileSync(named, `${readFileSync(named, 'utf8')}\n// a comment: same imports, same exports\n`);
  assert.equal(pairs(await run()), first);
  assert.is(readFileSync(cache, 'utf8'), before, 'not rewritten');
  assert.equal(pairs(await run()), first, 'the module is read again under its new blob, with the same answer');
  writeFileSync(named, "import { today } from '../lib';\nexport const t = today();\n");
  assert.equal(pairs(await run()), []);
  assert.is.not(readFileSync(cache, 'utf8'), before, 'rewritten: the shape changed');
});

barrels('the view is remembered: an edit that keeps every shape is answered without the shape cache, one that moves a name is not', async () => {
  const dir = gitRepo('analyze/barrels');
  const config = defaultConfig();
  const items = [
    makeItem('001', { files: ['src/lib/money.ts'] }),
    makeItem('002', { files: ['src/lib/date.ts'] }),
    makeItem('003', { files: ['src/api/named.ts'] }),
    makeItem('004', { files: ['src/new/not-yet.ts'] }),
  ];
  const run = () => readAnalysis({ root: dir, items, config, git: gitPort(dir) });
  const first = pairs(await run());
  assert.equal(first, ['001-003 src/api/named.ts → src/lib/index.ts (re-exports) → src/lib/money.ts']);
  assert.ok(existsSync(join(dir, '.agent/cache/module-view.json')));
  const shapes = join(dir, '.agent/cache/module-shapes.json');
  rmSync(shapes);
  const named = join(dir, 'src/api/named.ts');
  writeFileSync(named, `${readFileSync(named, 'utf8')}\n// same imports, same exports\n`);
  assert.equal(pairs(await run()), first, 'from the remembered view');
  assert.not.ok(existsSync(shapes), 'the shape cache was not needed');
  // `round` moves from money.ts to date.ts: no import changes (the graph is the same), but the
  // barrel's `export *` now leads the name to date.ts. Both modules were met by the search.
  writeFileSync(join(dir, 'src/lib/money.ts'), 'export const cents = 100;\n');
  writeFileSync(join(dir, 'src/lib/date.ts'), "export const today = (): string => '2026-01-01';\nexport const round = (n: number): number => Math.round(n);\n");
  assert.equal(pairs(await run()), ['002-003 src/api/named.ts → src/lib/index.ts (re-exports) → src/lib/date.ts']);
  // A written file that did not exist is created: the search meets a new module.
  mkdirSync(join(dir, 'src/new'));
  writeFileSync(join(dir, 'src/new/not-yet.ts'), "export { round } from '../lib/date';\n");
  assert.equal(pairs(await run()), [
    '002-003 src/api/named.ts → src/lib/index.ts (re-exports) → src/lib/date.ts',
    '002-004 src/new/not-yet.ts → src/lib/date.ts',
  ]);
});

barrels('a corrupt or foreign remembered view is ignored', async () => {
  const dir = gitRepo('analyze/barrels');
  const config = defaultConfig();
  const items = [makeItem('001', { files: ['src/lib/money.ts'] }), makeItem('003', { files: ['src/api/named.ts'] })];
  const run = () => readAnalysis({ root: dir, items, config, git: gitPort(dir) });
  const first = pairs(await run());
  const memo = join(dir, '.agent/cache/module-view.json');
  const text = readFileSync(memo, 'utf8');
  for (const broken of ['', 'not a memo', text.replace('"digest":"', '"digest":"0'), text.slice(0, text.length / 2)]) {
    writeFileSync(memo, broken);
    assert.equal(pairs(await run()), first);
  }
});

barrels('writing the barrel itself conflicts with every importer of it', async () => {
  const found = await analyze({ '001': 'src/lib/index.ts', '002': 'src/api/named.ts', '003': 'src/api/type-only.ts' });
  assert.equal(pairs(found), ['001-002 src/api/named.ts → src/lib/index.ts']);
});

barrels('an import cycle joins everything under transitive, not under direct', async () => {
  const items = { '001': 'src/cycle/feature-a.ts', '002': 'src/cycle/types.ts', '003': 'src/cycle/feature-b.ts', '004': 'src/cycle/common.ts' };
  const transitive = await analyze(items, 'transitive');
  assert.equal(pairs(transitive), [
    '001-002 src/cycle/feature-a.ts → src/cycle/app.ts → src/cycle/common.ts → src/cycle/types.ts',
    '001-004 src/cycle/feature-a.ts → src/cycle/app.ts → src/cycle/common.ts',
    '002-003 src/cycle/feature-b.ts → src/cycle/types.ts',
    '002-004 src/cycle/common.ts → src/cycle/types.ts',
    '003-004 src/cycle/feature-b.ts → src/cycle/types.ts → src/cycle/app.ts → src/cycle/common.ts',
  ]);
  const direct = await analyze(items);
  assert.equal(pairs(direct), ['002-003 src/cycle/feature-b.ts → src/cycle/types.ts', '002-004 src/cycle/common.ts → src/cycle/types.ts']);
});

barrels('transitive keeps today’s chains: plain importers, no “(re-exports)”', async () => {
  const found = await analyze({ '001': 'src/lib/money.ts', '002': 'src/lib/date.ts', '003': 'src/api/named.ts' }, 'transitive');
  assert.equal(pairs(found), [
    '001-003 src/api/named.ts → src/lib/index.ts → src/lib/money.ts',
    '002-003 src/api/named.ts → src/lib/index.ts → src/lib/date.ts',
  ]);
});

barrels.run();
