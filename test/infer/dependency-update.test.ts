import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dependencyHits, MAX_DEPENDENCY_FILES } from '../../src/analyze/infer/dependency-update.js';
import type { InferContext, Manifest } from '../../src/analyze/infer/find-hits.js';
import { inferFootprint } from '../../src/analyze/infer/infer-footprint.js';
import { contentQuery } from '../../src/analyze/infer/content-terms.js';
import { actionsOf, readManifests } from '../../src/analyze/infer/read-inference.js';
import { buildRepoShape } from '../../src/analyze/infer/repo-shape.js';
import { buildChangeHistory } from '../../src/analyze/infer/change-history.js';
import { EMPTY_SYMBOL_INDEX } from '../../src/analyze/infer/symbol-index.js';
import { extractEvidence } from '../../src/analyze/infer/text-evidence.js';
import type { Tuning } from '../../src/analyze/infer/tuning.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { tempDir, writeFiles } from '../helpers/git-repo.js';

const MANIFESTS: Manifest[] = [
  { file: 'package.json', dependencies: { vitest: '^3.0.0', '@acme/sdk': 'workspace:*' } },
  { file: 'packages/core/package.json', dependencies: { 'magic-string': '^0.30.0', 'js-yaml': 'catalog:' } },
  { file: 'packages/legacy/package.json', dependencies: { 'magic-string': '^0.30.0' } },
  { file: 'packages/sdk/package.json', dependencies: { yargs: '^17.0.0' } },
];
const FILES = [
  'package.json',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'packages/core/package.json',
  'packages/core/src/index.ts',
  'packages/legacy/package.json',
  'packages/legacy/src/index.ts',
  'packages/sdk/package.json',
  'packages/sdk/src/client.ts',
];

function context(extra: Partial<InferContext> = {}): InferContext {
  return {
    shape: buildRepoShape(FILES),
    symbols: EMPTY_SYMBOL_INDEX,
    components: {},
    packages: [
      { name: '@acme/core', dir: 'packages/core' },
      { name: '@acme/legacy', dir: 'packages/legacy' },
      { name: '@acme/sdk', dir: 'packages/sdk' },
    ],
    manifests: MANIFESTS,
    ...extra,
  };
}

const written = (title: string, extra: Partial<InferContext> = {}) => dependencyHits(title, context(extra)).map((h) => h.entry);

const test = suite('dependency updates');

test('a title updating a dependency writes the manifests that list it and the lock file (TUNING.dependencyManifests)', () => {
  const run = (tuning: Partial<Tuning>) => {
    const text = { title: 'fix(deps): update dependency magic-string to v1', body: [] };
    return inferFootprint(extractEvidence(text), context({ tuning }), {}, [], contentQuery(text));
  };
  const r = run({});
  assert.is(r.isWeak, false);
  assert.equal(
    r.entries.map((e) => e.path),
    ['packages/core/package.json', 'packages/legacy/package.json', 'pnpm-lock.yaml'],
  );
  assert.equal(r.entries[0].words, ['magic-string']);
  assert.equal(r.entries[0].kinds, ['dependency']);
  // Without the rule the title names nothing of the repository: it runs alone.
  assert.is(run({ dependencyManifests: false }).isWeak, true);
});

test('the ways a dependency update is written', () => {
  assert.equal(written('chore(deps): bump yargs from 17.0.0 to 18.0.0'), ['packages/sdk/package.json', 'pnpm-lock.yaml']);
  assert.equal(written('chore(deps): update `yargs` to v18 (#17447)'), ['packages/sdk/package.json', 'pnpm-lock.yaml']);
  assert.equal(written('Update yargs to 18.0.0'), ['packages/sdk/package.json', 'pnpm-lock.yaml']);
  assert.equal(written('chore: upgrade to yargs 18'), ['packages/sdk/package.json', 'pnpm-lock.yaml']);
  assert.equal(written('chore: bump yargs (#16678)'), ['packages/sdk/package.json', 'pnpm-lock.yaml']);
  assert.equal(written('chore: update vitest to v4 and cleanups'), ['package.json', 'pnpm-lock.yaml']);
  // A pnpm catalog range is written in the workspace file that holds the catalog.
  assert.equal(written('Update js-yaml to 4.3.0'), ['pnpm-lock.yaml', 'pnpm-workspace.yaml']);
});

test("a bump from a version writes the manifests whose range holds it; when none does, the lock file (Dependabot's transitive bumps)", () => {
  const manifests: Manifest[] = [
    { file: 'packages/core/package.json', dependencies: { '@types/react': '^19.2.17' } },
    { file: 'packages/legacy/package.json', dependencies: { '@types/react': '^19' } },
  ];
  assert.equal(written('chore(deps-dev): bump @types/react from 19.2.17 to 19.2.18', { manifests }), ['packages/core/package.json', 'pnpm-lock.yaml']);
  assert.equal(written('chore(deps): bump nanoid from 3.3.16 to 6.0.1', { manifests }), ['pnpm-lock.yaml']);
  assert.equal(written('chore(deps-dev): bump @types/react from 18.3.1 to 18.3.2', { manifests }), ['pnpm-lock.yaml']);
  // Without a word of dependencies a version bump is a release, not a lock file.
  assert.equal(written('chore: bump version from 4.1.0 to 4.2.0', { manifests }), []);
});

test('a manifest a dependency update writes brings no co-changed files (its release bookkeeping)', () => {
  const commit = (files: string[]) => ({ hash: files.join(), subject: 'release', body: '', files });
  const changes = buildChangeHistory([
    commit(['packages/sdk/package.json', 'packages/sdk/CHANGELOG.md']),
    commit(['packages/sdk/package.json', 'packages/sdk/CHANGELOG.md']),
  ]);
  const shape = buildRepoShape([...FILES, 'packages/sdk/CHANGELOG.md']);
  const text = { title: 'chore(deps): update dependency yargs to v18', body: [] };
  const r = inferFootprint(extractEvidence(text), context({ shape, changes }), {}, [], contentQuery(text));
  assert.equal(
    r.entries.map((e) => e.path),
    ['packages/sdk/package.json', 'pnpm-lock.yaml'],
  );
});

test('an action update writes the workflows that use the action, but those already at the version it moves to', () => {
  const workflow = (uses: string) => `jobs:\n  test:\n    steps:\n      - uses: ${uses}\n      - name: build\n        uses: ./.github/actions/setup\n`;
  assert.equal(actionsOf(workflow('actions/checkout@v4')), { 'actions/checkout': 'v4' });
  assert.equal(actionsOf("- uses: 'github/codeql-action/init@abc1234' # v3\n- uses: github/codeql-action/analyze@v3\n", { pinnedActionVersions: false }), {
    'github/codeql-action': 'abc1234 v3',
  });
  const manifests: Manifest[] = [
    { file: '.github/workflows/ci.yml', dependencies: { 'actions/checkout': 'v4' } },
    { file: '.github/workflows/lint.yml', dependencies: { 'actions/checkout': 'v6' } },
    { file: '.github/workflows/release.yml', dependencies: { 'actions/checkout': 'v4 v6', 'actions/setup-node': 'v4' } },
  ];
  assert.equal(written('chore(deps): update actions/checkout action to v6', { manifests }), ['.github/workflows/ci.yml', '.github/workflows/release.yml']);
  assert.equal(written('chore(deps): update actions/setup-node action to v6', { manifests }), ['.github/workflows/release.yml']);
});

test('the lock file written is the one nearest the manifest', () => {
  const shape = buildRepoShape([...FILES, 'website/package.json', 'website/yarn.lock']);
  const manifests: Manifest[] = [{ file: 'website/package.json', dependencies: { docusaurus: '^2.0.0' } }];
  assert.equal(written('chore(deps): update dependency docusaurus to v3', { shape, manifests }), ['website/package.json', 'website/yarn.lock']);
});

test('no manifest written: a project thing after the verb, a workspace package, a name nobody lists, a sweep', () => {
  assert.equal(written('fix: update vitest config handling for workers'), []);
  assert.equal(written('chore: bump @acme/sdk to 2.0.0'), []);
  assert.equal(written('chore(deps): update dependency left-pad to v2'), []);
  const many = Array.from({ length: MAX_DEPENDENCY_FILES + 1 }, (_, i): Manifest => ({
    file: `apps/a${i}/package.json`,
    dependencies: { typescript: '^5.0.0' },
  }));
  assert.equal(written('chore(deps): update dependency typescript to v6', { manifests: many }), []);
});

test('readManifests: every package.json, the root too, with its dependency fields, and every workflow with its actions; workspace packages below the root', async () => {
  const root = tempDir();
  writeFiles(root, {
    'package.json': JSON.stringify({ name: 'root', devDependencies: { vitest: '^3.0.0' } }),
    'packages/core/package.json': JSON.stringify({ name: '@acme/core', dependencies: { 'magic-string': '^0.30.0' }, peerDependencies: { vite: '*' } }),
    'packages/core/test/fixtures/app/package.json': JSON.stringify({ name: 'fixture', dependencies: { 'magic-string': '^0.1.0' } }),
    'packages/broken/package.json': '{ not json',
    '.github/workflows/ci.yml': 'jobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n',
  });
  const files = [
    '.github/workflows/ci.yml',
    'package.json',
    'packages/broken/package.json',
    'packages/core/package.json',
    'packages/core/test/fixtures/app/package.json',
  ];
  const { packages, manifests } = await readManifests(files, workTreeReader(root));
  assert.equal(packages, [{ name: '@acme/core', dir: 'packages/core' }]);
  assert.equal(manifests, [
    { file: '.github/workflows/ci.yml', dependencies: { 'actions/checkout': 'v4' } },
    { file: 'package.json', dependencies: { vitest: '^3.0.0' } },
    { file: 'packages/core/package.json', dependencies: { 'magic-string': '^0.30.0', vite: '*' } },
  ]);
});

test.run();
