import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { contentHits, rankByContent } from '../../src/analyze/infer/content-hits.js';
import { contentQuery, contentTerms, stemOf } from '../../src/analyze/infer/content-terms.js';
import { readInference } from '../../src/analyze/infer/read-inference.js';
import { commonTerms, lookupTerms, MAX_LOOKUP_TERMS, readVocabulary, SAMPLE_FILES } from '../../src/analyze/infer/read-vocabulary.js';
import { keyOfMatch } from '../../src/analyze/infer/content-terms.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { readStagedTree } from '../../src/io/git-index.js';
import { makeItem } from '../helpers/items.js';

const terms = suite('contentTerms');

terms('title words by stem, names whole; body prose dropped, body names and code kept', () => {
  const got = contentTerms({
    title: 'fix(v4): stop islanding a catch callback',
    body: ['The compiled path diverged silently from `safeParse` and ROLLDOWN_FILE_URL; see getDiscriminatedOption.'],
  });
  const keys = got.map((t) => `${t.isName ? 'n' : 'w'}:${t.key}@${t.weight}`);
  assert.equal(keys, [
    'w:callback@1',
    'w:catch@1',
    'w:island@1',
    'w:stop@1',
    'n:getdiscriminatedoption@0.5',
    'w:pars@0.5',
    'n:rolldown_file_url@0.5',
    'w:safe@0.5',
    'n:safeparse@0.5',
  ]);
  assert.is(stemOf('compilation'), 'compil');
  assert.is(stemOf('compiler'), 'compil');
  assert.is(stemOf('tree'), 'tree');
});

terms('says whether the item is about docs or tests', () => {
  assert.is(contentQuery({ title: 'docs: clarify the proxy option', body: [] }).isAboutDocs, true);
  assert.is(contentQuery({ title: 'Update the README for retries', body: [] }).isAboutDocs, true);
  assert.is(contentQuery({ title: 'fix: retry on 503', body: [] }).isAboutDocs, false);
  assert.is(contentQuery({ title: 'test(hmr): cover invalidate', body: [] }).isAboutTests, true);
});

const rank = suite('rankByContent / contentHits');

const vocabulary = (rows: Record<string, Record<string, number>>, sizes: Record<string, number>) => ({
  occurrences: new Map(Object.entries(rows).map(([k, v]) => [k, new Map(Object.entries(v))])),
  sizes: new Map(Object.entries(sizes)),
});

rank('a file holding the rare words ranks first; a word in every file barely counts; prose and changelogs count less or not at all', () => {
  const v = vocabulary(
    {
      'w:island': { 'src/compile.ts': 2, 'docs/compile.md': 3, 'CHANGELOG.md': 1 },
      'w:catch': { 'src/compile.ts': 1, 'src/a.ts': 1, 'src/b.ts': 1, 'src/c.ts': 1, 'docs/compile.md': 1 },
    },
    { 'src/compile.ts': 1000, 'docs/compile.md': 1000, 'src/a.ts': 1000, 'src/b.ts': 1000, 'src/c.ts': 1000, 'CHANGELOG.md': 50000 },
  );
  const query = contentTerms({ title: 'stop islanding a catch', body: [] });
  const ranked = rankByContent(query, v, 100, () => true);
  assert.equal(
    ranked.map((m) => m.file),
    ['src/compile.ts', 'docs/compile.md', 'src/a.ts', 'src/b.ts', 'src/c.ts'],
  );
  assert.equal(ranked[0].words, ['islanding', 'catch']);
  const docs = rankByContent(query, v, 100, () => true, { isAboutDocs: true, isAboutTests: false });
  assert.is(docs[0].file, 'docs/compile.md');
  const hits = contentHits(ranked);
  assert.ok(hits.length <= 3 && hits.every((h) => h.evidence === 'content' && h.confidence < 0.6), JSON.stringify(hits));
  assert.ok(hits[0].confidence > hits[1].confidence);
});

rank('a term in most files is not looked up (estimated on a sample, scaled), and an item keeps at most its first terms', () => {
  const many = contentTerms({ title: 'widget zephyr', body: [] });
  const found = new Map([
    ['w:widget', new Map(Array.from({ length: 90 }, (_, i) => [`f${i}.ts`, 1] as [string, number]))],
    ['w:zephyr', new Map([['rare.ts', 1]])],
  ]);
  // 90 of a 100-file sample of 8,000 files: about 7,200 files hold it.
  assert.equal([...commonTerms(many, found, 100, 8000)], ['w:widget']);
  // A small repository: no term is common below 500 files, however many of its files hold it.
  assert.equal([...commonTerms(many, found, 100, 100)], []);
  const long = Array.from({ length: MAX_LOOKUP_TERMS + 5 }, (_, i) => ({ key: `term${i}`, isName: false }));
  const kept = lookupTerms(long, new Set(['w:term0']));
  assert.is(kept.length, MAX_LOOKUP_TERMS);
  assert.is(kept[0].key, 'term1');
  // The ranking counts only the terms looked up.
  const v = { occurrences: found, sizes: new Map(), common: new Set(['w:widget']) };
  assert.equal(rankByContent(many, v, 8000, () => true)[0].words, ['zephyr']);
  assert.is(rankByContent(many, v, 8000, () => true).length, 1);
});

rank('a match belongs to the longest stem that starts it', () => {
  assert.is(keyOfMatch('Islanded', new Set(), new Set(['isla', 'island'])), 'w:island');
  assert.is(keyOfMatch('safeParse', new Set(['safeparse']), new Set(['safe'])), 'n:safeparse');
  assert.is(keyOfMatch('other', new Set(), new Set(['island'])), undefined);
});

const read = suite('readVocabulary (git grep)');

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'wp-vocab-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init');
  return root;
}

read('finds each term in the tracked files: stems with their endings, names whole and case-blind, never a longer name', async () => {
  const root = repo({
    'src/compile.ts': '// a catch callback is islanded here\nexport const catchAll = 1;\nconst x = ROLLDOWN_FILE_URL;\n',
    'src/other.ts': 'export const catches = 2; // Catch\n',
  });
  const v = await readVocabulary(root, [contentTerms({ title: 'islanding catch', body: ['`rolldown_file_url`'] })], ['src/compile.ts', 'src/other.ts']);
  assert.equal(Object.fromEntries([...v.occurrences].map(([k, row]) => [k, Object.fromEntries(row)])), {
    'w:island': { 'src/compile.ts': 1 },
    'w:catch': { 'src/compile.ts': 1, 'src/other.ts': 2 },
    'n:rolldown_file_url': { 'src/compile.ts': 1 },
  });
  assert.ok(v.sizes.get('src/compile.ts')! > 0);
  const outside = await readVocabulary(mkdtempSync(join(tmpdir(), 'wp-novcs-')), [contentTerms({ title: 'islanding', body: [] })], ['src/a.ts']);
  assert.is(outside.occurrences.size, 0);
});

read('a large repository: a term most files hold is found on the first pass and not looked up; bundles are never read', async () => {
  const files: Record<string, string> = { 'src/rare.ts': '// the zephyr path\n', 'dist/bundle.js': 'zephyr zephyr\n' };
  for (let i = 0; i < SAMPLE_FILES + 200; i++) files[`src/mod${String(i).padStart(4, '0')}.ts`] = `export const widget${i} = 'widget';\n`;
  const root = repo(files);
  const eligible = Object.keys(files)
    .filter((f) => !f.startsWith('dist/'))
    .sort();
  const v = await readVocabulary(root, [contentTerms({ title: 'widget zephyr', body: [] })], eligible);
  assert.equal([...(v.common ?? [])], ['w:widget']);
  assert.equal(Object.fromEntries([...v.occurrences].map(([k, row]) => [k, Object.fromEntries(row)])), { 'w:zephyr': { 'src/rare.ts': 1 } });
});

read("Yarn's vendored files (.yarn/releases, plugins, sdks, .pnp.cjs) are never read: they hold every word", async () => {
  // arcanis/clipanion: .yarn/releases/yarn-3.1.1.cjs (2.7 MB) "held the rare words" of 11 of 40 items.
  const files = {
    'src/rare.ts': '// the zephyr path\n',
    '.yarn/releases/yarn-4.4.1.cjs': 'zephyr zephyr zephyr\n',
    '.yarn/plugins/@yarnpkg/plugin-interactive-tools.cjs': 'zephyr\n',
    '.yarn/sdks/typescript/lib/tsc.js': 'zephyr\n',
    '.pnp.cjs': 'zephyr\n',
    '.pnp.loader.mjs': 'zephyr\n',
    'docs/.yarn/releases/yarn-1.cjs': 'zephyr\n',
  };
  const root = repo(files);
  const v = await readVocabulary(root, [contentTerms({ title: 'zephyr', body: [] })], Object.keys(files).sort());
  assert.equal(Object.fromEntries([...v.occurrences].map(([k, row]) => [k, Object.fromEntries(row)])), { 'w:zephyr': { 'src/rare.ts': 1 } });
});

read('with the staged tree (the pre-commit hook), words are found in what is staged, not in unstaged edits', async () => {
  const root = repo({ 'src/compile.ts': '// a catch callback\n', 'src/other.ts': 'export const x = 1;\n' });
  writeFileSync(join(root, 'src/other.ts'), '// islanded, not staged\n');
  const terms = [contentTerms({ title: 'islanding catch', body: [] })];
  const files = ['src/compile.ts', 'src/other.ts'];
  const keys = (v: { occurrences: ReadonlyMap<string, ReadonlyMap<string, number>> }) =>
    Object.fromEntries([...v.occurrences].map(([k, row]) => [k, [...row.keys()]]));
  assert.equal(keys(await readVocabulary(root, terms, files)), { 'w:catch': ['src/compile.ts'], 'w:island': ['src/other.ts'] });
  const staged = await readStagedTree({ root });
  const fromIndex = await readVocabulary(root, terms, files, staged);
  assert.equal(keys(fromIndex), { 'w:catch': ['src/compile.ts'] });
  assert.is(fromIndex.sizes.get('src/compile.ts'), '// a catch callback\n'.length);
});

read('an item whose only evidence is a weak file-name word becomes inferred once that file holds its rare words too', async () => {
  const root = repo({
    'src/compile.ts': '// the catch callback is islanded so that it never diverges\nexport function build() {}\n',
    'src/schemas.ts': 'export const a = 1;\n',
    'src/util.ts': 'export const b = 2;\n',
    'docs/guide.md': 'How to build.\n',
  });
  const items = [makeItem('001', { title: 'Compile: stop islanding a catch callback' })];
  const repoFiles = ['docs/guide.md', 'src/compile.ts', 'src/schemas.ts', 'src/util.ts'];
  const got = await readInference({ root, items, config: defaultConfig(), repoFiles, cache: false });
  const inference = got.get('001')!;
  assert.is(inference.isWeak, false, JSON.stringify(inference));
  assert.equal(
    inference.entries.map((e) => [e.path, e.kinds]),
    [['src/compile.ts', ['content', 'word']]],
  );
  // The same item on a repository whose compile.ts holds none of its words: the file name alone stays weak.
  const bare = repo({
    'src/compile.ts': 'export function build() {}\n',
    'src/schemas.ts': 'export const a = 1;\n',
    'src/util.ts': 'export const b = 2;\n',
    'docs/guide.md': 'How to build.\n',
  });
  const weak = (await readInference({ root: bare, items, config: defaultConfig(), repoFiles, cache: false })).get('001')!;
  assert.is(weak.isWeak, true, JSON.stringify(weak));
  assert.equal(weak.suggestions[0].path, 'src/compile.ts');
});

terms.run();
rank.run();
read.run();
