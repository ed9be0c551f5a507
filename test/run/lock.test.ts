import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LockError } from '../../src/errors.js';
import { acquireLock, LOCK_FILE } from '../../src/run/lock.js';
import { tempDir, writeFiles } from '../helpers/git-repo.js';

const lock = suite('acquireLock');

function lockText(pid: number, host = hostname()): string {
  return JSON.stringify({ pid, host, started: '2026-11-27T23:00:00.000Z', run: '20261127T230000-dead' });
}

lock('takes, holds and releases the lock', async () => {
  const dir = tempDir();
  const held = await acquireLock(dir, 'r1');
  const info = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
  assert.is(info.pid, process.pid);
  assert.is(info.run, 'r1');
  await held.release();
  assert.not.ok(existsSync(join(dir, LOCK_FILE)));
  // Only the .gitignore that keeps the lock out of `git add -A` stays (docs/reliability.md).
  assert.equal(readdirSync(join(dir, '.agent')), ['.gitignore'], 'no temp files left');
  assert.match(readFileSync(join(dir, '.agent/.gitignore'), 'utf8'), 'apply.lock');
});

lock('concurrent acquirers: exactly one wins, the others name the holder', async () => {
  const dir = tempDir();
  const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => acquireLock(dir, `r${i}`)));
  const won = results.filter((r) => r.status === 'fulfilled');
  assert.is(won.length, 1);
  for (const r of results) {
    if (r.status === 'rejected') {
      assert.instance(r.reason, LockError);
      assert.match(r.reason.message, `pid ${process.pid}`);
    }
  }
});

lock('a live holder (a real process) is refused', async () => {
  const dir = tempDir();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
  try {
    writeFiles(dir, { [LOCK_FILE]: lockText(child.pid!) });
    await acquireLock(dir, 'r2').then(
      () => assert.unreachable('should refuse'),
      (error: Error) => {
        assert.instance(error, LockError);
        assert.match(error.message, `pid ${child.pid}, run 20261127T230000-dead`);
      },
    );
  } finally {
    child.kill('SIGKILL');
  }
});

lock('a dead holder on this host is taken over and reported; another host is not', async () => {
  const dir = tempDir();
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  writeFiles(dir, { [LOCK_FILE]: lockText(dead) });
  const held = await acquireLock(dir, 'r3');
  assert.is(held.takenOver?.pid, dead);
  assert.is(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).run, 'r3');
  await held.release();
  writeFiles(dir, { [LOCK_FILE]: lockText(dead, 'elsewhere.example') });
  await acquireLock(dir, 'r4').then(
    () => assert.unreachable('should refuse'),
    (error: Error) => {
      assert.match(error.message, 'on host elsewhere.example');
    },
  );
});

lock.run();
