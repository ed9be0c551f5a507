import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildNameWords, nameWordHits, wordsOf } from '../../src/analyze/infer/name-words.js';

const FILES = [
  'packages/vite/src/node/plugins/dynamicImportVars.ts',
  'packages/vite/src/node/plugins/resolve.ts',
  'packages/vite/src/node/ssr/__tests__/server-hmr.spec.ts',
  'packages/vite/src/node/server/index.ts',
  'docs/config/server-options.md',
  'playground/a/get-set.ts',
  'playground/b/get-set.ts',
  'dist/dynamic-import-vars.js',
];
const index = buildNameWords(FILES);
const named = (title: string, aboutTests = false) => nameWordHits(title, index, aboutTests).map((h) => `${h.entry}@${h.confidence}`);

const words = suite('file names by their words');

words('a compound name splits into its stemmed words; a one-word name is not indexed', () => {
  assert.equal(wordsOf('dynamicImportVars'), ['dynamic', 'import', 'vars']);
  assert.equal(wordsOf('server-hmr.spec'), ['serv', 'hmr', 'spec']);
  assert.is(index.words.get('packages/vite/src/node/plugins/resolve.ts'), undefined);
  assert.is(index.words.get('dist/dynamic-import-vars.js'), undefined, 'not the repository own code');
});

words('a title holding every word of a compound name points at the file, once, never strongly', () => {
  assert.equal(named('feat: support dynamic import vars with subpaths'), ['packages/vite/src/node/plugins/dynamicImportVars.ts@0.5']);
  assert.equal(named('docs(server): explain the options'), ['docs/config/server-options.md@0.5'], 'the scope counts');
  assert.equal(named('feat: dynamic imports'), [], 'every word of the name, not some');
});

words('a test file only for an item about tests; a name of stopwords only says nothing', () => {
  assert.equal(named('test(module-runner): simplify server-hmr tests'), []);
  assert.equal(named('test(module-runner): simplify server-hmr tests', true), ['packages/vite/src/node/ssr/__tests__/server-hmr.spec.ts@0.5']);
  assert.equal(named('fix: get and set the cookie'), []);
});

words.run();
