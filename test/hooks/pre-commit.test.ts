import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { parsePlanFile } from '../../src/plan/parse-plan.js';
import { waveplan } from '../helpers/cli.js';
import { GIT_ENV, git, gitRepo, largePlanQueue, tempDir, writeFiles } from '../helpers/git-repo.js';
import { WAVEPLAN_BIN, gitRun } from '../helpers/hook-repo.js';

const PLAN = '.agent/plan.yaml';
const cliEnv = { GIT_CONFIG_GLOBAL: GIT_ENV.GIT_CONFIG_GLOBAL };

const item = (title: string, frontmatter: string, body = '') => `---\n${frontmatter}\n---\n# ${title}\n${body}`;

/** A repo with a three-item queue, the hook installed by the real CLI, and a first commit that created the plan. */
async function queueRepo(files: Record<string, string> = {}, firstPlan: 'hook' | 'cli' = 'hook'): Promise<string> {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-add-login.md': item('Add login', 'files: [src/login.ts]'),
    '.agent/queue/002-pending-login-audit.md': item('Audit logins', 'files: [src/login.ts, src/audit.ts]'),
    '.agent/queue/003-pending-docs.md': item('Docs', 'files: [docs/readme.md]', '**BlockedBy**: 001\n'),
    'src/login.ts': 'export const login = 1;\n',
    'src/audit.ts': 'export const audit = 1;\n',
    'docs/readme.md': '# docs\n',
    'unrelated.txt': 'in no write set\n',
    ...files,
  });
  const installed = await waveplan(dir, ['hooks', 'install'], cliEnv);
  assert.is(installed.code, 0, installed.stderr);
  if (firstPlan === 'cli') {
    assert.is((await waveplan(dir, ['plan'], cliEnv)).code, 0);
    git(dir, 'add', PLAN);
  }
  // Only the hook stages something here: git decides "nothing to commit" before the hook runs, hence --allow-empty.
  commitOk(dir, '--allow-empty', '-m', 'first plan');
  return dir;
}

function commitOk(dir: string, ...args: string[]): string {
  const result = gitRun(dir, ['commit', '-q', ...args]);
  assert.is(result.code, 0, `git commit failed:\n${result.stdout}\n${result.stderr}`);
  return result.stderr;
}

const status = (dir: string) => git(dir, 'status', '--porcelain', '--untracked-files=all');
const committedFiles = (dir: string) => git(dir, 'show', '--name-only', '--no-renames', '--format=', 'HEAD').trim().split('\n').filter(Boolean);
const showPlan = (dir: string, rev = 'HEAD') => git(dir, 'show', `${rev}:${PLAN}`);

interface PlanShape {
  items: Array<{ id: string; status: string }>;
  waves: Array<{ items: string[] }>;
}
const waveItems = (text: string) => (parse(text) as PlanShape).waves.flatMap((w) => w.items);
const statusOf = (text: string, id: string) => (parse(text) as PlanShape).items.find((i) => i.id === id)?.status;

/** `plan --check` passes right after the commit: in the work tree, or in a clean checkout of HEAD (what CI sees) when the work tree holds edits that were not committed. */
async function planCheckIsClean(dir: string, where: 'work-tree' | 'checkout' = 'work-tree'): Promise<void> {
  const cwd = where === 'work-tree' ? dir : join(tempDir(), 'checkout');
  if (where === 'checkout') git(dir, 'worktree', 'add', '-q', '--detach', cwd, 'HEAD');
  const check = await waveplan(cwd, ['plan', '--check'], cliEnv);
  assert.is(check.code, 0, `plan --check after the commit, in ${where}:\n${check.stdout}${check.stderr}`);
  if (where === 'checkout') git(dir, 'worktree', 'remove', '--force', cwd);
}

const commit = suite('pre-commit hook through a real git commit');

commit('the first commit creates and commits the plan', async () => {
  const dir = await queueRepo();
  assert.ok(committedFiles(dir).includes(PLAN));
  assert.is(status(dir), '');
  assert.equal(waveItems(showPlan(dir)).sort(), ['001', '002', '003']);
  await planCheckIsClean(dir);
});

commit('git mv pending → completed: the commit carries the updated plan, the item left the waves, the tree is clean', async () => {
  const dir = await queueRepo();
  git(dir, 'mv', '.agent/queue/001-pending-add-login.md', '.agent/queue/001-completed-add-login.md');
  const stderr = commitOk(dir, '-m', 'finish 001');
  assert.match(stderr, /updated and staged \.agent\/plan\.yaml/);
  assert.equal(committedFiles(dir).sort(), ['.agent/plan.yaml', '.agent/queue/001-completed-add-login.md', '.agent/queue/001-pending-add-login.md']);
  const plan = showPlan(dir);
  assert.is(statusOf(plan, '001'), 'completed');
  assert.not.ok(waveItems(plan).includes('001'));
  assert.is(readFileSync(join(dir, PLAN), 'utf8'), plan, 'work-tree plan = committed plan');
  assert.is(status(dir), '');
  await planCheckIsClean(dir);
});

commit('items and config with CRLF in the work tree and LF in the index (eol=lf, core.autocrlf): the committed plan is up to date', async () => {
  // Was: the hook hashed the index's LF bytes, plan and apply the work tree's CRLF ones, so after
  // every commit plan --check said stale ("an input changed") and apply refused, with no way out (ky QA).
  const dir = gitRepo(undefined, {
    '.gitattributes': '* text=auto eol=lf\n',
    'parallel.config.yaml': 'autonomy: { max_parallel: 2 }\r\nrun: { command: "true" }\r\n',
    '.agent/queue/001-pending-crlf.md': '---\r\nfiles: [src/a.ts]\r\n---\r\n# Windows line endings\r\n',
    '.agent/queue/002-pending-lf.md': '---\nfiles: [src/b.ts]\n---\n# Unix line endings\n',
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 1;\n',
  });
  assert.is(git(dir, 'show', 'HEAD:.agent/queue/001-pending-crlf.md').includes('\r'), false, 'the index holds LF');
  assert.ok(readFileSync(join(dir, '.agent/queue/001-pending-crlf.md'), 'utf8').includes('\r\n'), 'the work tree CRLF');
  assert.is((await waveplan(dir, ['hooks', 'install'], cliEnv)).code, 0);
  assert.is((await waveplan(dir, ['plan'], cliEnv)).code, 0);
  git(dir, 'add', PLAN);
  commitOk(dir, '-m', 'plan');
  await planCheckIsClean(dir);
  const preview = await waveplan(dir, ['apply', '--dry-run'], cliEnv);
  assert.is(preview.code, 0, preview.stderr);
  git(dir, 'mv', '.agent/queue/002-pending-lf.md', '.agent/queue/002-completed-lf.md');
  commitOk(dir, '-m', 'finish 002');
  await planCheckIsClean(dir);
});

commit('an item renamed with mv and committed with -a (a deletion, the new name untracked): the hook says so and how to keep it', async () => {
  // Was: only "item 001 removed" in the list of changes; the commit dropped the item from the plan (honojs/middleware QA).
  const dir = await queueRepo();
  renameSync(join(dir, '.agent/queue/002-pending-login-audit.md'), join(dir, '.agent/queue/002-completed-login-audit.md'));
  const stderr = commitOk(dir, '-a', '-m', 'finish 002');
  assert.match(stderr, '- item 002 removed');
  assert.match(
    stderr,
    'waveplan: item 002 left the plan, but .agent/queue/002-completed-login-audit.md is untracked (renamed with mv, the item became a deletion and a new file): git add it and commit again to keep the item',
  );
  // A blocker renamed so: the commit is refused (003 names 001), and the hook says why.
  renameSync(join(dir, '.agent/queue/001-pending-add-login.md'), join(dir, '.agent/queue/001-completed-add-login.md'));
  const refused = gitRun(dir, ['commit', '-q', '-a', '-m', 'finish 001']);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, 'QUEUE_UNKNOWN_ID **BlockedBy** names 001');
  assert.match(refused.stderr, 'waveplan: item 001 left the plan, but .agent/queue/001-completed-add-login.md is untracked');
});

commit('a plan over 1 MB: after each commit the plan cache names the staged plan file, and every committed plan is what a fresh compile gives', async () => {
  const dir = gitRepo(undefined, largePlanQueue());
  assert.is((await waveplan(dir, ['hooks', 'install'], cliEnv)).code, 0);
  commitOk(dir, '--allow-empty', '-m', 'first plan');
  const cacheFile = join(dir, '.agent/cache/plan.json');
  for (const [k, text] of ['export const shared = 2;\n', 'export const shared = 3;\n'].entries()) {
    writeFiles(dir, { 'src/shared.ts': text });
    git(dir, 'add', 'src/shared.ts');
    assert.match(commitOk(dir, '-m', `shared ${k}`), /updated and staged \.agent\/plan\.yaml/);
    assert.match(readFileSync(cacheFile, 'utf8'), /"planSum"/, 'the hook staged the plan: no second copy of it in the cache');
    assert.equal(committedFiles(dir).sort(), ['.agent/plan.yaml', 'src/shared.ts']);
    assert.is(status(dir), '');
  }
  await planCheckIsClean(dir);
  // The staged plan edited by hand: the cache does not trust it, and the hook puts it right.
  writeFiles(dir, { [PLAN]: `${readFileSync(join(dir, PLAN), 'utf8')}# hand edit\n`, 'src/shared.ts': 'export const shared = 4;\n' });
  git(dir, 'add', PLAN, 'src/shared.ts');
  commitOk(dir, '-m', 'shared 4');
  assert.not.match(readFileSync(join(dir, PLAN), 'utf8'), /hand edit/);
  assert.is(status(dir), '', 'committed as the work tree holds it');
  await planCheckIsClean(dir, 'checkout');
});

commit('the rewritten plan keeps its mode and leaves no temp file; a plan that is a symbolic link is replaced, its target not written', async () => {
  const dir = await queueRepo();
  chmodSync(join(dir, PLAN), 0o755);
  git(dir, 'add', PLAN);
  git(dir, 'mv', '.agent/queue/001-pending-add-login.md', '.agent/queue/001-completed-add-login.md');
  assert.match(commitOk(dir, '-m', 'finish 001'), /updated and staged \.agent\/plan\.yaml/);
  assert.is(statSync(join(dir, PLAN)).mode & 0o777, 0o755, 'still executable');
  assert.match(git(dir, 'ls-files', '-s', PLAN), /^100755 /);
  assert.is(readFileSync(join(dir, PLAN), 'utf8'), showPlan(dir));
  assert.equal(
    readdirSync(join(dir, '.agent')).filter((n) => n.endsWith('.tmp')),
    [],
  );
  assert.is(status(dir), '');
  // The work-tree plan becomes a link to another file in the repository holding the same bytes.
  const before = readFileSync(join(dir, PLAN), 'utf8');
  writeFiles(dir, { '.agent/plan-target.yaml': before });
  rmSync(join(dir, PLAN));
  symlinkSync('plan-target.yaml', join(dir, PLAN));
  git(dir, 'mv', '.agent/queue/002-pending-login-audit.md', '.agent/queue/002-completed-login-audit.md');
  commitOk(dir, '-m', 'finish 002');
  assert.is(readFileSync(join(dir, '.agent/plan-target.yaml'), 'utf8'), before, 'the link target is not written');
  assert.not.ok(lstatSync(join(dir, PLAN)).isSymbolicLink(), 'the link is replaced by the plan');
  assert.is(readFileSync(join(dir, PLAN), 'utf8'), showPlan(dir));
  assert.is(statusOf(showPlan(dir), '002'), 'completed', 'the commit carries the new plan');
  assert.match(git(dir, 'ls-files', '-s', PLAN), /^100644 /, 'a regular file');
  assert.is(status(dir), '?? .agent/plan-target.yaml\n');
});

commit('a commit that moves the whole queue prints the first 40 changes and a count, not thousands of lines', async () => {
  // Sixty items sharing one file, then none sharing it (as after `infer --write`): about 1,800 lost conflicts.
  const items = (shared: boolean) =>
    Object.fromEntries(
      Array.from({ length: 60 }, (_, n) => {
        const id = String(n + 1).padStart(3, '0');
        return [`.agent/queue/${id}-pending-task-${id}.md`, item(`Task ${id}`, `files: [${shared ? 'src/shared.ts, ' : ''}src/task-${id}.ts]`)];
      }),
    );
  const dir = gitRepo(undefined, { 'src/shared.ts': 'export const shared = 1;\n', ...items(true) });
  assert.is((await waveplan(dir, ['hooks', 'install'], cliEnv)).code, 0);
  commitOk(dir, '--allow-empty', '-m', 'first plan');
  writeFiles(dir, items(false));
  git(dir, 'add', '-A');
  const bullets = commitOk(dir, '-m', 'no longer shared')
    .split('\n')
    .filter((l) => l.startsWith('  - '));
  assert.is(bullets.length, 41);
  assert.match(bullets[40], new RegExp(`… and \\d+ more \\(git show HEAD -- ${PLAN} after the commit shows every change\\)`));
  assert.ok(bullets.every((l) => l.length <= 610));
});

commit('an unchanged plan: the hook is quiet and the commit has only what was staged', async () => {
  const dir = await queueRepo();
  writeFiles(dir, { 'unrelated.txt': 'edited\n' });
  git(dir, 'add', 'unrelated.txt');
  assert.is(commitOk(dir, '-m', 'unrelated'), '');
  assert.equal(committedFiles(dir), ['unrelated.txt']);
});

commit('an unrelated unstaged edit stays in the work tree and out of the commit', async () => {
  const dir = await queueRepo();
  writeFiles(dir, { 'unrelated.txt': 'not ready\n', 'notes.txt': 'scratch\n' });
  git(dir, 'mv', '.agent/queue/001-pending-add-login.md', '.agent/queue/001-completed-add-login.md');
  commitOk(dir, '-m', 'finish 001');
  assert.not.ok(committedFiles(dir).includes('unrelated.txt'));
  assert.is(status(dir), ' M unrelated.txt\n?? notes.txt\n');
  assert.is(readFileSync(join(dir, 'unrelated.txt'), 'utf8'), 'not ready\n');
  await planCheckIsClean(dir);
});

commit('unstaged item edits: the committed plan is compiled from the index; the edits survive', async () => {
  const dir = await queueRepo();
  git(dir, 'mv', '.agent/queue/001-pending-add-login.md', '.agent/queue/001-completed-add-login.md');
  // Not staged: 002 renamed to in_progress with plain mv, and a new, broken item.
  git(dir, 'mv', '-k', '.agent/queue/002-pending-login-audit.md', '.agent/queue/002-in_progress-login-audit.md');
  git(dir, 'reset', '-q', '--', '.agent/queue/002-pending-login-audit.md', '.agent/queue/002-in_progress-login-audit.md');
  writeFiles(dir, {
    '.agent/queue/004-pending-wip.md': '---\nfiles: [unclosed\n---\n# WIP\n',
    'src/audit.ts': "export const audit = 2; // in 002's write set, not staged\n",
  });
  const before = status(dir);
  commitOk(dir, '-m', 'finish 001 only');
  const plan = showPlan(dir);
  assert.is(statusOf(plan, '001'), 'completed');
  assert.is(statusOf(plan, '002'), 'pending', 'the unstaged rename is not in the committed plan');
  assert.is(statusOf(plan, '004'), undefined);
  assert.is(
    status(dir),
    before
      .split('\n')
      .filter((l) => !l.includes('001-'))
      .join('\n'),
  );
  assert.match(
    status(dir),
    / D \.agent\/queue\/002-pending-login-audit\.md\n M src\/audit\.ts\n\?\? \.agent\/queue\/002-in_progress-login-audit\.md\n\?\? \.agent\/queue\/004-pending-wip\.md/,
  );
  // The work tree is not what was committed (a broken item in it), so check what CI checks out.
  await planCheckIsClean(dir, 'checkout');
});

commit('the import graph is the staged one: an unstaged import does not reach the committed plan', async () => {
  const dir = await queueRepo({
    'src/report.ts': 'export const report = 1;\n',
    '.agent/queue/004-pending-report.md': item('Report', 'files: [src/report.ts]'),
  });
  const conflicts = (text: string) => parsePlanFile(text, '.agent/plan.yaml').plan!.edges.conflicts.filter((c) => c.b === '004' || c.a === '004');
  assert.equal(conflicts(showPlan(dir)), []);
  // Not staged: report.ts starts importing audit.ts, which 002 writes (a data conflict 002 → 004).
  writeFiles(dir, { 'src/report.ts': "import { audit } from './audit.js';\nexport const report = audit;\n" });
  git(dir, 'mv', '.agent/queue/003-pending-docs.md', '.agent/queue/003-completed-docs.md');
  commitOk(dir, '-m', 'finish 003');
  assert.equal(conflicts(showPlan(dir)), [], 'the commit does not contain the import');
  assert.is(status(dir), ' M src/report.ts\n');
  await planCheckIsClean(dir, 'checkout');
  // Staged, the import is in the commit and so is the conflict.
  git(dir, 'add', 'src/report.ts');
  commitOk(dir, '-m', 'report reads audit');
  assert.equal(
    conflicts(showPlan(dir)).map((c) => [c.a, c.b, c.kind]),
    [['002', '004', 'data']],
  );
  assert.is(status(dir), '');
  await planCheckIsClean(dir);
});

commit('a malformed item is refused with file and line; nothing is committed', async () => {
  const dir = await queueRepo();
  const head = git(dir, 'rev-parse', 'HEAD');
  writeFiles(dir, { '.agent/queue/004-pending-broken.md': '---\nestimate: -2\n---\n# Broken\n' });
  git(dir, 'add', '-A');
  const result = gitRun(dir, ['commit', '-q', '-m', 'broken']);
  assert.is.not(result.code, 0);
  assert.match(result.stderr, /\.agent\/queue\/004-pending-broken\.md:2:\d+ ITEM_FIELD/);
  assert.match(result.stderr, /commit refused/);
  assert.is(git(dir, 'rev-parse', 'HEAD'), head);
  assert.is(status(dir), 'A  .agent/queue/004-pending-broken.md\n', 'the index is left as the user staged it');
});

commit('a partially staged plan file is refused and both versions of the user survive', async () => {
  const dir = await queueRepo();
  const original = readFileSync(join(dir, PLAN), 'utf8');
  writeFileSync(join(dir, PLAN), `${original}# staged edit\n`);
  git(dir, 'add', PLAN);
  writeFileSync(join(dir, PLAN), `${original}# staged edit\n# unstaged edit\n`);
  git(dir, 'mv', '.agent/queue/001-pending-add-login.md', '.agent/queue/001-completed-add-login.md');
  const head = git(dir, 'rev-parse', 'HEAD');
  const result = gitRun(dir, ['commit', '-q', '-m', 'partial']);
  assert.is.not(result.code, 0);
  assert.match(result.stderr, /\.agent\/plan\.yaml is partially staged/);
  assert.match(result.stderr, /git restore \.agent\/plan\.yaml/);
  assert.is(git(dir, 'rev-parse', 'HEAD'), head);
  assert.is(readFileSync(join(dir, PLAN), 'utf8'), `${original}# staged edit\n# unstaged edit\n`);
  assert.is(git(dir, 'show', `:${PLAN}`), `${original}# staged edit\n`);
});

commit('hook.mode check: refuses with the command to run, stages nothing', async () => {
  const dir = await queueRepo({ 'parallel.config.yaml': 'hook: { mode: check }\n' }, 'cli');
  git(dir, 'mv', '.agent/queue/001-pending-add-login.md', '.agent/queue/001-completed-add-login.md');
  const staged = git(dir, 'ls-files', '-s');
  const result = gitRun(dir, ['commit', '-q', '-m', 'finish 001']);
  assert.is.not(result.code, 0);
  assert.match(result.stderr, /waveplan plan && git add \.agent\/plan\.yaml/);
  assert.match(result.stderr, /001.*completed|completed.*001/, 'says what moved');
  assert.is(git(dir, 'ls-files', '-s'), staged);
  // Doing what it says makes the commit go through.
  assert.is((await waveplan(dir, ['plan'], cliEnv)).code, 0);
  git(dir, 'add', PLAN);
  commitOk(dir, '-m', 'finish 001');
  assert.is(status(dir), '');
  await planCheckIsClean(dir);
});

commit('git commit -a (a temporary index) and a commit started in a subfolder', async () => {
  const dir = await queueRepo();
  const file = join(dir, '.agent/queue/003-pending-docs.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace('**BlockedBy**: 001\n', ''));
  mkdirSync(join(dir, 'src/deep'), { recursive: true });
  const result = gitRun(join(dir, 'src/deep'), ['commit', '-q', '-a', '-m', 'unblock 003']);
  assert.is(result.code, 0, result.stderr);
  assert.ok(committedFiles(dir).includes(PLAN));
  assert.is(status(dir), '');
  await planCheckIsClean(dir);
});

commit.run();

const where = suite('pre-commit hook: where it runs');

where('a linked worktree', async () => {
  const dir = await queueRepo();
  const linked = join(tempDir(), 'linked');
  git(dir, 'worktree', 'add', '-q', '-b', 'side', linked);
  git(linked, 'mv', '.agent/queue/002-pending-login-audit.md', '.agent/queue/002-completed-login-audit.md');
  commitOk(linked, '-m', 'finish 002');
  assert.is(statusOf(showPlan(linked), '002'), 'completed');
  assert.is(status(linked), '');
  assert.is(status(dir), '', 'the main worktree is untouched');
  await planCheckIsClean(linked);
});

where('core.hooksPath, with waveplan found on PATH', async () => {
  const dir = gitRepo(undefined, { '.agent/queue/001-pending-a.md': item('A', 'files: [a.txt]') });
  git(dir, 'config', 'core.hooksPath', '.githooks');
  assert.is((await waveplan(dir, ['hooks', 'install'], cliEnv)).code, 0);
  const bin = tempDir();
  symlinkSync(WAVEPLAN_BIN, join(bin, 'waveplan'));
  git(dir, 'mv', '.agent/queue/001-pending-a.md', '.agent/queue/001-completed-a.md');
  const result = gitRun(dir, ['commit', '-q', '-m', 'done'], { WAVEPLAN_BIN: '', PATH: `${bin}:${process.env.PATH}` });
  assert.is(result.code, 0, result.stderr);
  assert.is(statusOf(showPlan(dir), '001'), 'completed');
  assert.is(status(dir), '?? .githooks/pre-commit\n');
  await planCheckIsClean(dir);
});

where("a monorepo whose queue lives in a package: that package's plan is kept in step, none appears at the top", async () => {
  const dir = gitRepo(undefined, {
    'packages/cli/.agent/queue/001-pending-a.md': item('A', 'files: [src/a.ts]'),
    'packages/cli/.agent/queue/002-pending-b.md': item('B', 'files: [src/a.ts]'),
    'packages/cli/src/a.ts': 'export const a = 1;\n',
    'README.md': '# repo\n',
  });
  const cli = join(dir, 'packages/cli');
  assert.is((await waveplan(cli, ['plan'], cliEnv)).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'queue');
  assert.is((await waveplan(cli, ['hooks', 'install'], cliEnv)).code, 0);
  git(cli, 'mv', '.agent/queue/001-pending-a.md', '.agent/queue/001-completed-a.md');
  const stderr = commitOk(dir, '-m', 'finish 001');
  assert.match(stderr, 'packages/cli/.agent/plan.yaml');
  assert.is(statusOf(git(dir, 'show', `HEAD:packages/cli/${PLAN}`), '001'), 'completed');
  assert.not.ok(committedFiles(dir).includes(PLAN), 'no plan at the top of the repository');
  assert.is(status(dir), '');
  await planCheckIsClean(cli);
});

where("a monorepo where `waveplan plan` once ran at the top (no queue there): the package's plan is still kept in step", async () => {
  // Was: the stray .agent/plan.yaml at the top made the top the only project; the commit carried an
  // empty top plan and left packages/cli/.agent/plan.yaml stale (plan --check there: exit 2).
  const dir = gitRepo(undefined, {
    'packages/cli/.agent/queue/001-pending-a.md': item('A', 'files: [src/a.ts]'),
    'packages/cli/src/a.ts': 'export const a = 1;\n',
    'README.md': '# repo\n',
  });
  const cli = join(dir, 'packages/cli');
  assert.is((await waveplan(cli, ['plan'], cliEnv)).code, 0);
  const top = await waveplan(dir, ['plan'], cliEnv);
  assert.is(top.code, 0);
  assert.match(top.stderr, 'no queue folder at .agent/queue, so the plan is empty; queues below: packages/cli (waveplan -C packages/cli plan)');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'queue');
  assert.is((await waveplan(cli, ['hooks', 'install'], cliEnv)).code, 0);
  git(cli, 'mv', '.agent/queue/001-pending-a.md', '.agent/queue/001-completed-a.md');
  const stderr = commitOk(dir, '-m', 'finish 001');
  assert.match(stderr, 'packages/cli/.agent/plan.yaml');
  assert.is(statusOf(git(dir, 'show', `HEAD:packages/cli/${PLAN}`), '001'), 'completed');
  assert.is(status(dir), '');
  await planCheckIsClean(cli);
});

where('a package whose config moves queue.dir: the hook finds it by its config and plans the configured folder', async () => {
  const dir = gitRepo(undefined, {
    'packages/app/parallel.config.yaml': 'queue: { dir: work/items }\n',
    'packages/app/work/items/001-pending-a.md': item('A', 'files: [src/a.ts]'),
    'packages/app/work/items/002-pending-b.md': item('B', 'files: [src/a.ts]'),
    'packages/app/src/a.ts': 'export const a = 1;\n',
  });
  const app = join(dir, 'packages/app');
  assert.is((await waveplan(app, ['plan'], cliEnv)).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'queue');
  assert.is((await waveplan(app, ['hooks', 'install'], cliEnv)).code, 0);
  git(app, 'mv', 'work/items/001-pending-a.md', 'work/items/001-completed-a.md');
  const stderr = commitOk(dir, '-m', 'finish 001');
  assert.match(stderr, 'packages/app/.agent/plan.yaml');
  assert.is(statusOf(git(dir, 'show', `HEAD:packages/app/${PLAN}`), '001'), 'completed');
  await planCheckIsClean(app);
});

where.run();

const items = suite('pre-commit hook: in the worktree of an item that apply runs');

// An item's command that commits (an agent does) runs the hook in the item's worktree. The hook
// must not touch the plan there: apply rewrites it when the run ends, and a plan in the item's
// commit conflicts on landing with the plan another item's commit landed. Without WAVEPLAN_BIN the
// worktree has no node_modules, so the hook could not even find waveplan and refused the commit.
for (const bin of [true, false])
  items(`items that commit land, with the plan left to apply (${bin ? 'hook finds waveplan' : 'no waveplan in the worktree'})`, async () => {
    const commits = (file: string) => `run: echo changed > ${file} && git add -A && git commit -qm work`;
    const dir = await queueRepo({
      '.agent/queue/001-pending-add-login.md': item('Add login', `files: [src/login.ts]\n${commits('src/login.ts')}`),
      '.agent/queue/002-pending-login-audit.md': item('Audit', `files: [src/audit.ts]\n${commits('src/audit.ts')}`),
      '.agent/queue/003-pending-docs.md': item('Docs', `files: [docs/readme.md]\n${commits('docs/readme.md')}`),
      'parallel.config.yaml': 'autonomy:\n  level: L3\nrun:\n  isolation: worktree\n',
    });
    const env = {
      ...cliEnv,
      WAVEPLAN_RENDERER: 'silent',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      ...(bin ? { WAVEPLAN_BIN } : {}),
    };
    const applied = await waveplan(dir, ['apply'], env);
    assert.is(applied.code, 0, applied.stdout + applied.stderr);
    const landed = git(dir, 'log', '--format=', '--name-only', 'HEAD~3..HEAD').trim().split('\n').filter(Boolean).sort();
    assert.equal(landed, ['docs/readme.md', 'src/audit.ts', 'src/login.ts']);
  });

items.run();
