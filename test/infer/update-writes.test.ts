import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dependencyHits } from '../../src/analyze/infer/dependency-update.js';
import type { InferContext, Manifest } from '../../src/analyze/infer/find-hits.js';
import { actionsOf } from '../../src/analyze/infer/read-inference.js';
import { buildRepoShape } from '../../src/analyze/infer/repo-shape.js';
import { EMPTY_SYMBOL_INDEX } from '../../src/analyze/infer/symbol-index.js';
import type { Tuning } from '../../src/analyze/infer/tuning.js';

const test = suite('what a dependency update writes');

const FILES = [
  'package.json',
  'yarn.lock',
  'docs/package.json',
  'docs/yarn.lock',
  'packages/pg/package.json',
  'packages/pg/src/index.ts',
  'packages/mysql/package.json',
  'packages/mysql/src/index.ts',
  '.github/workflows/ci.yml',
  '.github/workflows/scorecard.yml',
];

const MANIFESTS: Manifest[] = [
  { file: 'package.json', dependencies: { '@types/pg': '^8.20.0', ws: '^8.11.0' } },
  { file: 'docs/package.json', dependencies: { docusaurus: '^3.0.0' } },
  { file: 'packages/pg/package.json', dependencies: { pg: '^8.0.0' } },
  { file: 'packages/mysql/package.json', dependencies: { mysql2: '^3.0.0' } },
];

test('a bump to a version out of the range writes the manifest, whatever version the range names (TUNING.bumpsOutOfRange)', () => {
  const manifests: Manifest[] = [{ file: 'package.json', dependencies: { vitest: '^2.0.0', ws: '^8.11.0' } }];
  const context: InferContext = { shape: buildRepoShape(FILES), symbols: EMPTY_SYMBOL_INDEX, components: {}, packages: [], manifests };
  const hits = (title: string, tuning: Partial<Tuning> = {}) => dependencyHits(title, { ...context, tuning }).map((h) => h.entry);
  assert.equal(hits('chore(deps-dev): bump vitest from 2.1.9 to 3.2.6 (#1246)'), ['package.json', 'yarn.lock']);
  assert.equal(hits('chore(deps-dev): bump vitest from 2.1.9 to 3.2.6 (#1246)', { bumpsOutOfRange: false }), ['yarn.lock']);
  // Inside the range (`^8.11.0` admits 8.21.3) the lock file alone moves.
  assert.equal(hits('build(deps-dev): bump ws from 8.21.1 to 8.21.3'), ['yarn.lock']);
});

test('a commit-pinned action reads its comment as its version (TUNING.pinnedActionVersions)', () => {
  const text = [
    '    steps:',
    '      - uses: ossf/scorecard-action@2d1146689b8cda280b9bc96326124645441f03bc # v2.4.3',
    "      - uses: 'github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e' # v4.36.2",
    '      - uses: actions/checkout@v4',
  ].join('\n');
  assert.equal(actionsOf(text), {
    'ossf/scorecard-action': '2d1146689b8cda280b9bc96326124645441f03bc#v2.4.3',
    'github/codeql-action': '8aad20d150bbac5944a9f9d289da16a4b0d87c1e#v4.36.2',
    'github/codeql-action/upload-sarif': '8aad20d150bbac5944a9f9d289da16a4b0d87c1e#v4.36.2',
    'actions/checkout': 'v4',
  });
  assert.equal(actionsOf(text, { pinnedActionVersions: false }), {
    'ossf/scorecard-action': '2d1146689b8cda280b9bc96326124645441f03bc',
    'github/codeql-action': '8aad20d150bbac5944a9f9d289da16a4b0d87c1e',
    'actions/checkout': 'v4',
  });
});

test('a bump of a commit-pinned action writes the workflows pinning the version it moves from, and no lock file', () => {
  const manifests = (pinned: boolean): Manifest[] => [
    ...MANIFESTS,
    { file: '.github/workflows/scorecard.yml', dependencies: actionsOf(SCORECARD, { pinnedActionVersions: pinned }) },
    { file: '.github/workflows/ci.yml', dependencies: actionsOf(CI, { pinnedActionVersions: pinned }) },
  ];
  const context = (pinned: boolean): InferContext => ({
    shape: buildRepoShape(FILES),
    symbols: EMPTY_SYMBOL_INDEX,
    components: {},
    packages: [],
    manifests: manifests(pinned),
    tuning: { pinnedActionVersions: pinned },
  });
  const hits = (title: string, pinned = true) => dependencyHits(title, context(pinned)).map((h) => h.entry);
  assert.equal(hits('build(deps): bump ossf/scorecard-action from 2.4.3 to 2.4.4 (#5633)'), ['.github/workflows/scorecard.yml']);
  // Without the comment's version no workflow holds 2.4.3: the lock file, as for a transitive npm bump.
  assert.equal(hits('build(deps): bump ossf/scorecard-action from 2.4.3 to 2.4.4 (#5633)', false), ['yarn.lock']);
  // An action in a folder of its repository: the workflows using that one.
  assert.equal(hits('build(deps): bump github/codeql-action/init from 4.36.2 to 4.37.3'), ['.github/workflows/ci.yml']);
  assert.equal(hits('build(deps): bump github/codeql-action/init from 4.36.2 to 4.37.3', false), [
    '.github/workflows/ci.yml',
    '.github/workflows/scorecard.yml',
  ]);
  // A Renovate update to the version a workflow's comment already says leaves that workflow out.
  assert.equal(hits('chore(deps): update ossf/scorecard-action action to v2.4.3'), []);
});

const SCORECARD = [
  '      - uses: ossf/scorecard-action@2d1146689b8cda280b9bc96326124645441f03bc # v2.4.3',
  '      - uses: github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2',
].join('\n');
const CI = '      - uses: github/codeql-action/init@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2\n';

test.run();
