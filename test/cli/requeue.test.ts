import { hostname } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waveplan } from '../helpers/cli.js';
import { gitRepo, writeFiles } from '../helpers/git-repo.js';

const requeue = suite('waveplan requeue');
const BLOCKED = '# Login\n**Status**: blocked\n\n## Notes\n\n- 2026-11-27T23:00:00Z blocked: exit 1\n';

function repo(): string {
  return gitRepo(undefined, {
    '.agent/queue/003-blocked-login.md': BLOCKED,
    '.agent/queue/004-pending-logout.md': '# Logout\n**Status**: pending\n',
  });
}

requeue('moves a blocked item to pending and notes why', async () => {
  const dir = repo();
  const result = await waveplan(dir, ['requeue', '3', '--reason', 'flaky network']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, 'requeued 003: .agent/queue/003-blocked-login.md → .agent/queue/003-pending-login.md');
  assert.equal(readdirSync(join(dir, '.agent/queue')).sort(), ['003-pending-login.md', '004-pending-logout.md']);
  const text = readFileSync(join(dir, '.agent/queue/003-pending-login.md'), 'utf8');
  assert.match(text, /\*\*Status\*\*: pending\n/);
  assert.match(text, /- 2026-11-27T23:00:00Z blocked: exit 1\n\n- \S+Z requeued by `waveplan requeue`: flaky network\n$/);
});

requeue('refuses an item that is not blocked, and an unknown id, naming the blocked ones', async () => {
  const dir = repo();
  const pending = await waveplan(dir, ['requeue', '004']);
  assert.is(pending.code, 1);
  assert.match(pending.stderr, 'item 004 is pending, not blocked');
  assert.match(pending.stderr, 'blocked items: 003');
  const unknown = await waveplan(dir, ['requeue', '009']);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, 'no item 009 in .agent/queue (blocked items: 003)');
  assert.not.match(unknown.stderr, /    at /);
});

requeue('refuses while an apply holds the queue', async () => {
  const dir = repo();
  writeFiles(dir, {
    '.agent/apply.lock': JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-11-27T23:00:00.000Z', run: '20261127T230000-abcd' }),
  });
  const result = await waveplan(dir, ['requeue', '003']);
  assert.is(result.code, 1);
  assert.match(result.stderr, `another apply holds the queue: pid ${process.pid}`);
  assert.ok(readdirSync(join(dir, '.agent/queue')).includes('003-blocked-login.md'));
});

requeue.run();
