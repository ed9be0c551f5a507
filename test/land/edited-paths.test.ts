import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { editedPaths } from '../../src/land/index.js';
import { git, GIT_ENV, gitRepo } from '../helpers/git-repo.js';

const edited = suite('editedPaths: the user’s changes where a landing writes (docs/apply.md, "Land")');

/** A repository whose work tree holds every kind of change, and the paths a landing would write. */
function dirtyRepo() {
  const dir = gitRepo(undefined, {
    'src/edited.ts': 'a\n',
    'src/staged.ts': 'a\n',
    'src/deleted.ts': 'a\n',
    'src/touched.ts': 'a\n',
    'src/clean.ts': 'a\n',
    'src/with space.ts': 'a\n',
    '.gitignore': 'src/ignored.ts\n',
  });
  const old = git(dir, 'rev-parse', 'HEAD').trim();
  writeFileSync(join(dir, 'src/edited.ts'), 'b\n');
  writeFileSync(join(dir, 'src/staged.ts'), 'b\n');
  git(dir, 'add', 'src/staged.ts');
  rmSync(join(dir, 'src/deleted.ts'));
  // Same content, newer stat data: not an edit.
  utimesSync(join(dir, 'src/touched.ts'), new Date(Date.now() + 5000), new Date(Date.now() + 5000));
  writeFileSync(join(dir, 'src/untracked.ts'), 'new\n');
  writeFileSync(join(dir, 'src/ignored.ts'), 'ignored\n');
  writeFileSync(join(dir, 'src/with space.ts'), 'b\n');
  writeFileSync(join(dir, 'src/elsewhere.ts'), 'not written by the landing\n');
  const paths = [
    'src/clean.ts',
    'src/deleted.ts',
    'src/edited.ts',
    'src/ignored.ts',
    'src/new.ts',
    'src/staged.ts',
    'src/touched.ts',
    'src/untracked.ts',
    'src/with space.ts',
  ];
  return { dir, old, paths };
}

const expected = ['src/deleted.ts', 'src/edited.ts', 'src/staged.ts', 'src/untracked.ts', 'src/with space.ts'];

edited('HEAD at the old tip (a landing): one git status of just those paths', async () => {
  const { dir, old, paths } = dirtyRepo();
  assert.equal(await editedPaths({ cwd: dir, env: GIT_ENV }, old, paths), expected);
});

edited('HEAD already moved (a recovery after the ref moved): compared with the old tip, same answer', async () => {
  const { dir, old, paths } = dirtyRepo();
  // The target moved on without the work tree: HEAD is no longer `old`.
  const tree = git(dir, 'rev-parse', `${old}^{tree}`).trim();
  const next = git(dir, 'commit-tree', tree, '-p', old, '-m', 'moved').trim();
  git(dir, 'update-ref', 'refs/heads/main', next);
  assert.equal(await editedPaths({ cwd: dir, env: GIT_ENV }, old, paths), expected);
});

edited('nothing to check: no git call needed, no answer', async () => {
  assert.equal(await editedPaths({ cwd: '/nonexistent', env: GIT_ENV }, 'HEAD', []), []);
});

edited.run();
