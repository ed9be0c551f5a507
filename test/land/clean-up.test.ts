import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SILENT } from '../helpers/apply-repo.js';
import { runCli, waveplan } from '../helpers/cli.js';
import { git, tempDir } from '../helpers/git-repo.js';
import { branches, landedIds, landRepo } from '../helpers/land-repo.js';

const clean = suite('clean-up');

clean('a failed item keeps its worktree; requeue (several ids) resets it, and the re-run starts from the tip', async () => {
  const mark = tempDir();
  const dir = await landRepo([
    { id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts one leave && test -e "$MARK/ok"' },
    { id: '002', files: ['src/b.ts'], run: 'sh scripts/edit.sh src/b.ts two leave && test -e "$MARK/ok"' },
  ]);
  const failed = runCli(dir, ['apply'], { ...SILENT, MARK: mark });
  assert.is(failed.code, 3, failed.stderr + failed.stdout);
  assert.is(readFileSync(join(dir, '.agent/worktrees/001/src/a.ts'), 'utf8'), 'a\none\n', 'kept for inspection');
  const requeued = await waveplan(dir, ['requeue', '001', '002', '--reason', 'fixed']);
  assert.is(requeued.code, 0, requeued.stderr);
  assert.match(requeued.stdout, 'removed .agent/worktrees/001 and branch waveplan/001');
  assert.match(requeued.stdout, 'requeued 002');
  assert.not.ok(existsSync(join(dir, '.agent/worktrees/001')));
  assert.equal(branches(dir), []);
  writeFileSync(join(mark, 'ok'), '');
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'requeued');
  const again = runCli(dir, ['apply'], { ...SILENT, MARK: mark });
  assert.is(again.code, 0, again.stderr + again.stdout);
  assert.equal(landedIds(dir).sort(), ['001', '002']);
  assert.is(git(dir, 'show', 'main:src/a.ts'), 'a\none\n', 'not on top of its last attempt');
});

clean("waveplan clean keeps a failed item's worktree that holds uncommitted work (and its branch); --all removes it", async () => {
  // Was: the worktree "kept for inspection" and its branch (no commit, so "merged") were deleted, the agent's edits with them.
  const dir = await landRepo([{ id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts one leave && echo new > notes.txt && false' }]);
  assert.is(runCli(dir, ['apply'], SILENT).code, 3);
  const kept = await waveplan(dir, ['clean']);
  assert.is(kept.code, 0, kept.stderr);
  assert.match(kept.stdout, 'kept .agent/worktrees/001 and waveplan/001: uncommitted changes there (notes.txt, src/a.ts)');
  assert.is(readFileSync(join(dir, '.agent/worktrees/001/src/a.ts'), 'utf8'), 'a\none\n');
  assert.equal(branches(dir), ['waveplan/001']);
  const all = await waveplan(dir, ['clean', '--all']);
  assert.match(all.stdout, 'removed worktree .agent/worktrees/001 (uncommitted changes: notes.txt, src/a.ts)');
  assert.not.ok(existsSync(join(dir, '.agent/worktrees/001')));
  assert.equal(branches(dir), []);
});

clean('waveplan clean removes worktrees and merged branches; --all also the unmerged ones', async () => {
  const dir = await landRepo([{ id: '001', files: ['src/a.ts'] }], {
    config: 'autonomy:\n  level: L3\nanalysis:\n  import_graph: false\nrun:\n  isolation: worktree\n  land: keep\n',
  });
  assert.is(runCli(dir, ['apply'], SILENT).code, 0);
  assert.ok(existsSync(join(dir, '.agent/worktrees/001')));
  const dry = await waveplan(dir, ['clean', '--dry-run']);
  assert.match(dry.stdout, 'would remove worktree .agent/worktrees/001');
  assert.ok(existsSync(join(dir, '.agent/worktrees/001')));
  const first = await waveplan(dir, ['clean']);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, 'removed worktree .agent/worktrees/001');
  assert.match(first.stdout, 'kept waveplan/001: their work is not on main');
  assert.not.ok(existsSync(join(dir, '.agent/worktrees/001')));
  assert.equal(branches(dir), ['waveplan/001']);
  const all = await waveplan(dir, ['clean', '--all']);
  assert.match(all.stdout, 'removed branch waveplan/001 (its work is not on main)');
  assert.equal(branches(dir), []);
  assert.match((await waveplan(dir, ['clean'])).stdout, 'nothing to clean');
});

clean('a landed item whose worktree and branch a killed run left behind: the next apply removes them; an unlanded branch is kept', async () => {
  const dir = await landRepo([
    { id: '001', files: ['src/a.ts'] },
    { id: '002', files: ['src/b.ts'] },
  ]);
  assert.is(runCli(dir, ['apply'], SILENT).code, 0);
  // What a kill between the landing and the worktree's return to the pool leaves: 001 is landed.
  git(dir, 'worktree', 'add', '-q', '-b', 'waveplan/001', '.agent/worktrees/001', 'main');
  // 002's branch holds work that is not on main: never deleted by apply.
  git(dir, 'branch', 'waveplan/002', 'main');
  git(dir, 'worktree', 'add', '-q', '.agent/worktrees/002', 'waveplan/002');
  git(join(dir, '.agent/worktrees/002'), 'commit', '-q', '--allow-empty', '-m', 'unlanded work');
  writeFileSync(join(dir, '.agent/queue/003-pending-item-003.md'), '---\nfiles: [src/c.ts]\nrun: sh scripts/edit.sh src/c.ts 003 commit\n---\n# Item 003\n');
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A', '.agent');
  git(dir, 'commit', '-q', '-m', 'item 003');
  const next = runCli(dir, ['apply'], SILENT);
  assert.is(next.code, 0, next.stderr + next.stdout);
  assert.not.ok(existsSync(join(dir, '.agent/worktrees/001')), "the landed item's worktree");
  assert.equal(branches(dir), ['waveplan/002']);
  assert.ok(existsSync(join(dir, '.agent/worktrees/002')), "the unlanded branch's worktree is kept");
  assert.equal(landedIds(dir).sort(), ['001', '002', '003']);
});

clean.run();
