import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mapTarget } from '../../src/analyze/workspace-source.js';

const map = suite('mapTarget: package.json exports / imports');

map('the root: a string, conditions only, or the "." entry; nothing for a subpath of a string', () => {
  assert.is(mapTarget('./dist/index.js', '.'), './dist/index.js');
  assert.is(mapTarget('./dist/index.js', './sub'), undefined);
  assert.is(mapTarget({ import: './dist/index.mjs', types: './dist/index.d.ts' }, '.'), './dist/index.d.ts', 'types before import');
  assert.is(mapTarget({ '.': { default: './index.js' }, './x': './x.js' }, '.'), './index.js');
  assert.is(mapTarget(['./a.js', './b.js'], '.'), './a.js');
});

map('subpaths: an exact key wins; among patterns the longest prefix (as Node picks); nested conditions', () => {
  const exports = {
    './*': './dist/*.js',
    './feature/*': { types: './src/features/*/main.ts', default: './dist/features/*.js' },
    './feature/special': './src/special.ts',
    './data/*.json': './data/*.json',
  };
  assert.is(mapTarget(exports, './feature/special'), './src/special.ts');
  assert.is(mapTarget(exports, './feature/auth'), './src/features/auth/main.ts');
  assert.is(mapTarget(exports, './util'), './dist/util.js');
  assert.is(mapTarget(exports, './data/rates.json'), './data/rates.json');
  assert.is(mapTarget({ './a': null }, './a'), undefined, 'null: not exported');
  assert.is(mapTarget({ node: { import: './n.mjs' }, default: './d.js' }, '.'), './n.mjs');
});

map('imports: # keys, with patterns', () => {
  const imports = { '#internal/*': './dist/internal/*.mjs', '#config': { node: './src/config.node.ts', default: './src/config.ts' } };
  assert.is(mapTarget(imports, '#internal/app'), './dist/internal/app.mjs');
  assert.is(mapTarget(imports, '#internal/error/hooks'), './dist/internal/error/hooks.mjs');
  assert.is(mapTarget(imports, '#config'), './src/config.node.ts');
  assert.is(mapTarget(imports, '#other'), undefined);
  assert.is(mapTarget(undefined, '#other'), undefined);
});

map.run();
