import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { branchTip, collectWork, freshWorktree, landBranch, pinBranch, releaseMoves, removeItemWorktree, WORKTREES_DIR } from '../../src/land/index.js';
import { git, GIT_ENV, gitRepo, tempDir } from '../helpers/git-repo.js';

// The landing core's cheaper paths (docs/apply.md, "Landing"): collect from one `git status`, the
// sync's dry run as the check for the user's edits, the branch released in the landing's transaction.

const collect = suite('collectWork: the write set from one git status');

function itemTree(files: Record<string, string>) {
  const dir = gitRepo(undefined, { '.gitignore': 'build/\n', ...files });
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  return { dir, base, tree: { cwd: dir, env: GIT_ENV } };
}

collect('edited, deleted, new and nested-new files are committed; the write set is exactly them; ignored files are not', async () => {
  const { dir, base, tree } = itemTree({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n', 'src/c.ts': 'c\n', 'src/with space.ts': 's\n' });
  writeFileSync(join(dir, 'src/a.ts'), 'a2\n');
  rmSync(join(dir, 'src/b.ts'));
  mkdirSync(join(dir, 'src/deep/er'), { recursive: true });
  writeFileSync(join(dir, 'src/deep/er/new.ts'), 'n\n');
  writeFileSync(join(dir, 'src/with space.ts'), 's2\n');
  mkdirSync(join(dir, 'build'));
  writeFileSync(join(dir, 'build/out.js'), 'ignored\n');
  // Touched, same content: not part of the write set.
  utimesSync(join(dir, 'src/c.ts'), new Date(Date.now() + 5000), new Date(Date.now() + 5000));
  const work = await collectWork({ worktree: tree, base, id: '001', title: 'Do it' });
  const expected = ['src/a.ts', 'src/b.ts', 'src/deep/er/new.ts', 'src/with space.ts'];
  assert.equal(work.paths, expected);
  assert.ok(work.committedLeftovers);
  assert.is(git(dir, 'rev-parse', 'HEAD').trim(), work.head, 'HEAD moves by default (a CI job lands from its own checkout)');
  assert.equal(git(dir, 'diff-tree', '-r', '--name-only', '--no-commit-id', base, work.head).trim().split('\n'), expected);
  assert.is(git(dir, 'log', '-1', '--format=%B', work.head).trim(), 'Do it\n\nItem: 001');
  assert.is(git(dir, 'status', '--porcelain'), '', 'nothing left uncommitted');
  assert.ok(existsSync(join(dir, 'build/out.js')));
  assert.equal(work.ignored, ['build'], 'an ignored folder is named once, as a whole');
  const again = await collectWork({ worktree: tree, base, id: '001', title: 'Do it' });
  assert.is(again.head, work.head, 'running it twice commits nothing new');
  assert.equal(again.paths, expected);
});

collect('a change staged and then undone, a file added and deleted again: nothing to commit, no changes', async () => {
  const { dir, base, tree } = itemTree({ 'src/a.ts': 'a\n' });
  writeFileSync(join(dir, 'src/a.ts'), 'a2\n');
  git(dir, 'add', 'src/a.ts');
  writeFileSync(join(dir, 'src/a.ts'), 'a\n');
  writeFileSync(join(dir, 'src/gone.ts'), 'x\n');
  git(dir, 'add', 'src/gone.ts');
  rmSync(join(dir, 'src/gone.ts'));
  const work = await collectWork({ worktree: tree, base, id: '001', title: 'Nothing' });
  assert.is(work.head, base);
  assert.equal(work.paths, []);
  assert.not.ok(work.committedLeftovers);
});

collect('staged, then changed again: the write set is the diff from the start (what the commit holds)', async () => {
  const { dir, base, tree } = itemTree({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' });
  writeFileSync(join(dir, 'src/a.ts'), 'a2\n');
  git(dir, 'add', 'src/a.ts');
  writeFileSync(join(dir, 'src/a.ts'), 'a3\n');
  writeFileSync(join(dir, 'src/b.ts'), 'b2\n');
  git(dir, 'add', 'src/b.ts');
  writeFileSync(join(dir, 'src/b.ts'), 'b\n');
  const work = await collectWork({ worktree: tree, base, id: '001', title: 'Mixed' });
  assert.equal(work.paths, ['src/a.ts']);
  assert.is(git(dir, 'show', `${work.head}:src/a.ts`), 'a3\n');
});

collect('the command’s own commits plus leftovers: both in the write set; with moveHead false the branch stays, and pinBranch moves it', async () => {
  const { dir, base, tree } = itemTree({ 'src/a.ts': 'a\n', 'src/b.ts': 'b\n' });
  writeFileSync(join(dir, 'src/a.ts'), 'a2\n');
  git(dir, 'commit', '-qam', 'its own commit');
  const own = git(dir, 'rev-parse', 'HEAD').trim();
  writeFileSync(join(dir, 'src/b.ts'), 'b2\n');
  const work = await collectWork({ worktree: tree, base, id: '001', title: 'Both', moveHead: false });
  assert.equal(work.paths, ['src/a.ts', 'src/b.ts']);
  assert.is(git(dir, 'rev-parse', `${work.head}^`).trim(), own);
  assert.is(git(dir, 'rev-parse', 'HEAD').trim(), own, 'HEAD left where the command put it');
  await pinBranch(tree, work.head);
  assert.is(git(dir, 'rev-parse', 'main').trim(), work.head);
  assert.is(git(dir, 'status', '--porcelain'), '');
});

collect.run();

const landing = suite('landBranch: the check is the sync’s dry run; the branch goes in the landing’s transaction');

/** A repository with main checked out and an item worktree whose work changes src/a.ts and adds src/new.ts. */
async function itemReady() {
  const dir = gitRepo(undefined, { 'src/a.ts': 'a\n', 'src/b.ts': 'b\n', '.gitignore': `${WORKTREES_DIR}/\n` });
  const repo = { cwd: dir, env: GIT_ENV };
  const tip = git(dir, 'rev-parse', 'HEAD').trim();
  const tree = await freshWorktree(repo, '001', tip);
  writeFileSync(join(tree.path, 'src/a.ts'), 'a2\n');
  writeFileSync(join(tree.path, 'src/new.ts'), 'new\n');
  const work = await collectWork({ worktree: { cwd: tree.path, env: GIT_ENV }, base: tip, id: '001', title: 'Item', moveHead: false });
  const land = (extra: Partial<Parameters<typeof landBranch>[0]> = {}) =>
    landBranch({ repo, target: 'main', id: '001', title: 'Item', head: work.head, run: 'test', ...extra });
  return { dir, repo, tip, tree, work, land };
}

landing('a file only touched where the merge writes is not an edit: it lands and the work tree follows', async () => {
  const { dir, land, tip } = await itemReady();
  utimesSync(join(dir, 'src/a.ts'), new Date(Date.now() + 5000), new Date(Date.now() + 5000));
  const out = await land();
  assert.is(out.kind, 'landed');
  assert.is.not(git(dir, 'rev-parse', 'main').trim(), tip);
  assert.is(readFileSync(join(dir, 'src/a.ts'), 'utf8'), 'a2\n');
  assert.is(git(dir, 'status', '--porcelain'), '');
});

landing('an edit, a staged change or an untracked file where the merge writes: refused by name, nothing moves', async () => {
  for (const spoil of [
    (dir: string) => writeFileSync(join(dir, 'src/a.ts'), 'mine\n'),
    (dir: string) => (writeFileSync(join(dir, 'src/a.ts'), 'mine\n'), git(dir, 'add', 'src/a.ts')),
    (dir: string) => writeFileSync(join(dir, 'src/new.ts'), 'mine\n'),
  ]) {
    const { dir, land, tip } = await itemReady();
    spoil(dir);
    const before = git(dir, 'status', '--porcelain');
    const out = await land();
    assert.is(out.kind, 'refused');
    if (out.kind === 'refused') assert.ok(out.paths.length === 1 && ['src/a.ts', 'src/new.ts'].includes(out.paths[0]), out.paths.join());
    assert.is(git(dir, 'rev-parse', 'main').trim(), tip);
    assert.is(git(dir, 'status', '--porcelain'), before);
  }
});

landing('an untracked folder where the merge writes a file: refused naming it (the dry run, after editedPaths found no edit)', async () => {
  const { dir, land, tip } = await itemReady();
  mkdirSync(join(dir, 'src/new.ts'));
  writeFileSync(join(dir, 'src/new.ts/inside'), 'mine\n');
  const out = await land();
  assert.is(out.kind, 'refused');
  if (out.kind === 'refused')
    assert.ok(
      out.paths.some((p) => p.includes('src/new.ts')),
      out.paths.join(),
    );
  assert.is(git(dir, 'rev-parse', 'main').trim(), tip);
  assert.is(readFileSync(join(dir, 'src/new.ts/inside'), 'utf8'), 'mine\n');
});

landing('the landing’s transaction deletes the branch and detaches the worktree at its commit; the pool takes it without a process of its own', async () => {
  const { dir, repo, tree, work, land } = await itemReady();
  const out = await land({ release: () => releaseMoves(tree.path, tree.branch, work.head) });
  assert.is(out.kind, 'landed');
  if (out.kind === 'landed') assert.ok(out.released);
  assert.is(git(dir, 'branch', '--list', 'waveplan/*'), '');
  assert.is(git(tree.path, 'rev-parse', 'HEAD').trim(), work.head);
  assert.is(git(tree.path, 'status', '--porcelain'), '', 'HEAD and the index agree');
  await removeItemWorktree(repo, '001', { pool: true, released: true });
  assert.ok(existsSync(join(dir, WORKTREES_DIR, '+pool-1')));
  assert.ok(git(dir, 'worktree', 'list', '--porcelain').includes(join(dir, WORKTREES_DIR, '+pool-1')), 'git knows where it went');
  const next = await freshWorktree(repo, '002', git(dir, 'rev-parse', 'main').trim());
  assert.is(next.path, join(dir, WORKTREES_DIR, '002'));
  assert.is(git(next.path, 'symbolic-ref', '--short', 'HEAD').trim(), 'waveplan/002');
  assert.is(readFileSync(join(next.path, 'src/new.ts'), 'utf8'), 'new\n');
  assert.is(git(next.path, 'status', '--porcelain', '--ignored'), '');
  git(dir, 'worktree', 'prune');
  assert.is(
    git(dir, 'worktree', 'list', '--porcelain')
      .split('\n')
      .filter((l) => l.startsWith('worktree ')).length,
    2,
  );
});

landing('release moves git refuses do not stop the landing: it lands alone and says it released nothing', async () => {
  const { dir, tree, land } = await itemReady();
  const out = await land({ release: () => `delete refs/heads/${tree.branch} ${'1'.repeat(40)}\n` });
  assert.is(out.kind, 'landed');
  if (out.kind === 'landed') assert.not.ok(out.released);
  assert.is(git(dir, 'show', 'main:src/new.ts'), 'new\n');
  assert.ok(git(dir, 'branch', '--list', tree.branch).includes(tree.branch), 'the branch is still there');
});

landing('a main work tree on another branch is left alone: the ref moves, that checkout does not', async () => {
  const { dir, land } = await itemReady();
  git(dir, 'switch', '-q', '-c', 'elsewhere');
  const out = await land();
  assert.is(out.kind, 'landed');
  assert.is(git(dir, 'show', 'main:src/a.ts'), 'a2\n');
  assert.is(readFileSync(join(dir, 'src/a.ts'), 'utf8'), 'a\n');
  assert.not.ok(existsSync(join(dir, 'src/new.ts')));
  assert.is(git(dir, 'status', '--porcelain'), '');
});

landing('a pooled worktree whose leftovers collect listed: they are deleted, no git clean; the next item starts clean', async () => {
  const { dir, repo, tree, work, land } = await itemReady();
  mkdirSync(join(tree.path, 'build/deep'), { recursive: true });
  writeFileSync(join(tree.path, 'build/deep/out.js'), 'built\n');
  writeFileSync(join(tree.path, 'debug.log'), 'log\n');
  writeFileSync(join(dir, '.git/info/exclude'), 'build/\n*.log\n');
  const listed = await collectWork({ worktree: { cwd: tree.path, env: GIT_ENV }, base: work.head, id: '001', title: 'Item', moveHead: false });
  assert.equal(listed.ignored.sort(), ['build', 'debug.log']);
  const out = await land({ release: () => releaseMoves(tree.path, tree.branch, work.head) });
  assert.is(out.kind, 'landed');
  await removeItemWorktree(repo, '001', { pool: true, released: true, leftovers: listed.ignored });
  const next = await freshWorktree(repo, '002', (await branchTip(repo, 'main'))!);
  assert.not.ok(existsSync(join(next.path, 'build')));
  assert.not.ok(existsSync(join(next.path, 'debug.log')));
  assert.is(git(next.path, 'status', '--porcelain', '--ignored'), '');
  assert.is(readFileSync(join(next.path, 'src/a.ts'), 'utf8'), 'a2\n');
});

landing(
  'landing after its own landing reads the tip without git; the same work again is already landed; a commit of the user in between is merged',
  async () => {
    const { dir, repo, work, land } = await itemReady();
    const trace = join(tempDir('waveplan-trace-'), 'events');
    const traced = { ...repo, env: { ...GIT_ENV, GIT_TRACE2_EVENT: trace } };
    const first = await land();
    assert.is(first.kind, 'landed');
    const again = await landBranch({ repo: traced, target: 'main', id: '001', title: 'Item', head: work.head, run: 'test' });
    assert.equal(again, { kind: 'already_landed', tip: git(dir, 'rev-parse', 'main').trim() });
    const started = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"event":"start"'));
    // (Its git folder is asked once per work tree and process, by `rev-parse --git-dir`.)
    assert.not.ok(
      started.some((l) => l.includes('"rev-parse"') && l.includes('refs/heads/main')),
      started.join('\n'),
    );
    // The user commits on main: the tip is not the last landing any more, and git is asked.
    writeFileSync(join(dir, 'src/b.ts'), 'user\n');
    git(dir, 'commit', '-qam', 'user');
    const wt = await freshWorktree(repo, '002', git(dir, 'rev-parse', 'main~1').trim());
    writeFileSync(join(wt.path, 'src/c.ts'), 'c\n');
    const second = await collectWork({ worktree: { cwd: wt.path, env: GIT_ENV }, base: wt.base, id: '002', title: 'Two' });
    const out = await landBranch({ repo, target: 'main', id: '002', title: 'Two', head: second.head, run: 'test' });
    assert.is(out.kind, 'landed');
    assert.is(git(dir, 'show', 'main:src/b.ts'), 'user\n');
    assert.is(git(dir, 'show', 'main:src/c.ts'), 'c\n');
    assert.is(git(dir, 'rev-parse', 'main^1').trim(), git(dir, 'rev-parse', 'HEAD~1').trim());
    assert.is(git(dir, 'status', '--porcelain'), '');
  },
);

landing('branchTip: the loose ref file when there is one, git when the ref is packed', async () => {
  const { dir, repo } = await itemReady();
  const tip = git(dir, 'rev-parse', 'main').trim();
  assert.is(await branchTip(repo, 'main'), tip);
  git(dir, 'pack-refs', '--all');
  assert.not.ok(existsSync(join(dir, '.git/refs/heads/main')));
  assert.is(await branchTip(repo, 'main'), tip);
  assert.is(await branchTip(repo, 'nonexistent'), undefined);
});

landing.run();
