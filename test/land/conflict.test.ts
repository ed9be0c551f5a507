import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SILENT } from '../helpers/apply-repo.js';
import { runCli } from '../helpers/cli.js';
import { git, tempDir } from '../helpers/git-repo.js';
import { landedIds, landRepo, LAND_CONFIG, summaryOf } from '../helpers/land-repo.js';

/**
 * `sh scripts/race.sh ID MODE` overwrites src/c.ts with ID. `wait-landing`: then waits (≤ 10 s) until
 * something lands on main after the worktree's start; `wait-second`: first waits (≤ 10 s) until item
 * 002 has started its second run. Each run leaves a marker `$MARK/<id>.<n>`. Order without timing.
 */
const RACE = `#!/bin/sh
main="$(cd "$(dirname "$WAVEPLAN_ITEM_FILE")/../.." && pwd)"
n=$(ls "$MARK" | grep -c "^$1\\\\."); n=$((n+1)); touch "$MARK/$1.$n"
if [ "$2" = wait-second ]; then i=0; while [ ! -e "$MARK/002.2" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; fi
echo "$1" > src/c.ts
if [ "$2" = wait-landing ]; then
  start=$(git rev-parse HEAD); i=0
  while [ "$(git -C "$main" rev-parse main)" = "$start" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
fi
exit 0
`;

const conflict = suite('conflicts at landing');

conflict('a conflicting item runs again from the new tip and lands', async () => {
  const dir = await landRepo([
    // predicted disjoint, so they run together; both append to src/c.ts
    { id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/c.ts 001 commit' },
    { id: '002', files: ['src/b.ts'], run: 'sh scripts/edit.sh src/c.ts 002 leave' },
  ]);
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  const text = git(dir, 'show', 'main:src/c.ts');
  assert.ok(text === 'c\n001\n002\n' || text === 'c\n002\n001\n', text);
  assert.is(landedIds(dir).length, 2);
  const runs = readdirSync(join(dir, '.agent/runs')).filter((n) => !n.startsWith('.'));
  const events = readFileSync(join(dir, '.agent/runs', runs[0], 'events.jsonl'), 'utf8');
  assert.match(events, /"type":"landing_conflict","item":"00[12]".*"paths":\["src\/c.ts"\]/);
});

conflict('a conflict on the re-run too blocks the item, naming the path and the landed item that wrote it', async () => {
  const mark = tempDir();
  mkdirSync(mark, { recursive: true });
  const dir = await landRepo(
    [
      { id: '001', files: ['src/a.ts'], run: 'sh scripts/race.sh 001 plain' },
      { id: '002', files: ['src/b.ts'], run: 'sh scripts/race.sh 002 wait-landing' },
      { id: '003', files: ['src/new.ts'], blockedBy: ['001'], run: 'sh scripts/race.sh 003 wait-second' },
    ],
    { files: { 'scripts/race.sh': RACE } },
  );
  const result = runCli(dir, ['apply', '--schedule', 'dynamic'], { ...SILENT, MARK: mark });
  assert.is(result.code, 3, result.stderr + result.stdout);
  assert.equal(landedIds(dir), ['001', '003']);
  assert.equal(readdirSync(mark).sort(), ['001.1', '002.1', '002.2', '003.1']);
  const note = readFileSync(join(dir, '.agent/queue/002-blocked-item-002.md'), 'utf8');
  assert.match(note, 'conflicts with what landed on main in src/c.ts (written by 003) (after 2 runs');
  assert.match(note, '`waveplan requeue 002`');
  assert.is(git(dir, 'show', 'waveplan/002:src/c.ts'), '002\n', 'its last attempt is kept on its branch');
  assert.is(summaryOf(dir).items.find((i) => i.id === '002')?.reason, 'not landed: conflicts on main in src/c.ts');
});

conflict('a failing gate lands nothing and blocks the item with its output', async () => {
  const dir = await landRepo(
    [
      { id: '001', files: ['src/bad.ts'], run: 'sh scripts/edit.sh src/bad.ts oops leave' },
      { id: '002', files: ['src/b.ts'] },
    ],
    { config: `${LAND_CONFIG}  gate: "if [ -e src/bad.ts ]; then echo gate says no; exit 1; fi"\n` },
  );
  const before = git(dir, 'rev-parse', 'main');
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 3, result.stderr + result.stdout);
  assert.equal(landedIds(dir), ['002']);
  assert.is(git(dir, 'rev-parse', 'main^1'), before);
  const note = readFileSync(join(dir, '.agent/queue/001-blocked-item-001.md'), 'utf8');
  assert.match(note, 'the gate `if [ -e src/bad.ts ]; then echo gate says no; exit 1; fi` failed on the merged tree');
  assert.match(note, 'gate says no');
});

conflict.run();
