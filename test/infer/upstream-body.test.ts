import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { updatesDependencyVersion } from '../../src/analyze/infer/dependency-update.js';
import type { InferContext } from '../../src/analyze/infer/find-hits.js';
import { inferQueue } from '../../src/analyze/infer/infer-queue.js';
import { buildRepoShape } from '../../src/analyze/infer/repo-shape.js';
import { EMPTY_SYMBOL_INDEX } from '../../src/analyze/infer/symbol-index.js';
import { extractEvidence } from '../../src/analyze/infer/text-evidence.js';
import type { Tuning } from '../../src/analyze/infer/tuning.js';
import { makeItem } from '../helpers/items.js';

const test = suite("A dependency update's body is the dependency's");

/** Dependabot's body for a bump of a GitHub action: links to the action's own repository. */
const DEPENDABOT_BODY = [
  'Bumps [actions/checkout](https://github.com/actions/checkout) from 5 to 6.',
  '- [Release notes](https://github.com/actions/checkout/releases)',
  '- [Changelog](https://github.com/actions/checkout/blob/main/CHANGELOG.md)',
  '- [Commits](https://github.com/actions/checkout/compare/v5...v6)',
].join('\n');

test('a bot update says a version or dependencies; a title ending with a name does not', () => {
  assert.ok(updatesDependencyVersion('Bump actions/checkout from 5 to 6 (#1262)'));
  assert.ok(updatesDependencyVersion('chore(deps): update all non-major dependencies (#16466)'));
  assert.ok(updatesDependencyVersion('fix(deps): update dependency magic-string to v1'));
  assert.not.ok(updatesDependencyVersion('Update composing-stores.md'));
  assert.not.ok(updatesDependencyVersion('Bumped v6.0.0-alpha.2'));
  assert.not.ok(updatesDependencyVersion('fix: keep the cache in /tmp'));
});

test("a link into the dependency's repository names none of our files; other links do; its words count", () => {
  const text = { title: 'Bump actions/checkout from 5 to 6', body: [DEPENDABOT_BODY] };
  const kinds = (options = {}) => extractEvidence(text, options).filter((c) => !c.inTitle && c.kind !== 'word');
  assert.ok(
    kinds().some((c) => c.kind === 'path' && c.value === 'CHANGELOG.md'),
    'read as a link to our CHANGELOG.md',
  );
  assert.equal(kinds({ dependency: 'actions/checkout' }), []);
  // npm's `nanoid` lives at ai/nanoid, `@vitejs/plugin-vue` at vitejs/plugin-vue: a name without its scope.
  const nanoid = { title: 'Bump nanoid from 3.3.1 to 3.3.2', body: ['- [Changelog](https://github.com/ai/nanoid/blob/main/CHANGELOG.md)'] };
  assert.not.ok(extractEvidence(nanoid, { dependency: 'nanoid' }).some((c) => c.kind === 'path'));
  // A link into another repository (this one's own, a monorepo's sibling) still names its path.
  const other = { title: 'Bump nanoid from 3.3.1 to 3.3.2', body: ['See https://github.com/acme/app/blob/main/src/main.ts'] };
  assert.ok(extractEvidence(other, { dependency: 'nanoid' }).some((c) => c.kind === 'path' && c.value === 'src/main.ts'));
  const words = extractEvidence(text, { dependency: 'actions/checkout' }).filter((c) => c.kind === 'word' && !c.inTitle);
  assert.ok(
    words.some((c) => c.value === 'changelog'),
    'its words still count',
  );
});

const FILES = ['CHANGELOG.md', 'package.json', 'src/main.ts', '.github/workflows/test.yml'];

function writes(title: string, tuning: Partial<Tuning> = {}): string[] {
  const context: InferContext = { shape: buildRepoShape(FILES), symbols: EMPTY_SYMBOL_INDEX, components: {}, packages: [], tuning };
  const item = makeItem('001', { title, sections: { description: DEPENDABOT_BODY } });
  return (
    inferQueue([item], context)
      .get('001')
      ?.entries.map((e) => e.path) ?? []
  );
}

test('a Dependabot bump does not write the files its release notes link to (TUNING.upstreamBody)', () => {
  // The links are actions/checkout's: its CHANGELOG.md is not ours.
  assert.equal(writes('Bump actions/checkout from 5 to 6 (#1262)'), []);
  const without = writes('Bump actions/checkout from 5 to 6 (#1262)', { upstreamBody: false });
  assert.ok(without.includes('CHANGELOG.md'), `without the rule: ${without.join(' ')}`);
  // Any other item's body is the item's own.
  assert.ok(writes('Document the release in the changelog').includes('CHANGELOG.md'));
});

test.run();
