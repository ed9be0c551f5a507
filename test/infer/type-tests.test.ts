import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { contentQuery } from '../../src/analyze/infer/content-terms.js';
import type { InferContext } from '../../src/analyze/infer/find-hits.js';
import { inferFootprint } from '../../src/analyze/infer/infer-footprint.js';
import { buildRepoShape } from '../../src/analyze/infer/repo-shape.js';
import { buildSymbolIndex } from '../../src/analyze/infer/symbol-index.js';
import { extractEvidence } from '../../src/analyze/infer/text-evidence.js';
import type { Tuning } from '../../src/analyze/infer/tuning.js';

const test = suite('Type tests');

const FILES = [
  'packages/form-core/src/FieldApi.ts',
  'packages/form-core/src/FormApi.ts',
  'packages/form-core/tests/FieldApi.spec.ts',
  'packages/form-core/tests/FieldApi.test-d.ts',
  'packages/form-core/tests/FormApi.spec.ts',
];

function writes(title: string, tuning: Partial<Tuning> = {}, body: string[] = []): string[] {
  const context: InferContext = {
    shape: buildRepoShape(FILES),
    symbols: buildSymbolIndex(
      new Map([
        ['packages/form-core/src/FieldApi.ts', { exported: ['FieldApi'], local: [] }],
        ['packages/form-core/src/FormApi.ts', { exported: ['FormApi'], local: [] }],
      ]),
    ),
    components: {},
    packages: [],
    tuning,
  };
  const text = { title, body };
  return inferFootprint(extractEvidence(text), context, {}, [], contentQuery(text)).entries.map((e) => e.path);
}

test('a fix of behaviour brings the runtime test, not the type test (TUNING.typeTestsNeedTypes)', () => {
  const title = 'fix: `FieldApi` keeps its value on re-submission';
  assert.equal(writes(title), ['packages/form-core/src/FieldApi.ts', 'packages/form-core/tests/FieldApi.spec.ts']);
  assert.ok(writes(title, { typeTestsNeedTypes: false }).includes('packages/form-core/tests/FieldApi.test-d.ts'));
});

test('a fix of types, or another kind of change, brings the type test too', () => {
  assert.ok(writes('feat: `FieldApi` accepts a default value').includes('packages/form-core/tests/FieldApi.test-d.ts'));
  for (const title of [
    'fix(types): `FieldApi` narrows its value',
    'fix: exclude undefined from the `FieldApi` errors type',
    'fix: `FieldApi` TS4023 declaration emit',
  ])
    assert.ok(writes(title).includes('packages/form-core/tests/FieldApi.test-d.ts'), title);
});

test('a body that says types brings the type test too', () => {
  const title = 'fix: `FieldApi` validators return no promise';
  assert.ok(writes(title, {}, ['Synchronous validators are typed to return no `Promise`.']).includes('packages/form-core/tests/FieldApi.test-d.ts'));
  assert.not.ok(writes(title, {}, ['Synchronous validators now return no `Promise`.']).includes('packages/form-core/tests/FieldApi.test-d.ts'));
});

test.run();
