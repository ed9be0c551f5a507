import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { drainWorktreePool, freshWorktree, removeItemWorktree, WORKTREES_DIR } from '../../src/land/index.js';
import { SILENT } from '../helpers/apply-repo.js';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo } from '../helpers/git-repo.js';
import { LAND_CONFIG, landedIds, landRepo } from '../helpers/land-repo.js';

const pool = suite('worktree pool (docs/apply.md, "Clean-up")');

pool('a landed item’s worktree is pooled, and the next item gets it reset to the tip on its own branch, with nothing left of the last one', async () => {
  const dir = gitRepo(undefined, { 'src/a.ts': 'a\n', '.gitignore': 'ignored/\n' });
  const repo = { cwd: dir };
  const tip = git(dir, 'rev-parse', 'HEAD').trim();
  const first = await freshWorktree(repo, '001', tip);
  writeFileSync(join(first.path, 'src/a.ts'), 'changed\n');
  writeFileSync(join(first.path, 'untracked.ts'), 'x\n');
  git(first.path, 'commit', '-q', '-am', 'work of 001');
  writeFileSync(join(first.path, 'leftover.ts'), 'left\n');
  await removeItemWorktree(repo, '001', { pool: true });
  assert.equal(readdirSync(join(dir, WORKTREES_DIR)).sort(), ['+pool-1', '.gitignore']);
  assert.is(git(dir, 'branch', '--list', 'waveplan/*'), '', 'the branch is deleted; the pooled worktree is detached');
  const second = await freshWorktree(repo, '002', tip);
  assert.is(second.path, join(dir, WORKTREES_DIR, '002'));
  assert.equal(readdirSync(join(dir, WORKTREES_DIR)).sort(), ['.gitignore', '002']);
  assert.is(git(second.path, 'rev-parse', 'HEAD').trim(), tip);
  assert.is(git(second.path, 'symbolic-ref', '--short', 'HEAD').trim(), 'waveplan/002');
  assert.is(git(second.path, 'status', '--porcelain', '--ignored'), '', 'no file of the last item is left');
  assert.not.ok(existsSync(join(second.path, 'leftover.ts')));
  await removeItemWorktree(repo, '002', { pool: true });
  await drainWorktreePool(repo);
  assert.equal(readdirSync(join(dir, WORKTREES_DIR)), ['.gitignore']);
  assert.is(
    git(dir, 'worktree', 'list', '--porcelain')
      .split('\n')
      .filter((l) => l.startsWith('worktree ')).length,
    1,
  );
});

pool('a pooled worktree that cannot be used (its folder gone) is skipped: the item gets a new worktree', async () => {
  const dir = gitRepo(undefined, { 'src/a.ts': 'a\n' });
  const repo = { cwd: dir };
  const tip = git(dir, 'rev-parse', 'HEAD').trim();
  await freshWorktree(repo, '001', tip);
  await removeItemWorktree(repo, '001', { pool: true });
  git(dir, 'worktree', 'remove', '--force', join(dir, WORKTREES_DIR, '+pool-1'));
  const second = await freshWorktree(repo, '002', tip);
  assert.is(git(second.path, 'rev-parse', 'HEAD').trim(), tip);
});

pool('apply reuses worktrees between items and a finished run leaves none pooled', async () => {
  const dir = await landRepo([
    { id: '001', files: ['src/a.ts'] },
    { id: '002', files: ['src/a.ts'] },
    { id: '003', files: ['src/a.ts'] },
  ]);
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.equal(landedIds(dir), ['001', '002', '003']);
  assert.is(git(dir, 'show', 'main:src/a.ts'), 'a\n001\n002\n003\n');
  const left = existsSync(join(dir, WORKTREES_DIR)) ? readdirSync(join(dir, WORKTREES_DIR)).filter((n) => n !== '.gitignore') : [];
  assert.equal(left, []);
  assert.is(git(dir, 'branch', '--list', 'waveplan/*'), '');
});

pool('an item goes back to the pool once collected, before it lands: at max_parallel 1 every item starts in the first worktree', async () => {
  // Each command records which worktree it runs in: a pooled worktree keeps the name git gave it
  // (`.git/worktrees/001`), so a second name means a new worktree (a checkout of every file) was made.
  const record = (id: string, file: string) => `sh -c 'cat .git >> ../../worktree-names.log' && sh scripts/edit.sh ${file} ${id} leave`;
  const dir = await landRepo(
    [
      { id: '001', files: ['src/a.ts'], run: record('001', 'src/a.ts') },
      { id: '002', files: ['src/b.ts'], run: record('002', 'src/b.ts') },
      { id: '003', files: ['src/c.ts'], run: record('003', 'src/c.ts') },
    ],
    { config: LAND_CONFIG.replace('max_parallel: 3', 'max_parallel: 1') },
  );
  const result = runCli(dir, ['apply', '--schedule', 'dynamic'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.equal(landedIds(dir), ['001', '002', '003']);
  const names = readFileSync(join(dir, '.agent/worktree-names.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.replace(/^.*\/worktrees\//, ''));
  assert.equal(names, ['001', '001', '001']);
  assert.is(git(dir, 'branch', '--list', 'waveplan/*'), '', 'each branch went with its landing');
});

pool('an item parked before a landing that conflicts for good gets its worktree back, at its work, for inspection', async () => {
  const dir = await landRepo(
    [
      { id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts one leave' },
      // Not ordered against 001 (it declares another file) but writes the same line: a conflict at landing, not retried.
      { id: '002', files: ['src/b.ts'], run: 'sleep 1 && sh scripts/edit.sh src/a.ts two leave' },
    ],
    { config: `${LAND_CONFIG.replace('max_parallel: 3', 'max_parallel: 2')}  retry_on_conflict: 0\n` },
  );
  const result = runCli(dir, ['apply', '--schedule', 'dynamic'], SILENT);
  assert.is(result.code, 3, result.stderr + result.stdout);
  assert.equal(landedIds(dir), ['001']);
  const kept = join(dir, WORKTREES_DIR, '002');
  assert.is(readFileSync(join(kept, 'src/a.ts'), 'utf8'), 'a\ntwo\n', 'its last attempt, in its own worktree');
  assert.is(git(kept, 'symbolic-ref', '--short', 'HEAD').trim(), 'waveplan/002');
  assert.is(git(dir, 'show', 'waveplan/002:src/a.ts'), 'a\ntwo\n');
});

pool.run();
