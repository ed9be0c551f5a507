import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkoutCorpus, exactGlob } from '../../bench/real-corpora.js';
import { globExpander } from '../../src/analyze/footprint.js';
import { git, tempDir, writeFiles } from '../helpers/git-repo.js';

// The real-corpus bench (docs/benchmarks.md) turns a repository's last commits into queue items:
// each item must name exactly the files its commit changed, on a checkout of the pinned commit,
// also when the mirror it is cloned from lacks a blob.

function sourceRepo(): { dir: string; commits: string[] } {
  const dir = tempDir('waveplan-corpus-');
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, { 'src/a.ts': 'export const a = 1;\n', 'app/s/page.tsx': 'export default 1;\n', 'big.bin': 'large binary\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'first: the app');
  writeFiles(dir, { 'app/[slug]/page.tsx': 'export default 2;\n', 'src/a.ts': 'export const a = 2;\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'feat(app): a [slug] route');
  git(dir, 'rm', '-q', 'src/a.ts');
  writeFiles(dir, { 'src/b.ts': 'export const b = 1;\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'refactor: a → b');
  const commits = git(dir, 'log', '--format=%H').trim().split('\n').reverse();
  // A mirror without large binaries: the blob of big.bin is gone.
  const blob = git(dir, 'rev-parse', 'HEAD:big.bin').trim();
  rmSync(join(dir, '.git/objects', blob.slice(0, 2), blob.slice(2)));
  return { dir, commits };
}

test('each commit becomes an item whose files: names exactly the paths it changed; a missing blob becomes a placeholder', () => {
  const source = sourceRepo();
  const dir = join(tempDir('waveplan-corpus-out-'), 'checkout');
  const head = source.commits[source.commits.length - 1];
  const { items } = checkoutCorpus(source.dir, head, dir);
  assert.is(items, 3);
  assert.is(git(dir, 'rev-parse', 'HEAD~1').trim(), head);
  assert.ok(readFileSync(join(dir, 'big.bin'), 'utf8').startsWith('placeholder'));
  assert.is(git(dir, 'status', '--porcelain'), '');
  const queue = readdirSync(join(dir, '.agent/queue')).sort();
  assert.equal(queue, ['001-pending-first-the-app.md', '002-pending-feat-app-a-slug-route.md', '003-pending-refactor-a-b.md']);
  const listed = (name: string) =>
    [...readFileSync(join(dir, '.agent/queue', name), 'utf8').matchAll(/^ {2}- (".*")$/gm)].map((m) => JSON.parse(m[1]) as string);
  const expand = globExpander(git(dir, 'ls-files').trim().split('\n'));
  assert.equal(expand(listed(queue[1])), ['app/[slug]/page.tsx', 'src/a.ts']);
  assert.equal(expand(listed(queue[2])), ['src/a.ts', 'src/b.ts']);
  assert.ok(readFileSync(join(dir, '.agent/queue', queue[2]), 'utf8').includes(`Commit ${source.commits[2]}.`));
  // Made once: a second call reuses the checkout.
  assert.equal(checkoutCorpus(source.dir, head, dir), { dir, items: 3 });
  assert.ok(existsSync(join(dir, '.git/waveplan-bench-ready')));
});

test('exactGlob escapes what picomatch would read as a pattern', () => {
  assert.is(exactGlob('app/(site)/[id]/page.tsx'), 'app/\\(site\\)/\\[id\\]/page.tsx');
  assert.is(exactGlob('src/a.ts'), 'src/a.ts');
  assert.equal(globExpander(['app/(site)/[id]/page.tsx', 'app/s/i/page.tsx'])([exactGlob('app/(site)/[id]/page.tsx')]), ['app/(site)/[id]/page.tsx']);
});

test.run();
