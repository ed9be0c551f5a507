import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gitPort } from '../../src/io/git.js';
import { parseTaggedLsFileIds, parseTaggedLsFiles, readStagedTree, stagedGitPort } from '../../src/io/git-index.js';
import { GIT_ENV, git, gitRepo, writeFiles } from '../helpers/git-repo.js';

const text = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

const staged = suite('readStagedTree');

staged('sees staged renames, additions and edits; not unstaged ones', async () => {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-a.md': '# A\n',
    '.agent/queue/002-pending-b.md': '# B\n',
    'src/x.ts': 'export const x = 1;\n',
  });
  git(dir, 'mv', '.agent/queue/001-pending-a.md', '.agent/queue/001-completed-a.md');
  writeFiles(dir, { '.agent/queue/003-pending-c.md': '# C\n', 'src/x.ts': 'export const x = 2;\n' });
  git(dir, 'add', '.agent/queue/003-pending-c.md', 'src/x.ts');
  // Unstaged: an edit, a new file and a rename done with plain mv.
  writeFiles(dir, { 'src/x.ts': 'export const x = 3;\n', '.agent/queue/004-pending-d.md': '# D\n', '.agent/queue/002-pending-b.md': '# B edited\n' });
  const tree = await readStagedTree({ root: dir, env: GIT_ENV });
  try {
    const names = (await tree.list('.agent/queue'))!.map((e) => e.name);
    assert.equal(names, ['001-completed-a.md', '002-pending-b.md', '003-pending-c.md']);
    assert.is(text(await tree.read('src/x.ts')), 'export const x = 2;\n');
    assert.is(text(await tree.read('.agent/queue/002-pending-b.md')), '# B\n');
    assert.is(text(await tree.read('./.agent/queue/003-pending-c.md')), '# C\n');
    assert.is(await tree.read('.agent/queue/001-pending-a.md'), undefined);
    assert.is(await tree.read('.agent/queue/004-pending-d.md'), undefined);
    assert.is(await tree.read('.agent/queue'), undefined, 'a folder is not a file');
    assert.is(await tree.list('nope'), undefined);
    const root = (await tree.list(''))!;
    assert.equal(
      root.map((e) => [e.name, e.isDirectory]),
      [
        ['.agent', true],
        ['.gitattributes', false],
        ['src', true],
      ],
    );
    assert.equal(await tree.list('.'), root);
  } finally {
    tree.close();
  }
});

staged('reads many blobs concurrently and in order through one process', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`f/${String(i).padStart(3, '0')}.txt`] = `file ${i}\n`.repeat(i % 7 === 0 ? 5000 : 1);
  const dir = gitRepo(undefined, files);
  const tree = await readStagedTree({ root: dir, env: GIT_ENV });
  const paths = Object.keys(files);
  const read = await Promise.all(paths.map((p) => tree.read(p)));
  tree.close();
  assert.equal(
    read.map(text),
    paths.map((p) => files[p]),
  );
});

staged('paths are relative to a project root below the git top level; GIT_INDEX_FILE is honoured', async () => {
  const dir = gitRepo(undefined, { 'app/.agent/queue/001-pending-a.md': '# A\n', 'other.txt': 'o\n' });
  const root = join(dir, 'app');
  const tree = await readStagedTree({ root, env: GIT_ENV });
  assert.equal(await tree.listFiles(), ['.agent/queue/001-pending-a.md']);
  assert.is(text(await tree.read('.agent/queue/001-pending-a.md')), '# A\n');
  tree.close();
  // A temporary index, as `git commit -a` hands to hooks.
  const tmpIndex = join(dir, '.git', 'other-index');
  const env = { ...GIT_ENV, GIT_INDEX_FILE: tmpIndex };
  writeFileSync(join(root, 'new.txt'), 'n\n');
  execGit(dir, env, 'read-tree', 'HEAD');
  execGit(root, env, 'add', 'new.txt');
  const other = await readStagedTree({ root, env });
  assert.equal(await other.listFiles(), ['.agent/queue/001-pending-a.md', 'new.txt']);
  other.close();
  const plain = await readStagedTree({ root, env: GIT_ENV });
  assert.equal(await plain.listFiles(), ['.agent/queue/001-pending-a.md']);
  plain.close();
});

staged('a clean work-tree file whose bytes differ from the blob (eol filter) is read from git, not from disk', async () => {
  const dir = gitRepo(undefined, { 'a.md': 'one\ntwo\n', 'b.txt': 'plain\n' });
  writeFiles(dir, { '.gitattributes': '*.md text eol=crlf\n' });
  git(dir, 'commit', '-qam', 'crlf checkouts for .md');
  unlinkSync(join(dir, 'a.md'));
  git(dir, 'checkout', '--', 'a.md');
  assert.is(readFileSync(join(dir, 'a.md'), 'utf8'), 'one\r\ntwo\r\n', 'checked out with CRLF');
  assert.is(git(dir, 'status', '--porcelain'), '', 'git calls it unmodified');
  const tree = await readStagedTree({ root: dir, env: GIT_ENV });
  try {
    assert.is(text(await tree.read('a.md')), 'one\ntwo\n');
    assert.is(text(await tree.read('b.txt')), 'plain\n');
  } finally {
    tree.close();
  }
});

staged("headBlobId: HEAD's blob for a path of the project (below the top level too, spaces too); undefined when absent", async () => {
  const dir = gitRepo(undefined, { 'app/.agent/plan.yaml': 'plan\n', 'app/my notes.md': 'n\n' });
  const root = join(dir, 'app');
  writeFiles(dir, { 'app/.agent/plan.yaml': 'edited\n' });
  git(dir, 'add', '-A');
  const tree = await readStagedTree({ root, env: GIT_ENV });
  try {
    assert.is(await tree.headBlobId('.agent/plan.yaml'), git(dir, 'rev-parse', 'HEAD:app/.agent/plan.yaml').trim());
    assert.is(await tree.headBlobId('my notes.md'), git(dir, 'rev-parse', 'HEAD:app/my notes.md').trim());
    assert.is(await tree.headBlobId('nope.yaml'), undefined);
    assert.is(await tree.headBlobId('.agent'), undefined, 'a folder is not a blob');
    assert.is(text(await tree.read('.agent/plan.yaml')), 'edited\n', 'answers stay in step after misses');
  } finally {
    tree.close();
  }
  const empty = gitRepo(undefined, {});
  execGit(empty, GIT_ENV, 'update-ref', '-d', 'HEAD');
  const unborn = await readStagedTree({ root: empty, env: GIT_ENV });
  assert.is(await unborn.headBlobId('a.txt'), undefined, 'no HEAD yet (the first commit)');
  unborn.close();
});

function execGit(cwd: string, env: Record<string, string | undefined>, ...args: string[]): void {
  execFileSync('git', args, { cwd, env, stdio: 'ignore' });
}

staged.run();

const port = suite('stagedGitPort');

port('listFiles and blobIds come from the index', async () => {
  const dir = gitRepo(undefined, { 'a.txt': 'a\n', 'b.txt': 'b\n' });
  writeFiles(dir, { 'b.txt': 'b2\n', 'c.txt': 'c\n' });
  git(dir, 'add', 'c.txt');
  writeFiles(dir, { 'd.txt': 'untracked\n' });
  const tree = await readStagedTree({ root: dir, env: GIT_ENV });
  let loaded = 0;
  const staged = stagedGitPort(tree, { loadBase: async () => (loaded++, gitPort(dir)) });
  assert.is(await staged.isRepo(), true);
  assert.equal(await staged.listFiles(), ['.gitattributes', 'a.txt', 'b.txt', 'c.txt']);
  const ids = await staged.blobIds(['b.txt', 'c.txt', 'd.txt']);
  assert.equal([...ids.keys()], ['b.txt', 'c.txt']);
  assert.is(ids.get('b.txt'), git(dir, 'rev-parse', 'HEAD:b.txt').trim());
  assert.is(ids.get('c.txt'), git(dir, 'hash-object', 'c.txt').trim());
  assert.is(loaded, 0, 'the work-tree port is not loaded for index facts');
  assert.is(await staged.commitOf('main'), git(dir, 'rev-parse', 'main').trim());
  assert.is(await staged.commitOf('nope'), undefined);
  assert.is(loaded, 1, 'loaded once, on first use');
  tree.close();
});

port.run();

const parse = suite('parseTaggedLsFiles: staged entries');

parse('skips submodules; a conflicted path stands for "ours"', () => {
  const z = (mode: string, oid: string, stage: number, path: string) => `${stage === 0 ? 'H' : 'M'} ${mode} ${oid} ${stage}\t${path}\0`;
  const a = 'a'.repeat(40);
  const b = 'b'.repeat(40);
  const c = 'c'.repeat(40);
  const entries = parseTaggedLsFiles(
    z('100644', a, 1, 'x') + z('100644', b, 2, 'x') + z('100644', c, 3, 'x') + z('160000', a, 0, 'sub') + z('100755', c, 0, 'dir/with space'),
  ).staged;
  assert.equal([...entries.keys()], ['x', 'dir/with space']);
  assert.is(entries.get('x')!.oid, b);
  assert.is(entries.get('dir/with space')!.mode, '100755');
});

parse('tags, stages of a conflict (ours stands for the path), submodules skipped', () => {
  const oid = (c: string) => c.repeat(40);
  const text = [
    `H 100644 ${oid('a')} 0\ta.ts`,
    `M 100644 ${oid('1')} 1\tc.ts`,
    `M 100644 ${oid('2')} 2\tc.ts`,
    `M 100644 ${oid('3')} 3\tc.ts`,
    `H 160000 ${oid('e')} 0\tvendor/lib`,
    `C 100644 ${oid('a')} 0\ta.ts`,
    `R 100644 ${oid('f')} 0\tf.ts`,
    '? new.ts',
    '',
  ].join('\0');
  const parsed = parseTaggedLsFiles(text);
  assert.equal(
    [...parsed.staged].map(([path, e]) => [path, e.oid]),
    [
      ['a.ts', oid('a')],
      ['c.ts', oid('2')],
    ],
  );
  assert.equal([[...parsed.modified], [...parsed.deleted], parsed.others], [['a.ts'], ['f.ts'], ['new.ts']]);
  const ids = parseTaggedLsFileIds(text);
  assert.equal(
    [...ids.oids],
    [...parsed.staged].map(([path, e]) => [path, e.oid]),
    'the blob-id parser reads the same records',
  );
  assert.equal([[...ids.modified], [...ids.deleted], ids.others], [['a.ts'], ['f.ts'], ['new.ts']]);
});

parse('a repository with sha-256 object names', () => {
  const oid = 'ab'.repeat(32);
  const text = `H 100644 ${oid} 0\tsrc/a.ts\0H 120000 ${oid} 0\tlink\0`;
  assert.equal(
    [...parseTaggedLsFiles(text).staged.values()],
    [
      { mode: '100644', oid, path: 'src/a.ts' },
      { mode: '120000', oid, path: 'link' },
    ],
  );
  assert.equal(
    [...parseTaggedLsFileIds(text).oids],
    [
      ['src/a.ts', oid],
      ['link', oid],
    ],
  );
});

parse.run();
