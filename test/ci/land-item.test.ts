import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditFootprint, landItem, type LandRequest } from '../../src/ci/land-item.js';
import { earlierInWave, waitForEarlier } from '../../src/ci/land-order.js';
import { collectWork } from '../../src/land/index.js';
import { GIT_ENV, git, gitRepo, tempDir, writeFiles } from '../helpers/git-repo.js';
import { makeItem } from '../helpers/items.js';
import { parseItem } from '../../src/queue/parse-item.js';
import { bareRemote } from '../helpers/run-workflow.js';
import { planOf } from '../helpers/wave-plans.js';

/*
 * landItem against a real bare remote. A rival clone stands for another job of the same wave:
 * a `git` wrapper on PATH lets the rival push right before our first compare-and-swap push, so
 * the race is lost once, every time, without timing.
 */

const ITEM = '.agent/queue/001-pending-left.md';
const item = makeItem('001', { file: ITEM, slug: 'left', title: 'Left' });

function setup() {
  const origin = gitRepo(undefined, { 'src/a.txt': 'a0\n', 'src/r.txt': 'r0\n', [ITEM]: '# Left\n**Status**: pending\n' });
  const remote = bareRemote(origin);
  const clone = (name: string) => {
    const dir = join(tempDir(), name);
    execFileSync('git', ['clone', '--quiet', remote, dir], { env: GIT_ENV });
    return dir;
  };
  const job = clone('job');
  const rival = clone('rival');
  const start = git(job, 'rev-parse', 'HEAD').trim();
  return { remote, job, rival, start };
}

/** The rival commits `files` now and pushes them just before our first push. */
function rivalPushesFirst(rival: string, files: Record<string, string>): Record<string, string> {
  writeFiles(rival, files);
  git(rival, 'add', '-A');
  git(rival, 'commit', '-qm', 'Land 002: Rival\n\nItem: 002');
  const bin = tempDir('waveplan-git-');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const mark = join(bin, 'raced');
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\ncase " $* " in *" push --porcelain "*) if [ ! -e "${mark}" ]; then touch "${mark}"; (cd "${rival}" && "${realGit}" push -q origin HEAD:main); fi;; esac\nexec "${realGit}" "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return { ...GIT_ENV, PATH: `${bin}:${process.env.PATH}` } as Record<string, string>;
}

async function land(job: string, env: Record<string, string>, start: string, extra: Partial<LandRequest> = {}) {
  const said: string[] = [];
  const git = { cwd: job, env };
  const work = await collectWork({ worktree: git, base: start, id: '001', title: 'Left' });
  const outcome = await landItem({
    git,
    remote: 'origin',
    target: 'main',
    item,
    start,
    work: work.head,
    status: { kind: 'tree' },
    attempts: 3,
    backoff: () => 0,
    say: (l) => said.push(l),
    ...extra,
  });
  return { outcome, said, paths: work.paths };
}

const test = suite('landItem');

test('a lost race: fetch, merge again, push again; both works end on main, the item completed', async () => {
  const { remote, job, rival, start } = setup();
  writeFiles(job, { 'src/a.txt': 'a0\na1\n' });
  const env = rivalPushesFirst(rival, { 'src/r.txt': 'r0\nr1\n' });
  const { outcome, said } = await land(job, env, start);
  assert.is(outcome.kind, 'landed');
  assert.is(outcome.attempts, 2);
  assert.match(said.join('\n'), /main moved while landing \(attempt 1 of 3\)/);
  assert.is(git(remote, 'show', 'main:src/a.txt'), 'a0\na1\n');
  assert.is(git(remote, 'show', 'main:src/r.txt'), 'r0\nr1\n');
  assert.is(git(remote, 'show', 'main:.agent/queue/001-completed-left.md'), '# Left\n**Status**: completed\n');
  assert.equal(git(remote, 'log', '--first-parent', '--format=%s', 'main').trim().split('\n'), ['Land 001: Left', 'Land 002: Rival', 'initial']);
});

test('work that conflicts with what landed meanwhile: blocked, named paths and writer, work on waveplan/001', async () => {
  const { remote, job, rival, start } = setup();
  writeFiles(job, { 'src/a.txt': 'mine\n' });
  const env = rivalPushesFirst(rival, { 'src/a.txt': 'theirs\n' });
  const { outcome } = await land(job, env, start);
  assert.is(outcome.kind, 'blocked');
  assert.match((outcome as { reason: string }).reason, /conflicts with what landed after it started \(items 002\) in src\/a\.txt/);
  assert.is(git(remote, 'show', 'main:src/a.txt'), 'theirs\n');
  assert.is(git(remote, 'show', 'waveplan/001:src/a.txt'), 'mine\n');
  const blocked = git(remote, 'show', 'main:.agent/queue/001-blocked-left.md');
  // A note like apply's (`- <time> …`): the run's words, which inference leaves out of the item's.
  assert.match(blocked, /\*\*Status\*\*: blocked[\s\S]*## Notes\n\n- \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ its work conflicts/);
  const { item } = parseItem({ file: '.agent/queue/001-blocked-left.md', id: '001', status: 'blocked', slug: 'left', text: blocked });
  assert.is(item.sections.notes, undefined);
});

test('a failed command: only the status moves on main, the work goes to waveplan/001', async () => {
  const { remote, job, start } = setup();
  writeFiles(job, { 'src/a.txt': 'half done\n' });
  const { outcome } = await land(job, GIT_ENV as Record<string, string>, start, { failure: '`make` exited with code 2' });
  assert.equal({ ...outcome, commit: '' }, { kind: 'blocked', commit: '', attempts: 1, reason: '`make` exited with code 2', branch: 'waveplan/001' });
  assert.is(git(remote, 'show', 'main:src/a.txt'), 'a0\n');
  assert.is(git(remote, 'show', 'waveplan/001:src/a.txt'), 'half done\n');
  assert.equal(git(remote, 'ls-tree', '--name-only', 'main', '.agent/queue/').trim(), '.agent/queue/001-blocked-left.md');
});

test('no changes: completed, and nothing but the status move is committed', async () => {
  const { remote, job, start } = setup();
  const { outcome } = await land(job, GIT_ENV as Record<string, string>, start);
  assert.equal({ ...outcome, commit: '' }, { kind: 'landed', commit: '', attempts: 1, changed: false });
  assert.is(git(remote, 'diff', '--name-status', '--no-renames', `${start}`, 'main').trim(), `A\t.agent/queue/001-completed-left.md\nD\t${ITEM}`);
});

test('the footprint audit names files outside the predicted write set, not the item file', () => {
  assert.equal(auditFootprint(['src/a.txt', 'src/deep/x.ts', 'README.md', ITEM], item, ['src/a.txt', 'src/deep/**']), ['README.md']);
  assert.equal(auditFootprint(['src/a.txt'], item, []), ['src/a.txt']);
});

test.run();

const order = suite('plan order within a wave');

order('earlier items: lower ids of the wave still to run, held ones left out', () => {
  const plan = planOf({ waves: [['000'], ['001', '002', '003', '004']], blockedBy: [['002', '000']] });
  const status = (id: string) => (id === '000' ? 'blocked' : id === '003' ? 'completed' : 'pending');
  assert.equal(earlierInWave(plan, '004', status), ['001']);
  assert.equal(earlierInWave(plan, '001', status), []);
});

order('waits until the earlier item lands, or gives up at the timeout', async () => {
  const { remote, job, rival, start } = setup();
  const said: string[] = [];
  const git2 = { cwd: job, env: GIT_ENV as Record<string, string> };
  writeFiles(rival, { 'src/r.txt': 'r1\n' });
  git(rival, 'add', '-A');
  git(rival, 'commit', '-qm', 'Land 001: Left\n\nItem: 001');
  const missing = await waitForEarlier({
    git: git2,
    remote: 'origin',
    target: 'main',
    start,
    earlier: ['001'],
    timeoutMs: 60_000,
    pollMs: 10,
    say: (l) => (said.push(l), git(rival, 'push', '-q', 'origin', 'HEAD:main')),
  });
  assert.equal(missing, []);
  assert.equal(said, ['waiting for 001 to land first (plan order)']);
  assert.ok(git(remote, 'log', '--format=%s', 'main').startsWith('Land 001'));
  assert.equal(await waitForEarlier({ git: git2, remote: 'origin', target: 'main', start, earlier: ['005'], timeoutMs: 0, pollMs: 10, say: () => undefined }), [
    '005',
  ]);
});

order.run();
