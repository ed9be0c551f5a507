import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { admits, bumpsLockOnly, dependabotStrategies } from '../../src/analyze/infer/dependabot-strategy.js';
import { buildChangeHistory } from '../../src/analyze/infer/change-history.js';
import { contentQuery } from '../../src/analyze/infer/content-terms.js';
import type { InferContext, Manifest } from '../../src/analyze/infer/find-hits.js';
import { inferFootprint } from '../../src/analyze/infer/infer-footprint.js';
import { buildRepoShape } from '../../src/analyze/infer/repo-shape.js';
import { EMPTY_SYMBOL_INDEX } from '../../src/analyze/infer/symbol-index.js';
import { extractEvidence } from '../../src/analyze/infer/text-evidence.js';
import type { Tuning } from '../../src/analyze/infer/tuning.js';

const test = suite("Dependabot's versioning strategy");

const CONFIG = [
  'version: 2',
  'updates:',
  '  - package-ecosystem: github-actions',
  '    directory: /',
  '    versioning-strategy: increase',
  '  - package-ecosystem: npm',
  '    directory: "/"',
  '    versioning-strategy: increase-if-necessary',
  '  - package-ecosystem: npm',
  '    directory: /website/',
  '    versioning-strategy: lockfile-only',
].join('\n');

test('the npm strategies of .github/dependabot.yml by directory', () => {
  assert.equal(dependabotStrategies(CONFIG), { '': 'increase-if-necessary', website: 'lockfile-only' });
  assert.equal(dependabotStrategies('updates: [\n'), {});
  assert.equal(dependabotStrategies('version: 2\n'), {});
});

test('a caret, tilde or exact range admits a version', () => {
  assert.ok(admits('^2.0.1', '2.0.2'));
  assert.ok(admits('^2.0.1', '2.9.0'));
  assert.not.ok(admits('^2.0.1', '3.0.0'));
  assert.not.ok(admits('^2.0.1', '2.0.0'));
  assert.ok(admits('~6.14.0', '6.14.1'));
  assert.not.ok(admits('~6.14.0', '6.15.0'));
  assert.ok(admits('^0.5.4', '0.5.9'));
  assert.not.ok(admits('^0.5.4', '0.6.0'));
  assert.not.ok(admits('^0.0.3', '0.0.4'));
  assert.ok(admits('4.1.0', '4.1.0'));
  assert.not.ok(admits('4.1.0', '4.1.1'));
  assert.not.ok(admits('>=1.0.0', '1.2.0'), 'another range: not known');
  assert.not.ok(admits('^1.0.0', '1.1.0-beta.1'), 'a prerelease: not known');
});

const MANIFESTS: Manifest[] = [
  { file: 'package.json', dependencies: { statuses: '^2.0.1', 'type-is': '^1.6.18' } },
  { file: 'website/package.json', dependencies: { react: '^18.0.0' } },
];

test('a bump the strategy keeps out of the manifests', () => {
  const strategies = dependabotStrategies(CONFIG);
  assert.ok(bumpsLockOnly('build(deps): bump statuses from 2.0.1 to 2.0.2 (#1888)', MANIFESTS, strategies));
  assert.not.ok(bumpsLockOnly('build(deps): bump type-is from 1.6.18 to 2.0.1 (#1866)', MANIFESTS, strategies), 'out of the range');
  assert.ok(bumpsLockOnly('build(deps-dev): bump qs from 6.14.0 to 6.14.1', MANIFESTS, strategies), 'transitive');
  assert.ok(bumpsLockOnly('bump react from 18.2.0 to 19.0.0 in /website', MANIFESTS, strategies), 'lockfile-only');
  assert.not.ok(bumpsLockOnly('build(deps): bump statuses from 2.0.1 to 2.0.2', MANIFESTS, { '': 'increase' }));
  assert.not.ok(bumpsLockOnly('build(deps): bump statuses from 2.0.1 to 2.0.2', MANIFESTS, {}));
  assert.not.ok(bumpsLockOnly('fix: update statuses to 2.0.2', MANIFESTS, strategies), 'no Dependabot title');
});

function writes(title: string, tuning: Partial<Tuning> = {}): string[] {
  // Past bumps that changed the manifest (out of the range) lend it to every bump.
  const changes = buildChangeHistory([
    { hash: 'a1', subject: 'build(deps): bump type-is from 1.6.18 to 2.0.1', body: '', files: ['package.json', 'package-lock.json'] },
    { hash: 'a2', subject: 'build(deps): bump mime-types from 2.1.35 to 3.0.1', body: '', files: ['package.json', 'package-lock.json'] },
    { hash: 'a3', subject: 'build(deps): bump vary from 1.1.1 to 1.1.2', body: '', files: ['package.json', 'package-lock.json'] },
  ]);
  const context: InferContext = {
    shape: buildRepoShape(['package.json', 'package-lock.json', 'lib/application.js', 'website/package.json']),
    symbols: EMPTY_SYMBOL_INDEX,
    components: {},
    packages: [],
    manifests: MANIFESTS,
    dependabot: { '': 'increase-if-necessary' },
    changes,
    tuning,
  };
  const text = { title, body: [] };
  return inferFootprint(extractEvidence(text), context, {}, [], contentQuery(text)).entries.map((e) => e.path);
}

test('a bump inside the range writes the lock file alone (TUNING.dependabotStrategy)', () => {
  assert.equal(writes('build(deps): bump statuses from 2.0.1 to 2.0.2 (#1888)'), ['package-lock.json']);
  assert.ok(writes('build(deps): bump statuses from 2.0.1 to 2.0.2 (#1888)', { dependabotStrategy: false }).includes('package.json'));
  // Out of the range the manifest changes.
  assert.ok(writes('build(deps): bump type-is from 1.6.18 to 2.0.1 (#1866)').includes('package.json'));
});

test.run();
