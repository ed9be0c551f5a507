import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exited, queueNames, SILENT, startCli, until } from '../helpers/apply-repo.js';
import { runCli, waveplan } from '../helpers/cli.js';
import { git, gitRepo, tempDir } from '../helpers/git-repo.js';

/* docs/reliability.md, "Nothing escapes the repository". */

const ITEM = '---\nfiles: [src/a.ts]\nrun: echo hi\n---\n# One\n**Status**: pending\n';
const inside = suite('every path stays inside the repository and out of .git');

function repo(config = '', files: Record<string, string> = {}): string {
  return gitRepo(undefined, {
    '.agent/queue/001-pending-one.md': ITEM,
    'src/a.ts': 'export const a = 1;\n',
    ...(config ? { 'parallel.config.yaml': config } : {}),
    ...files,
  });
}

function noInternalError(r: { stdout: string; stderr: string }): void {
  assert.not.match(r.stderr + r.stdout, 'internal error');
}

inside('plan.file pointing into .git, at a source file, or at a folder is refused; nothing is overwritten and no .tmp is left', () => {
  const dir = repo();
  const gitConfig = readFileSync(join(dir, '.git/config'), 'utf8');
  writeFileSync(join(dir, 'parallel.config.yaml'), 'plan:\n  file: .git/config\n');
  const intoGit = runCli(dir, ['plan']);
  assert.is(intoGit.code, 1, intoGit.stdout + intoGit.stderr);
  assert.match(intoGit.stderr, /parallel\.config\.yaml:2:\d+ PROJECT_PATH_OUTSIDE plan\.file "\.git\/config" is inside the git folder/);
  assert.is(readFileSync(join(dir, '.git/config'), 'utf8'), gitConfig);
  noInternalError(intoGit);

  writeFileSync(join(dir, 'src/a.ts'), 'export const a = 2; // uncommitted edit\n');
  writeFileSync(join(dir, 'parallel.config.yaml'), 'plan:\n  file: src/a.ts\n');
  const overSource = runCli(dir, ['plan']);
  assert.is(overSource.code, 1, overSource.stdout + overSource.stderr);
  assert.match(overSource.stderr, 'refusing to overwrite src/a.ts: it is not a waveplan plan');
  assert.is(readFileSync(join(dir, 'src/a.ts'), 'utf8'), 'export const a = 2; // uncommitted edit\n');

  mkdirSync(join(dir, 'plans'));
  writeFileSync(join(dir, 'parallel.config.yaml'), 'plan:\n  file: plans\n');
  const folder = runCli(dir, ['plan']);
  assert.is(folder.code, 1, folder.stdout + folder.stderr);
  assert.match(folder.stderr, 'PLAN_FILE_KIND plan.file "plans" is a folder');
  noInternalError(folder);
  assert.equal(
    readdirSync(dir).filter((n) => n.endsWith('.tmp')),
    [],
  );
  assert.equal(readdirSync(join(dir, 'plans')), []);
});

inside('plan.file or the queue folder through a symbolic link out of the repository is refused', () => {
  const outside = tempDir();
  const dir = repo('plan:\n  file: out/plan.yaml\n');
  symlinkSync(outside, join(dir, 'out'));
  const plan = runCli(dir, ['plan']);
  assert.is(plan.code, 1, plan.stdout + plan.stderr);
  assert.match(plan.stderr, /PROJECT_PATH_OUTSIDE plan\.file "out\/plan\.yaml" resolves to \S+, outside the repository/);
  assert.equal(readdirSync(outside), []);

  writeFileSync(join(outside, '001-pending-one.md'), ITEM);
  writeFileSync(join(dir, 'parallel.config.yaml'), 'queue:\n  dir: out\n');
  const validate = runCli(dir, ['validate']);
  assert.is(validate.code, 1, validate.stdout + validate.stderr);
  assert.match(validate.stderr, 'PROJECT_PATH_OUTSIDE queue.dir "out" resolves to');
  const apply = runCli(dir, ['apply', '--yes'], SILENT);
  assert.is(apply.code, 1);
  assert.equal(readdirSync(outside), ['001-pending-one.md']);
});

inside('.agent/cache linked out of the repository is not used: nothing is written outside', () => {
  const outside = tempDir();
  const dir = repo();
  mkdirSync(join(dir, '.agent'), { recursive: true });
  symlinkSync(outside, join(dir, '.agent/cache'));
  const plan = runCli(dir, ['plan']);
  assert.is(plan.code, 0, plan.stdout + plan.stderr);
  assert.equal(readdirSync(outside), []);
});

inside('queue entries must be regular files: a link out of the repository, a link to /dev/zero, a FIFO are errors naming the file', () => {
  const outside = tempDir();
  writeFileSync(join(outside, 'credentials'), '---\nrun: cat ~/.ssh/id_rsa\n---\n# secret\n');
  const dir = repo();
  symlinkSync(join(outside, 'credentials'), join(dir, '.agent/queue/002-pending-secret.md'));
  symlinkSync('/dev/zero', join(dir, '.agent/queue/003-pending-zero.md'));
  execFileSync('mkfifo', [join(dir, '.agent/queue/004-pending-fifo.md')]);
  for (const args of [['validate'], ['plan']]) {
    const r = runCli(dir, args);
    assert.is(r.code, 1, `${args}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, '.agent/queue/002-pending-secret.md ITEM_NOT_REGULAR is a symbolic link, not a regular file');
    assert.match(r.stderr, '.agent/queue/003-pending-zero.md ITEM_NOT_REGULAR is a symbolic link');
    assert.match(r.stderr, '.agent/queue/004-pending-fifo.md ITEM_NOT_REGULAR is a FIFO, socket or device');
    noInternalError(r);
  }
  const apply = runCli(dir, ['apply', '--yes'], SILENT);
  assert.is(apply.code, 1);
  assert.ok(queueNames(dir).includes('002-pending-secret.md'));
  assert.not.ok(existsSync(join(dir, '.agent/queue/002-in_progress-secret.md')));
});

inside('an item file over 1 MiB is an error naming it', () => {
  const dir = repo('', { '.agent/queue/002-pending-huge.md': `# Huge\n${'x'.repeat((1 << 20) + 10)}\n` });
  const r = runCli(dir, ['validate']);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /\.agent\/queue\/002-pending-huge\.md ITEM_TOO_LARGE item file is \d+ bytes, over the limit/);
});

inside('a bare repository is refused: nothing is written into the git folder', () => {
  const source = repo();
  const bare = join(tempDir(), 'bare.git');
  git(source, 'clone', '-q', '--bare', source, bare);
  const before = readdirSync(bare).sort();
  const r = runCli(bare, ['plan']);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, 'PROJECT_GIT_FOLDER');
  assert.equal(readdirSync(bare).sort(), before);
});

inside('.agent/apply.lock is ignored by git while a run holds it', async () => {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-one.md': ITEM.replace('echo hi', 'while [ ! -f .agent/go ]; do sleep 0.05; done'),
    'parallel.config.yaml': 'autonomy:\n  level: L3\n',
  });
  assert.is(runCli(dir, ['plan']).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  const run = startCli(dir, ['apply'], SILENT);
  await until('the run holds the lock', () => existsSync(join(dir, '.agent/apply.lock')) && queueNames(dir).includes('001-in_progress-one.md'));
  assert.not.match(git(dir, 'status', '--porcelain', '--untracked-files=all'), 'apply.lock');
  writeFileSync(join(dir, '.agent/go'), '');
  assert.is(await exited(run), 0);
});

inside('a path out of the repository in flow style is one diagnostic at its line and column', async () => {
  const dir = repo('queue: {dir: ../elsewhere}\n');
  const up = await waveplan(dir, ['validate']);
  assert.is(up.code, 1, up.stdout + up.stderr);
  assert.equal(
    up.stderr.split('\n').filter((l) => /^\S/.test(l)),
    ['parallel.config.yaml:1:14 CONFIG_PATH queue.dir "../elsewhere" escapes the repository', '1 error'],
  );
  writeFileSync(join(dir, 'parallel.config.yaml'), 'queue: { dir: .agent/queue }\nplan: { file: .git/config }\n');
  const intoGit = await waveplan(dir, ['plan']);
  assert.is(intoGit.code, 1, intoGit.stdout + intoGit.stderr);
  assert.match(intoGit.stderr, /^parallel\.config\.yaml:2:15 PROJECT_PATH_OUTSIDE plan\.file "\.git\/config" is inside the git folder/m);
});

inside.run();
