import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { queueNames, SILENT } from '../helpers/apply-repo.js';
import { runCli, waveplan } from '../helpers/cli.js';
import { git } from '../helpers/git-repo.js';
import { branches, landedIds, landRepo, LAND_CONFIG, summaryOf, userStatus } from '../helpers/land-repo.js';

const land = suite('apply lands items (isolation: worktree)');

land('committed, uncommitted and untracked work all land; no changes is completed; nothing left behind', async () => {
  const dir = await landRepo([
    { id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts one commit' },
    { id: '002', files: ['src/b.ts'], run: 'sh scripts/edit.sh src/b.ts two leave' },
    { id: '003', files: ['src/new.ts'], run: 'sh scripts/edit.sh src/new.ts three leave' },
    { id: '004', files: ['src/c.ts'], run: 'sh scripts/edit.sh src/c.ts four none' },
  ]);
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.is(git(dir, 'show', 'main:src/a.ts'), 'a\none\n');
  assert.is(git(dir, 'show', 'main:src/b.ts'), 'b\ntwo\n');
  assert.is(git(dir, 'show', 'main:src/new.ts'), 'three\n');
  assert.is(readFileSync(join(dir, 'src/new.ts'), 'utf8'), 'three\n', 'the main work tree follows');
  assert.equal(userStatus(dir), [], 'the main work tree is at the new tip');
  assert.equal(landedIds(dir).sort(), ['001', '002', '003']);
  assert.ok(
    queueNames(dir).every((n) => n.includes('-completed-')),
    queueNames(dir).join(),
  );
  assert.equal(branches(dir), []);
  assert.equal(
    readdirSync(join(dir, '.agent/worktrees')).filter((n) => n !== '.gitignore'),
    [],
  );
  const summary = summaryOf(dir);
  assert.equal(
    summary.items.map((i) => [i.id, i.reason?.replace(/ as [0-9a-f]+$/, ''), i.writes]),
    [
      ['001', 'landed on main', ['src/a.ts']],
      ['002', 'landed on main', ['src/b.ts']],
      ['003', 'landed on main', ['src/new.ts']],
      ['004', 'no changes', []],
    ],
  );
  // The leftover commit carries the item's title and trailer.
  assert.match(git(dir, 'log', '--format=%B', 'main'), /Item 002\n\nItem: 002/);
  // `status` says where the work went: the isolation, target and gate, then each item's landing.
  const status = runCli(dir, ['status']).stdout;
  assert.match(status, '\n  isolation worktree: each item lands on main when it ends (gate none, retry_on_conflict 1)\n');
  const landedAs = (id: string) => summary.items.find((i) => i.id === id)!.landed!.slice(0, 12);
  assert.match(status, new RegExp(`completed +001 .*— landed ${landedAs('001')}`));
  assert.match(status, /completed +004 .*— no changes/);
  const json = JSON.parse(runCli(dir, ['status', '--json']).stdout) as { landing: unknown };
  assert.equal(json.landing, { isolation: 'worktree', land: 'merge', target: 'main', gate: null, retry_on_conflict: 1 });
});

land('an item placed after a conflicting one starts from the tip holding its work', async () => {
  const dir = await landRepo([
    { id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts first commit' },
    { id: '002', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts second leave' },
  ]);
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.is(git(dir, 'show', 'main:src/a.ts'), 'a\nfirst\nsecond\n');
  assert.equal(landedIds(dir), ['001', '002']);
});

land("the user's uncommitted edits elsewhere are kept; edits where an item writes refuse its landing", async () => {
  const dir = await landRepo([
    { id: '001', files: ['src/a.ts'] },
    // writes outside its predicted write set, where the user has an edit (inside it, the plan would be stale)
    { id: '002', files: ['src/b.ts'], run: 'sh scripts/edit.sh src/c.ts 002 commit' },
  ]);
  writeFileSync(join(dir, 'README.md'), 'readme\nmine\n');
  writeFileSync(join(dir, 'src/c.ts'), 'c\nmine too\n');
  writeFileSync(join(dir, 'notes.txt'), 'untracked\n');
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 3, result.stderr + result.stdout);
  assert.is(readFileSync(join(dir, 'README.md'), 'utf8'), 'readme\nmine\n');
  assert.is(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'untracked\n');
  assert.is(readFileSync(join(dir, 'src/c.ts'), 'utf8'), 'c\nmine too\n', 'the overlapping edit is untouched');
  assert.is(readFileSync(join(dir, 'src/a.ts'), 'utf8'), 'a\n001\n');
  assert.equal(landedIds(dir), ['001']);
  assert.equal(userStatus(dir), [' M README.md', ' M src/c.ts', '?? notes.txt']);
  const note = readFileSync(join(dir, '.agent/queue/002-blocked-item-002.md'), 'utf8');
  assert.match(note, 'uncommitted changes in src/c.ts');
  assert.match(note, 'kept on branch waveplan/002');
  // After the merge the item is still blocked: the note says how to record it done (hono QA: it did not).
  // And its **Status**: line with it, or every validate warns ITEM_STATUS_MISMATCH after (ky QA).
  assert.match(
    note,
    'then `git merge waveplan/002`, rename 002 from -blocked- to -completed- and set its **Status**: line to completed (the pre-commit hook updates the plan)',
  );
  assert.is(git(dir, 'show', 'waveplan/002:src/c.ts'), 'c\n002\n', 'its work is kept on its branch');
});

land('footprint audit: files outside the predicted write set are reported in events, summary, notes, output, status and wait', async () => {
  const dir = await landRepo([{ id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts one leave && sh scripts/edit.sh src/c.ts extra leave' }]);
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.equal(landedIds(dir), ['001']);
  assert.match(result.stdout, 'footprint exceeded: 001 changed src/c.ts outside its predicted write set');
  const item = summaryOf(dir).items[0] as { exceeded?: string[]; writes?: string[] };
  assert.equal([item.exceeded, item.writes], [['src/c.ts'], ['src/a.ts', 'src/c.ts']]);
  assert.match(
    readFileSync(join(dir, '.agent/queue/001-completed-item-001.md'), 'utf8'),
    /## Notes[\s\S]*footprint audit .*outside its predicted write set: src\/c.ts/,
  );
  assert.match((await waveplan(dir, ['status'])).stdout, 'footprint exceeded: src/c.ts');
  assert.match((await waveplan(dir, ['wait'])).stdout, 'footprint exceeded: 001 changed src/c.ts');
});

land('apply --dry-run says where the work goes', async () => {
  const dir = await landRepo([{ id: '001', files: ['src/a.ts'] }], { config: `${LAND_CONFIG}  gate: npm test\n` });
  const dry = runCli(dir, ['apply', '--dry-run']);
  assert.match(dry.stdout, 'isolation worktree: each item lands on main when it ends (retry_on_conflict 1, gate `npm test`)');
  assert.equal(JSON.parse(runCli(dir, ['apply', '--dry-run', '--json']).stdout).landing, {
    isolation: 'worktree',
    land: 'merge',
    target: 'main',
    gate: 'npm test',
    retry_on_conflict: 1,
  });
});

land('run.land: keep commits the work on waveplan/<id> and merges nothing', async () => {
  const dir = await landRepo([{ id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts kept leave' }], {
    config: `${'autonomy:\n  level: L3\nanalysis:\n  import_graph: false\n'}run:\n  isolation: worktree\n  land: keep\n`,
  });
  const head = git(dir, 'rev-parse', 'main');
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.is(git(dir, 'rev-parse', 'main'), head);
  assert.is(git(dir, 'show', 'waveplan/001:src/a.ts'), 'a\nkept\n');
  assert.ok(existsSync(join(dir, '.agent/worktrees/001')));
});

land.run();
