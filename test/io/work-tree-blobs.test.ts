import { mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gitPort } from '../../src/io/git.js';
import { hashWorkTreeFiles } from '../../src/io/work-tree-blobs.js';
import { startListing } from '../../src/io/work-tree-listing.js';
import { readWorkTreeSnapshot } from '../../src/io/work-tree-snapshot.js';
import { git, gitRepo, writeFiles } from '../helpers/git-repo.js';

/** A repository with no attributes file (gitRepo writes one), so nothing converts what `git add` stores. */
function plainRepo(files: Record<string, string | Uint8Array>): string {
  const dir = gitRepo(undefined, files);
  git(dir, 'rm', '-q', '.gitattributes');
  git(dir, 'commit', '-q', '-m', 'no attributes');
  return dir;
}

const hashOf = (dir: string, path: string) => git(dir, 'hash-object', '--', path).trim();
const SAMPLE = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';

const blobs = suite('work-tree blob ids computed in-process (hashWorkTreeFiles) or by git hash-object');

blobs('edited, new, empty, binary and symlinked files: the ids git hash-object gives, without it', async () => {
  const dir = plainRepo({ 'a.ts': 'a\n', 'link-target.ts': 't\n' });
  writeFiles(dir, { 'a.ts': 'a edited\r\nwith CRLF\r\n', 'new.ts': 'n\n', 'empty.ts': '', 'img.bin': new Uint8Array([0, 255, 13, 10, 0]) });
  symlinkSync('link-target.ts', join(dir, 'link.ts'));
  const paths = ['a.ts', 'empty.ts', 'img.bin', 'link.ts', 'new.ts'];
  const ids = hashWorkTreeFiles(dir, paths, { config: '', sample: SAMPLE });
  assert.ok(ids, 'nothing can convert: hashed here');
  assert.equal(
    ids,
    paths.map((p) => hashOf(dir, p)),
  );
  const { versions } = await gitPort(dir).snapshot();
  for (const p of paths.filter((p) => p !== 'link.ts')) assert.is(versions.get(p), hashOf(dir, p), p);
  // A symbolic link in a snapshot is what `git add` stores, a blob of its target's text (as a
  // tracked link is listed), where git hash-object would read the file it points to.
  git(dir, 'add', 'link.ts');
  assert.is(versions.get('link.ts'), git(dir, 'ls-files', '-s', 'link.ts').split(' ')[1]);
  assert.is.not(versions.get('link.ts'), hashOf(dir, 'link.ts'));
});

blobs('a snapshot reads an edited or untracked file when its id is first asked for, not before', async () => {
  const dir = plainRepo({ 'a.ts': 'a\n', 'b.ts': 'b\n' });
  writeFiles(dir, { 'a.ts': 'a edited\n', 'big.yaml': 'x\n' });
  const { files, versions } = await gitPort(dir).snapshot();
  assert.ok(files.includes('big.yaml') && versions.has('big.yaml'));
  // Written after the listing: the id is of what the file holds when it is read.
  writeFiles(dir, { 'big.yaml': 'y\n'.repeat(1000) });
  assert.is(versions.get('big.yaml'), hashOf(dir, 'big.yaml'));
  assert.is(versions.get('a.ts'), hashOf(dir, 'a.ts'));
  unlinkSync(join(dir, 'a.ts'));
  writeFiles(dir, { 'new.ts': 'n\n' });
  const again = (await gitPort(dir).snapshot()).versions;
  assert.not.ok(again.has('a.ts'), 'deleted from the work tree');
  unlinkSync(join(dir, 'new.ts'));
  assert.is(again.get('new.ts'), undefined, 'gone before it was read: no id');
  assert.not.ok(again.has('new.ts'));
});

blobs('core.autocrlf: git stores converted bytes, so git hashes them', async () => {
  const dir = plainRepo({ 'a.ts': 'a\n' });
  git(dir, 'config', 'core.autocrlf', 'input');
  writeFiles(dir, { 'a.ts': 'a\r\nb\r\n' });
  const converted = hashOf(dir, 'a.ts');
  assert.is.not(converted, hashWorkTreeFiles(dir, ['a.ts'], { config: '', sample: SAMPLE })![0], 'the raw bytes hash differently');
  assert.is((await gitPort(dir).snapshot()).versions.get('a.ts'), converted);
});

blobs('an attributes file anywhere it could apply: git hashes', async () => {
  // In the repository, above the folder planned (root is a subfolder), ignored, in info/, in a worktree's common folder.
  const dir = plainRepo({ 'pkg/a.ts': 'a\n', 'other/b.ts': 'b\n', '.gitignore': 'secret/\n' });
  writeFiles(dir, { 'pkg/a.ts': 'a\r\n', 'other/b.ts': 'b\r\n' });
  assert.ok(hashWorkTreeFiles(join(dir, 'pkg'), ['a.ts'], { config: '', sample: SAMPLE }));
  writeFileSync(join(dir, '.gitattributes'), '*.ts text eol=lf\n');
  assert.is(hashWorkTreeFiles(join(dir, 'pkg'), ['a.ts'], { config: '', sample: SAMPLE }), undefined, 'attributes above the planned folder');
  const { versions } = await gitPort(join(dir, 'pkg')).snapshot();
  assert.is(versions.get('a.ts'), hashOf(join(dir, 'pkg'), 'a.ts'));
  unlinkSync(join(dir, '.gitattributes'));
  writeFiles(dir, { 'secret/.gitattributes': '* text\n', 'secret/c.ts': 'c\r\n' });
  assert.is(hashWorkTreeFiles(dir, ['secret/c.ts'], { config: '', sample: SAMPLE }), undefined, 'an ignored attributes file still applies');
  assert.ok(hashWorkTreeFiles(dir, ['other/b.ts'], { config: '', sample: SAMPLE }), 'but not to other folders');
  rmSync(join(dir, 'secret'), { recursive: true });
  mkdirSync(join(dir, '.git', 'info'), { recursive: true });
  writeFileSync(join(dir, '.git', 'info', 'attributes'), '* text\n');
  assert.is(hashWorkTreeFiles(dir, ['other/b.ts'], { config: '', sample: SAMPLE }), undefined, '.git/info/attributes');
  const tree = `${dir}-worktree`;
  git(dir, 'worktree', 'add', '-q', tree);
  writeFiles(tree, { 'other/b.ts': 'b\r\n' });
  assert.is(hashWorkTreeFiles(tree, ['other/b.ts'], { config: '', sample: SAMPLE }), undefined, 'a linked worktree reads the common info/attributes');
  unlinkSync(join(dir, '.git', 'info', 'attributes'));
  assert.equal(hashWorkTreeFiles(tree, ['other/b.ts'], { config: '', sample: SAMPLE }), [hashOf(tree, 'other/b.ts')]);
});

blobs('line-ending attributes convert nothing in a file without a CR: hashed here; one with a CR, or another conversion, git hashes', async () => {
  const dir = gitRepo(undefined, { 'a.ts': 'a\n', 'b.ts': 'b\n', 'img.bin': new Uint8Array([0, 1]) }); // `* text=auto eol=lf`
  writeFiles(dir, { 'a.ts': 'a edited\n', 'new.ts': 'n\n', 'img.bin': new Uint8Array([0, 255, 10, 0]) });
  const paths = ['a.ts', 'img.bin', 'new.ts'];
  assert.equal(
    hashWorkTreeFiles(dir, paths, { config: '', sample: SAMPLE }),
    paths.map((p) => hashOf(dir, p)),
  );
  let { versions } = await gitPort(dir).snapshot();
  for (const p of paths) assert.is(versions.get(p), hashOf(dir, p), p);
  writeFiles(dir, { 'b.ts': 'b\r\nwith CRLF\r\n' });
  assert.is(hashWorkTreeFiles(dir, ['a.ts', 'b.ts'], { config: '', sample: SAMPLE }), undefined, 'a CR: git converts');
  ({ versions } = await gitPort(dir).snapshot());
  assert.is(versions.get('b.ts'), hashOf(dir, 'b.ts'));
  writeFiles(dir, { 'b.ts': 'b\n' });
  const attributes = (text: string) => writeFileSync(join(dir, '.gitattributes'), text);
  for (const text of ['*.ts filter=lfs\n', '* -ident\n', '*.ts working-tree-encoding=UTF-16\n', '[attr]mine text\n*.ts mine\n', '"a file" !filter\n']) {
    attributes(text);
    assert.is(hashWorkTreeFiles(dir, ['a.ts'], { config: '', sample: SAMPLE }), undefined, text);
  }
  attributes('# text filter\n*.ts linguist-generated diff=ts -merge export-ignore\n');
  writeFiles(dir, { 'b.ts': 'b\r\n' });
  assert.equal(hashWorkTreeFiles(dir, ['b.ts'], { config: '', sample: SAMPLE }), [hashOf(dir, 'b.ts')], 'attributes that convert nothing');
});

blobs('conversion config, GIT_DIR, or no id to tell the hash from: git hashes', () => {
  const dir = plainRepo({ 'a.ts': 'a\n' });
  assert.is(hashWorkTreeFiles(dir, ['a.ts'], { config: 'core.autocrlf\ntrue\0', sample: SAMPLE }), undefined);
  assert.is(hashWorkTreeFiles(dir, ['a.ts'], { config: '', sample: undefined }), undefined);
  assert.is(hashWorkTreeFiles(dir, ['a.ts'], { config: '', sample: SAMPLE, env: { ...process.env, GIT_DIR: join(dir, '.git') } }), undefined);
  assert.is(hashWorkTreeFiles(dir, ['missing.ts'], { config: '', sample: SAMPLE }), undefined, 'a file gone since the listing');
  assert.ok(hashWorkTreeFiles(dir, ['a.ts'], { config: '', sample: SAMPLE }));
});

blobs(
  'a file that goes away between the listing and its hashing is left out, under any attributes (apply renames queue items while a plan reads the tree)',
  async () => {
    // What `waveplan plan --check` met during an apply on honojs/hono (`* text=auto eol=lf`): the
    // queue's move marker was listed, then gone, and `git hash-object --stdin-paths` failed.
    for (const attributes of [undefined, '* text=auto eol=lf\n', '*.md filter=lfs\n']) {
      const dir = plainRepo({ 'a.ts': 'a\n' });
      if (attributes !== undefined) writeFiles(dir, { '.gitattributes': attributes });
      writeFiles(dir, { 'q/.waveplan-move~001-pending-x.md~001-in_progress-x.md~1-abc': 'moving\n', 'q/002-pending-y.md': 'y\n', 'a.ts': 'a edited\n' });
      const started = startListing(dir);
      await started.listing;
      unlinkSync(join(dir, 'q/.waveplan-move~001-pending-x.md~001-in_progress-x.md~1-abc'));
      const { versions } = await readWorkTreeSnapshot(dir, started);
      const marker = 'q/.waveplan-move~001-pending-x.md~001-in_progress-x.md~1-abc';
      assert.is(versions.get(marker), undefined, String(attributes));
      assert.not.ok(versions.has(marker), String(attributes));
      assert.is(versions.get('q/002-pending-y.md'), hashOf(dir, 'q/002-pending-y.md'), String(attributes));
      assert.is(versions.get('a.ts'), hashOf(dir, 'a.ts'), String(attributes));
    }
  },
);

blobs.run();
