import { mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gitPort } from '../../src/io/git.js';
import { prefetchSnapshot } from '../../src/io/work-tree-snapshot.js';
import { git, gitRepo, tempDir, writeFiles } from '../helpers/git-repo.js';

const snapshot = suite("gitPort.snapshot: the work tree's files and blob ids, read in one go");

snapshot('tracked, modified, deleted, untracked, ignored and staged-but-edited files: ids equal `git hash-object`', async () => {
  const dir = gitRepo(undefined, { '.gitignore': 'dist/\n', 'a.ts': 'a\n', 'b.ts': 'b\n', 'gone.ts': 'g\n', 'sub/c.ts': 'c\n', 'staged.ts': 's1\n' });
  writeFiles(dir, { 'a.ts': 'a edited\n', 'new file.ts': 'n\n', 'dist/out.js': 'ignored\n', 'staged.ts': 's2\n' });
  git(dir, 'add', 'staged.ts');
  writeFiles(dir, { 'staged.ts': 's3 (unstaged)\n' });
  unlinkSync(join(dir, 'gone.ts'));
  const port = gitPort(dir);
  const { files, versions } = await port.snapshot();
  // listFiles' answer: tracked (deleted ones too, as git still tracks them) plus untracked-not-ignored.
  assert.equal(files, await port.listFiles());
  for (const file of ['a.ts', 'b.ts', 'gone.ts', 'new file.ts', 'staged.ts', 'sub/c.ts']) assert.ok(files.includes(file), file);
  assert.not.ok(files.includes('dist/out.js'), 'ignored files are not listed');
  const onDisk = files.filter((f) => f !== 'gone.ts');
  assert.equal([...versions.keys()].sort(), onDisk);
  for (const file of onDisk) assert.is(versions.get(file), git(dir, 'hash-object', '--', file).trim(), file);
  assert.equal(await port.blobIds(['a.ts', 'gone.ts', 'nope.ts']), new Map([['a.ts', versions.get('a.ts')!]]));
  assert.is(await port.isRepo(), true);
});

snapshot('a nested repository (listed by git as `dir/`) is not a file of the tree', async () => {
  const dir = gitRepo(undefined, { 'a.ts': 'a\n' });
  const inner = gitRepo(undefined, { 'b.ts': 'b\n' });
  renameSync(inner, join(dir, 'vendor-repo'));
  const port = gitPort(dir);
  const { files, versions } = await port.snapshot();
  assert.ok(files.includes('a.ts'));
  assert.not.ok(
    files.some((f) => f.startsWith('vendor-repo')),
    files.join(', '),
  );
  assert.not.ok([...versions.keys()].some((f) => f.startsWith('vendor-repo')));
  assert.equal(await port.listFiles(), files);
});

snapshot('outside a repository: empty, and isRepo is false', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'waveplan-not-a-repo-'));
  try {
    const port = gitPort(dir);
    const { files, versions } = await port.snapshot();
    assert.equal([files, versions.size, await port.isRepo()], [[], 0, false]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

snapshot.run();

const prefetch = suite('prefetchSnapshot: git lists and hashes before the command asks');

prefetch('the first snapshot takes the listing started earlier; the next one lists again', async () => {
  const root = gitRepo(undefined, { 'a.ts': 'a\n' });
  const discard = prefetchSnapshot(root);
  await discard.settled; // git has listed and hashed
  writeFiles(root, { 'b.ts': 'b\n' });
  assert.equal((await gitPort(root).snapshot()).files, ['.gitattributes', 'a.ts'], 'as listed when the command started');
  assert.equal((await gitPort(root).snapshot()).files, ['.gitattributes', 'a.ts', 'b.ts']);
  discard();
});

prefetch('a listing nobody took is discarded when the command ends, never handed to a later one', async () => {
  const root = gitRepo(undefined, { 'a.ts': 'a\n' });
  prefetchSnapshot(root)();
  writeFiles(root, { 'b.ts': 'b\n' });
  assert.equal((await gitPort(root).snapshot()).files, ['.gitattributes', 'a.ts', 'b.ts']);
});

prefetch('outside a repository the snapshot is empty, prefetched or not', async () => {
  const dir = tempDir();
  prefetchSnapshot(dir);
  assert.equal(await gitPort(dir).snapshot(), { files: [], versions: new Map() });
});

prefetch.run();
