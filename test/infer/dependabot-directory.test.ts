import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dependabotDirectory, outsideDirectory } from '../../src/analyze/infer/dependabot-directory.js';
import { buildChangeHistory } from '../../src/analyze/infer/change-history.js';
import { contentQuery } from '../../src/analyze/infer/content-terms.js';
import type { InferContext } from '../../src/analyze/infer/find-hits.js';
import { inferFootprint } from '../../src/analyze/infer/infer-footprint.js';
import { buildRepoShape } from '../../src/analyze/infer/repo-shape.js';
import { EMPTY_SYMBOL_INDEX } from '../../src/analyze/infer/symbol-index.js';
import { extractEvidence } from '../../src/analyze/infer/text-evidence.js';
import type { Tuning } from '../../src/analyze/infer/tuning.js';

const test = suite('Dependabot directories');

test('a Dependabot title names its directory, none for the root; other titles name none', () => {
  assert.is(dependabotDirectory('chore(deps): bump nanoid from 3.3.12 to 3.3.18 in /website (#1288)'), 'website');
  assert.is(dependabotDirectory('Bump @babel/plugin-transform-modules-systemjs in /website'), 'website');
  assert.is(dependabotDirectory('build(deps): bump the npm_and_yarn group in /examples/next with 3 updates'), 'examples/next');
  assert.is(dependabotDirectory('Bump ws from 8.17.0 to 8.17.1 in /docs/ (#77)'), 'docs');
  assert.is(dependabotDirectory('chore(deps): bump shell-quote from 1.8.0 to 1.8.4 (#1247)'), '');
  assert.is(dependabotDirectory('Bump the npm_and_yarn group with 2 updates'), '');
  assert.is(dependabotDirectory('Bump the npm_and_yarn group across 2 directories with 5 updates'), undefined);
  assert.is(dependabotDirectory('chore(deps): bump valibot from 1.2.0 to 1.4.2 in the npm_and_yarn group across 1 directory'), undefined);
  assert.is(dependabotDirectory('chore: bump version'), undefined);
  assert.is(dependabotDirectory('fix: keep the cache in /tmp'), undefined);
});

test('what an update of a directory cannot write: manifests elsewhere, lock files elsewhere when it has its own', () => {
  const files = new Set(['package.json', 'yarn.lock', 'website/package.json', 'website/yarn.lock', 'packages/a/package.json']);
  assert.ok(outsideDirectory('yarn.lock', 'website', files));
  assert.ok(outsideDirectory('package.json', 'website', files));
  assert.not.ok(outsideDirectory('website/yarn.lock', 'website', files));
  assert.not.ok(outsideDirectory('src/index.ts', 'website', files), 'not a manifest: not its business');
  // The root: another directory's lock file, but a workspace package's manifest (its lock is the root's).
  assert.ok(outsideDirectory('website/yarn.lock', '', files));
  assert.not.ok(outsideDirectory('packages/a/package.json', '', files));
  assert.not.ok(outsideDirectory('yarn.lock', '', files));
  // A workspace package updated alone writes the root lock file: it has none of its own.
  assert.not.ok(outsideDirectory('yarn.lock', 'packages/a', files));
});

const FILES = ['package.json', 'yarn.lock', 'src/index.ts', 'website/package.json', 'website/yarn.lock', 'website/docs/intro.md'];

function infer(title: string, tuning: Partial<Tuning> = {}) {
  // Past Dependabot commits of both directories.
  const changes = buildChangeHistory([
    { hash: 'a1', subject: 'chore(deps): bump semver from 7.5.1 to 7.5.4 in /website', body: '', files: ['website/yarn.lock'] },
    { hash: 'a2', subject: 'chore(deps): bump semver from 7.5.1 to 7.5.4', body: '', files: ['yarn.lock'] },
    { hash: 'a3', subject: 'chore(deps): bump postcss from 8.4.1 to 8.4.31 in /website', body: '', files: ['website/yarn.lock'] },
    { hash: 'a4', subject: 'chore(deps): bump postcss from 8.4.1 to 8.4.31', body: '', files: ['yarn.lock'] },
  ]);
  const context: InferContext = {
    shape: buildRepoShape(FILES),
    symbols: EMPTY_SYMBOL_INDEX,
    components: {},
    packages: [],
    manifests: [
      { file: 'package.json', dependencies: { vitest: '^3.0.0' } },
      { file: 'website/package.json', dependencies: { react: '^18.0.0' } },
    ],
    changes,
    tuning,
  };
  const text = { title, body: [] };
  return inferFootprint(extractEvidence(text), context, {}, [], contentQuery(text));
}

test("a bump in /website writes website's lock file, not the root's; a root bump the root's (TUNING.dependabotDirectory)", () => {
  const paths = (title: string, tuning: Partial<Tuning> = {}) => infer(title, tuning).entries.map((e) => e.path);
  assert.equal(paths('chore(deps): bump nanoid from 3.3.12 to 3.3.18 in /website (#1288)'), ['website/yarn.lock']);
  assert.equal(paths('chore(deps): bump nanoid from 3.3.12 to 3.3.18 (#1289)'), ['yarn.lock']);
  // A directory without a lock file of its own (a workspace package): the root's, the nearest above it.
  assert.equal(paths('chore(deps): bump nanoid from 3.3.12 to 3.3.18 in /src'), ['yarn.lock']);
  // Without the rule a transitive bump (no manifest lists nanoid) falls back to the root's lock file.
  assert.equal(paths('chore(deps): bump nanoid from 3.3.12 to 3.3.18 in /website (#1288)', { dependabotDirectory: false }), ['yarn.lock']);
});

test.run();
