import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommitLog, readCommitHistory } from '../../src/io/git-history.js';
import { git, tempDir, writeFiles } from '../helpers/git-repo.js';

const test = suite('git history');

function repoOf(commits: number): string {
  const root = tempDir();
  git(root, 'init', '-q', '-b', 'main');
  for (let i = 1; i <= commits; i++) {
    writeFiles(root, { [`src/f${i}.ts`]: `export const f${i} = ${i};\n` });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', `Add f${i}`, '-m', `Body ${i}`);
  }
  return root;
}

test('the last commits, newest first, with their messages and files', async () => {
  const root = repoOf(3);
  const commits = await readCommitHistory(root, { limit: 2 });
  assert.equal(
    commits.map((c) => [c.subject, c.body, c.files]),
    [
      ['Add f3', 'Body 3', ['src/f3.ts']],
      ['Add f2', 'Body 2', ['src/f2.ts']],
    ],
  );
  assert.equal(await readCommitHistory(tempDirRepo(), { limit: 5 }), [], 'no commit yet: no history');
});

test("a clone missing an old commit's tree: the history up to it, not none and not an error", async () => {
  const root = repoOf(6);
  // The second commit's tree, gone (a damaged clone, a mirror missing old objects): `git log --name-only` stops there.
  const tree = git(root, 'rev-parse', 'HEAD~4^{tree}').trim();
  rmSync(join(root, '.git/objects', tree.slice(0, 2), tree.slice(2)));
  const commits = await readCommitHistory(root, { limit: 100 });
  assert.ok(commits.length >= 2 && commits.length <= 4, `${commits.length} commits`);
  assert.equal(commits[0].subject, 'Add f6');
  assert.equal(commits[0].files, ['src/f6.ts']);
  for (const c of commits) assert.is(c.files.length, 1, c.subject);
});

test('parseCommitLog: records of hash, subject, body and names', () => {
  const out = '\x1eabc\x1fSubject\x1fBody line\x1f\n\nsrc/a.ts\nsrc/b.ts\n\x1edef\x1fOther\x1f\x1f\n\nREADME.md\n';
  assert.equal(parseCommitLog(out), [
    { hash: 'abc', subject: 'Subject', body: 'Body line', files: ['src/a.ts', 'src/b.ts'] },
    { hash: 'def', subject: 'Other', body: '', files: ['README.md'] },
  ]);
});

test('a folder that is not there is named as such, not taken for git missing from PATH', async () => {
  const gone = join(tempDir(), 'gone');
  try {
    await readCommitHistory(gone, { limit: 5 });
    assert.unreachable('no folder');
  } catch (error) {
    assert.match((error as Error).message, `cannot run git in ${gone}: no such folder`);
    assert.not.match((error as Error).message, 'PATH');
  }
});

function tempDirRepo(): string {
  const root = tempDir();
  git(root, 'init', '-q', '-b', 'main');
  return root;
}

test.run();
