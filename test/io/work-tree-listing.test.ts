import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { shellAnswers, startListing, twoProcesses, type WorkTreeListing } from '../../src/io/work-tree-listing.js';
import { git, gitRepo, tempDir, writeFiles } from '../helpers/git-repo.js';

const listing = suite('work-tree listing: git config and git ls-files from one process');

async function answers(l: WorkTreeListing) {
  const [list, config] = await Promise.all([l.listing, l.config]);
  return { list: { code: list.code, stdout: list.stdout.toString('utf8') }, config: { code: config.code, stdout: config.stdout.toString('utf8') } };
}

listing('the same answers as two git processes: edits, untracked files, a deletion, conversion config set or not', async () => {
  const dir = gitRepo(undefined, { 'a.ts': 'a\n', 'b.ts': 'b\n', 'ü space.ts': 'u\n' });
  writeFiles(dir, { 'a.ts': 'edited\n', 'new.ts': 'n\n' });
  git(dir, 'rm', '-q', '--cached', 'b.ts');
  symlinkSync('a.ts', join(dir, 'link.ts'));
  // The one-process path itself (startListing falls back to two processes when it fails).
  const shell = await shellAnswers(dir);
  assert.ok(shell, 'sh answered both');
  assert.equal(await answers({ listing: Promise.resolve(shell.result), config: Promise.resolve(shell.config) }), await answers(twoProcesses(dir)));
  const none = await answers(startListing(dir));
  assert.equal(none, await answers(twoProcesses(dir)));
  assert.is(none.config.code, 1, 'nothing set');
  assert.ok(none.list.stdout.includes('ü space.ts'), 'paths unquoted');
  git(dir, 'config', 'core.autocrlf', 'input');
  git(dir, 'config', 'core.attributesFile', '/tmp/x\ty');
  const set = await answers(startListing(dir));
  assert.equal(set, await answers(twoProcesses(dir)));
  const shellSet = (await shellAnswers(dir))!;
  assert.is(shellSet.config.stdout.toString('utf8'), set.config.stdout);
  assert.is(set.config.code, 0);
  assert.is(set.config.stdout, 'core.autocrlf\ninput\0core.attributesfile\n/tmp/x\ty\0');
});

listing('outside a repository: exit 128, no files; no git on PATH: a clear error', async () => {
  const dir = tempDir();
  const outside = await answers(startListing(dir));
  assert.is(outside.list.code, 128);
  assert.is(outside.list.stdout, '');
  try {
    await startListing(dir, { ...process.env, PATH: '/nonexistent' }).listing;
    assert.unreachable('git cannot run');
  } catch (error) {
    assert.match((error as Error).message, /cannot run git .*is git installed and on PATH\?/);
  }
});

listing.run();
