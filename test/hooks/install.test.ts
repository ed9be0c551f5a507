import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waveplan } from '../helpers/cli.js';
import { GIT_ENV, REPO_ROOT, git, gitRepo, tempDir, writeFiles } from '../helpers/git-repo.js';

const env = { GIT_CONFIG_GLOBAL: GIT_ENV.GIT_CONFIG_GLOBAL };
const read = (path: string) => readFileSync(path, 'utf8');
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

const plain = suite('hooks install / uninstall (git hooks folder)');

plain('installs the marked LF hook with mode 755; again is a no-op; uninstall removes it', async () => {
  const dir = gitRepo();
  const hook = join(dir, '.git/hooks/pre-commit');
  const first = await waveplan(dir, ['hooks', 'install'], env);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /installed the waveplan pre-commit hook at \.git\/hooks\/pre-commit/);
  assert.is(read(hook), read(join(REPO_ROOT, 'hooks/pre-commit')));
  assert.match(read(hook), /^# waveplan-managed-hook v1$/m);
  assert.not.match(read(hook), /\r/);
  assert.is(mode(hook), '755');
  const again = await waveplan(dir, ['hooks', 'install'], env);
  assert.is(again.code, 0);
  assert.match(again.stdout, /already installed/);
  const removed = await waveplan(dir, ['hooks', 'uninstall'], env);
  assert.is(removed.code, 0);
  assert.match(removed.stdout, /removed the waveplan pre-commit hook/);
  assert.is(existsSync(hook), false);
  assert.match((await waveplan(dir, ['hooks', 'uninstall'], env)).stdout, /nothing to remove/);
});

plain('refuses to clobber a foreign hook, says how to chain; uninstall leaves it', async () => {
  const dir = gitRepo();
  const hook = join(dir, '.git/hooks/pre-commit');
  writeFiles(dir, { '.git/hooks/pre-commit': '#!/bin/sh\nnpx lint-staged\n' });
  const result = await waveplan(dir, ['hooks', 'install'], env);
  assert.is(result.code, 1);
  assert.match(result.stderr, /\.git\/hooks\/pre-commit already exists and is a hook that runs lint-staged/);
  assert.match(result.stderr, /\| npx lint-staged/);
  assert.match(result.stderr, /add this line to \.git\/hooks\/pre-commit[^\n]*\n  waveplan hooks run pre-commit/);
  assert.is(read(hook), '#!/bin/sh\nnpx lint-staged\n');
  assert.is((await waveplan(dir, ['hooks', 'uninstall'], env)).code, 0);
  assert.is(read(hook), '#!/bin/sh\nnpx lint-staged\n');
  // Chained by hand: install says so, uninstall leaves it and says what to remove.
  writeFiles(dir, { '.git/hooks/pre-commit': '#!/bin/sh\nnpx lint-staged\nwaveplan hooks run pre-commit\n' });
  assert.match((await waveplan(dir, ['hooks', 'install'], env)).stdout, /already runs `waveplan hooks run pre-commit`/);
  assert.match((await waveplan(dir, ['hooks', 'uninstall'], env)).stdout, /left alone; it still runs waveplan/);
  assert.is(read(hook), '#!/bin/sh\nnpx lint-staged\nwaveplan hooks run pre-commit\n');
});

plain('core.hooksPath: installs where git runs hooks (folder created)', async () => {
  const dir = gitRepo();
  git(dir, 'config', 'core.hooksPath', '.githooks');
  mkdirSync(join(dir, 'sub'));
  const result = await waveplan(join(dir, 'sub'), ['hooks', 'install'], env);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /at \.githooks\/pre-commit/);
  assert.is(mode(join(dir, '.githooks/pre-commit')), '755');
  assert.is(existsSync(join(dir, '.git/hooks/pre-commit')), false);
  assert.is((await waveplan(dir, ['hooks', 'uninstall'], env)).code, 0);
  assert.is(existsSync(join(dir, '.githooks/pre-commit')), false);
});

plain('linked worktree: installs into the shared hooks folder', async () => {
  const dir = gitRepo();
  const linked = join(tempDir(), 'linked');
  git(dir, 'worktree', 'add', '-q', '-b', 'side', linked);
  const result = await waveplan(linked, ['hooks', 'install'], env);
  assert.is(result.code, 0, result.stderr);
  assert.ok(existsSync(join(dir, '.git/hooks/pre-commit')));
  assert.is(existsSync(join(linked, '.git/hooks')), false);
});

plain('outside a git repository: a clear error', async () => {
  const result = await waveplan(tempDir(), ['hooks', 'install'], env);
  assert.is(result.code, 1);
  assert.match(result.stderr, /is not inside a git work tree/);
  assert.not.match(result.stderr, /    at /);
});

plain.run();

const managers = suite('hooks install / uninstall (husky, lefthook, pre-commit)');

managers('husky: adds the line to .husky/pre-commit, keeps what is there; uninstall removes only it', async () => {
  const dir = gitRepo(undefined, { '.husky/pre-commit': 'npx lint-staged\n' });
  const result = await waveplan(dir, ['hooks', 'install'], env);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /husky detected: added `waveplan hooks run pre-commit` to \.husky\/pre-commit/);
  assert.is(
    read(join(dir, '.husky/pre-commit')),
    'npx lint-staged\n\n# waveplan: keep the plan file in step with the staged queue\nwaveplan hooks run pre-commit\n',
  );
  assert.is(existsSync(join(dir, '.git/hooks/pre-commit')), false);
  assert.match((await waveplan(dir, ['hooks', 'install'], env)).stdout, /already runs/);
  assert.is((await waveplan(dir, ['hooks', 'uninstall'], env)).code, 0);
  assert.is(read(join(dir, '.husky/pre-commit')), 'npx lint-staged\n');
});

managers('husky without a pre-commit hook: creates it; uninstall deletes it', async () => {
  const dir = gitRepo(undefined, { '.husky/_/h': '' });
  assert.is((await waveplan(dir, ['hooks', 'install'], env)).code, 0);
  const hook = join(dir, '.husky/pre-commit');
  assert.match(read(hook), /^waveplan hooks run pre-commit$/m);
  assert.is(mode(hook), '755');
  assert.match((await waveplan(dir, ['hooks', 'uninstall'], env)).stdout, /removed \.husky\/pre-commit \(it only ran waveplan\)/);
  assert.is(existsSync(hook), false);
});

managers('husky not set up in this clone (no npm install yet): install says the hook will not run until it is', async () => {
  // nodejs/undici has .husky/pre-commit; in a fresh clone git still runs .git/hooks, so the line
  // waveplan added never ran on `git commit`, and install had said only "added".
  const dir = gitRepo(undefined, { '.husky/pre-commit': 'npm run lint\n' });
  const off = await waveplan(dir, ['hooks', 'install'], env);
  assert.is(off.code, 0, off.stderr);
  assert.match(off.stdout, /husky detected: added/);
  assert.match(off.stdout, 'husky is not set up in this clone: git runs the hooks in .git/hooks, not .husky/');
  assert.match(off.stdout, '`npm install`');
  git(dir, 'config', 'core.hooksPath', '.husky/_');
  const on = await waveplan(dir, ['hooks', 'install'], env);
  assert.match(on.stdout, /already runs/);
  assert.not.match(on.stdout, 'not set up');
});

managers('lefthook: adds a command to lefthook.yml; uninstall gives back the same bytes', async () => {
  const original = '# hooks\npre-commit:\n  parallel: true\n  commands:\n    lint:\n      run: npx eslint {staged_files}\n';
  const dir = gitRepo(undefined, { 'lefthook.yml': original });
  const result = await waveplan(dir, ['hooks', 'install'], env);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /lefthook detected: added pre-commit\.commands\.waveplan to lefthook\.yml/);
  assert.is(read(join(dir, 'lefthook.yml')), `${original}    waveplan:\n      run: npx --no-install waveplan hooks run pre-commit\n`);
  assert.is((await waveplan(dir, ['hooks', 'uninstall'], env)).code, 0);
  assert.is(read(join(dir, 'lefthook.yml')), original);
});

managers('lefthook: prints the snippet instead of reformatting the file', async () => {
  const original = 'pre-commit:   {commands: {lint: {run: eslint}}}\n';
  const dir = gitRepo(undefined, { 'lefthook.yml': original });
  const result = await waveplan(dir, ['hooks', 'install'], env);
  assert.is(result.code, 1);
  assert.match(result.stderr, /will not edit lefthook\.yml: rewriting it would change its formatting/);
  assert.match(result.stderr, /pre-commit:\n  commands:\n    waveplan:\n      run: npx --no-install waveplan hooks run pre-commit/);
  assert.is(read(join(dir, 'lefthook.yml')), original);
});

managers('lefthook with a `jobs:` list: the snippet is a jobs entry, not a commands map to mix into it', async () => {
  // Was: a `commands:` snippet for a hook configured with lefthook 1.10's `jobs:` (zod-like QA setup).
  const original = 'pre-commit:\n  parallel: true\n  jobs:\n    - run: npm run lint\n';
  const dir = gitRepo(undefined, { 'lefthook.yml': original });
  const result = await waveplan(dir, ['hooks', 'install'], env);
  assert.is(result.code, 1);
  assert.match(result.stderr, /will not edit lefthook\.yml: `pre-commit` uses `jobs`/);
  assert.match(
    result.stderr,
    'Add this entry to pre-commit.jobs in lefthook.yml and run `npx lefthook install`:\n    - name: waveplan\n      run: npx --no-install waveplan hooks run pre-commit\n',
  );
  assert.not.match(result.stderr, 'commands:');
  assert.is(read(join(dir, 'lefthook.yml')), original);
});

managers('pre-commit framework: prints the .pre-commit-config.yaml entry, writes nothing', async () => {
  const dir = gitRepo(undefined, { '.pre-commit-config.yaml': 'repos: []\n' });
  const result = await waveplan(dir, ['hooks', 'install'], env);
  assert.is(result.code, 1);
  assert.match(result.stderr, /uses the pre-commit framework/);
  assert.match(result.stderr, /id: waveplan/);
  assert.is(existsSync(join(dir, '.git/hooks/pre-commit')), false);
});

managers.run();

const script = suite('hooks/pre-commit (the shell script)');

script('cannot find waveplan: says so and exits 1 (never a silent pass)', () => {
  const dir = gitRepo();
  const result = spawnSync('sh', [join(REPO_ROOT, 'hooks/pre-commit')], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1' },
  });
  assert.is(result.status, 1);
  assert.match(result.stderr, /cannot find waveplan/);
  assert.match(result.stderr, /git commit --no-verify/);
});

script('finds node_modules/.bin/waveplan at the top level', () => {
  const dir = gitRepo(undefined, { 'node_modules/.bin/waveplan': '#!/bin/sh\necho "called with $*"\n' });
  spawnSync('chmod', ['755', join(dir, 'node_modules/.bin/waveplan')]);
  mkdirSync(join(dir, 'deep'));
  const result = spawnSync('sh', [join(REPO_ROOT, 'hooks/pre-commit')], {
    cwd: join(dir, 'deep'),
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1' },
  });
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stdout, 'called with hooks run pre-commit\n');
});

script.run();

const run = suite('hooks run');

run('an unknown hook name is a usage error', async () => {
  const result = await waveplan(gitRepo(), ['hooks', 'run', 'pre-push'], env);
  assert.is(result.code, 1);
  assert.match(result.stderr, /unknown hook "pre-push": waveplan only runs pre-commit/);
});

run.run();
