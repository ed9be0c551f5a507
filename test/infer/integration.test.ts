import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileFootprint } from '../../src/analyze/footprint.js';
import { findConflicts } from '../../src/analyze/conflicts.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { waveplan } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git-repo.js';
import { makeItem } from '../helpers/items.js';

const footprint = suite('compileFootprint with inference');
const repoFiles = ['src/http/etag.ts', 'src/http/router.ts', 'src/db/client.ts'];
const inference = { entries: [{ path: 'src/http/*', words: ['generateDigest'], confidence: 0.85 }], suggestions: [] };

footprint('an item that declares nothing gets the inferred entries, marked inferred, with words and confidence', () => {
  const fp = compileFootprint({ item: makeItem('001'), config: defaultConfig(), repoFiles, inference });
  assert.equal(fp.writes, ['src/http/etag.ts', 'src/http/router.ts']);
  assert.equal(fp.origins['src/http/etag.ts'], ['inferred']);
  assert.equal(fp.inferred, { 'src/http/*': { words: ['generateDigest'], confidence: 0.85 } });
  assert.is(fp.unknown, false);
});

footprint('a declared footprint always wins', () => {
  const fp = compileFootprint({ item: makeItem('001', { files: ['src/db/client.ts'] }), config: defaultConfig(), repoFiles, inference });
  assert.equal(fp.writes, ['src/db/client.ts']);
  assert.is(fp.inferred, undefined);
});

footprint('a weak inference stays unknown and carries the files to suggest', () => {
  const fp = compileFootprint({
    item: makeItem('001'),
    config: defaultConfig(),
    repoFiles,
    inference: { entries: [], suggestions: [{ path: 'src/db/client.ts' }] },
  });
  assert.is(fp.unknown, true);
  assert.equal(fp.writes, []);
  assert.equal(fp.suggestedFiles, ['src/db/client.ts']);
});

footprint('an inferred write set is written with the files near its guess, and reads the region of a doubtful guess; a declared item has neither', () => {
  const near = {
    ...inference,
    entries: [{ path: 'src/http/etag.ts', words: ['etag'], confidence: 0.7 }],
    near: ['src/http/router.ts'],
    reads: ['src/db/**'],
  };
  const guessed = compileFootprint({ item: makeItem('001'), config: defaultConfig(), repoFiles, inference: near });
  assert.equal(guessed.writes, ['src/http/etag.ts', 'src/http/router.ts']);
  assert.equal(guessed.origins['src/http/router.ts'], ['near']);
  assert.equal(guessed.reads, ['src/db/client.ts']);
  const writer = compileFootprint({ item: makeItem('002', { files: ['src/db/client.ts'] }), config: defaultConfig(), repoFiles });
  assert.equal(
    findConflicts([guessed, writer]).map((c) => [c.kind, c.a, c.b, c.evidence]),
    [['data', '001', '002', { kind: 'declared-read', reader: '001', file: 'src/db/client.ts' }]],
  );
  const declared = compileFootprint({ item: makeItem('001', { files: ['src/http/etag.ts'] }), config: defaultConfig(), repoFiles, inference: near });
  assert.equal([declared.writes, declared.reads], [['src/http/etag.ts'], []]);
  assert.equal(findConflicts([declared, writer]), []);
});

const cli = suite('waveplan report / explain / plan with inferred footprints');

cli('report plans un-annotated items in parallel, names weak ones with a files: suggestion; --footprints declared turns it off', async () => {
  const root = gitRepo('infer/shopfront/repo');
  const inferred = await waveplan(root, ['report']);
  assert.is(inferred.code, 0, inferred.stderr);
  const waves = Number(/in (\d+) waves/.exec(inferred.stdout)![1]);
  assert.ok(waves < 34, inferred.stdout.slice(0, 200));
  assert.match(inferred.stdout, /Unknown footprint \(each runs alone\): 029, 034/);
  assert.match(inferred.stdout, /029 weak footprint: add `files: \[src\/catalog\/search\.ts/);
  assert.match(inferred.stdout, /\n {2}034 names nothing in the repository: add `files: \[the paths it will change\]` to the frontmatter\n/);
  const md = await waveplan(root, ['report', '--format', 'md']);
  assert.match(md.stdout, /\n- 034 names nothing in the repository/);
  const declared = await waveplan(root, ['report', '--footprints', 'declared']);
  assert.match(declared.stdout, /34 items in 34 waves/);
  const bad = await waveplan(root, ['report', '--footprints', 'guess']);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /option '--footprints <mode>' argument 'guess' is invalid\. Allowed choices are declared, inferred/);
});

cli('explain shows the words and the confidence behind each inferred entry; the plan file records them', async () => {
  const root = gitRepo('infer/shopfront/repo');
  const explained = await waveplan(root, ['explain', '001']);
  assert.match(explained.stdout, /src\/http\/etag\.ts {2}← inferred from .*"generateDigest".*\(0\.\d\d: .*a name declared there.*\)/);
  const plan = await waveplan(root, ['plan']);
  assert.is(plan.code, 0, plan.stderr);
  const text = (await import('node:fs')).readFileSync(`${root}/.agent/plan.yaml`, 'utf8');
  assert.match(text, /- path: src\/http\/etag\.ts\n\s+words:\n(\s+- .*\n)*\s+- generateDigest\n(\s+- .*\n)*\s+confidence: 0\.\d+\n/);
  assert.match(text, /suggested_files:/);
});

footprint.run();
cli.run();
