import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { queueNames, SILENT } from '../helpers/apply-repo.js';
import { runCli, waveplan } from '../helpers/cli.js';
import { git } from '../helpers/git-repo.js';
import { landedIds, landRepo, userStatus } from '../helpers/land-repo.js';

const crash = suite('kill -9 during a landing');

// Each step of a landing (docs/apply.md, "Crash safety"): the process dies there with SIGKILL,
// and the next apply finishes or undoes the landing. The item lands exactly once either way.
for (const step of ['merged', 'journaled', 'ref_moved', 'synced', 'recorded']) {
  crash(`at ${step}: the next apply finishes or undoes it; the item lands once`, async () => {
    const dir = await landRepo([
      { id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts one leave' },
      { id: '002', files: ['src/b.ts'], blockedBy: ['001'], run: 'sh scripts/edit.sh src/b.ts two commit' },
    ]);
    const killed = runCli(dir, ['apply'], { ...SILENT, WAVEPLAN_CRASH_AT: step });
    assert.is(killed.code, -1, `${killed.stdout}${killed.stderr}`);
    const tip = git(dir, 'rev-parse', 'main').trim();
    const moved = landedIds(dir).includes('001');
    assert.is(moved, ['ref_moved', 'synced', 'recorded'].includes(step), 'the ref is at the old tip or the new one');
    const again = runCli(dir, ['apply'], SILENT);
    assert.is(again.code, 0, again.stderr + again.stdout);
    if (moved) assert.match(again.stderr, 'finished (work tree synced, item completed)');
    else if (step === 'journaled') assert.match(again.stderr, 'before main moved: undone; 001 runs again');
    else assert.not.match(again.stderr, 'the landing of 001', 'no journal before it is written');
    assert.equal(landedIds(dir), ['001', '002']);
    assert.is(git(dir, 'show', 'main:src/a.ts'), 'a\none\n');
    assert.is(readFileSync(join(dir, 'src/a.ts'), 'utf8'), 'a\none\n');
    assert.is(readFileSync(join(dir, 'src/b.ts'), 'utf8'), 'b\ntwo\n');
    assert.equal(userStatus(dir), []);
    assert.ok(
      queueNames(dir).every((n) => n.includes('-completed-')),
      queueNames(dir).join(),
    );
    if (moved) assert.is(git(dir, 'rev-list', '--first-parent', '--count', `${tip}..main`).trim(), '1', 'only 002 landed after the crash');
  });
}

crash('killed after the ref moved, then the next apply killed right after finishing that landing: the third resumes, nothing is stale', async () => {
  const dir = await landRepo([
    { id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts one leave' },
    { id: '002', files: ['src/b.ts'], blockedBy: ['001'], run: 'sh scripts/edit.sh src/b.ts two commit' },
  ]);
  assert.is(runCli(dir, ['apply'], { ...SILENT, WAVEPLAN_CRASH_AT: 'synced' }).code, -1);
  // The second apply completes 001 for the killed run, then dies before its own log holds anything.
  const second = runCli(dir, ['apply'], { ...SILENT, WAVEPLAN_CRASH_AT: 'recovered' });
  assert.is(second.code, -1, second.stdout + second.stderr);
  assert.ok(queueNames(dir).includes('001-completed-item-001.md'), queueNames(dir).join());
  const third = runCli(dir, ['apply'], SILENT);
  assert.is(third.code, 0, third.stderr + third.stdout);
  assert.not.match(third.stderr + third.stdout, 'changed by hand');
  assert.equal(landedIds(dir), ['001', '002']);
  assert.ok(
    queueNames(dir).every((n) => n.includes('-completed-')),
    queueNames(dir).join(),
  );
  assert.is((await waveplan(dir, ['plan', '--check'])).code, 0, 'the plan was rewritten to the final statuses');
});

crash.run();
