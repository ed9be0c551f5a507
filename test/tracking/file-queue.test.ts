import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';
import { fileQueue, moveSteps, recoverMoves } from '../../src/tracking/file/file-queue.js';
import type { Item } from '../../src/types.js';
import { tempDir, writeFiles } from '../helpers/git-repo.js';
import { makeItem } from '../helpers/items.js';

const Q = '.agent/queue';
const ITEM = '# Add login\n**Status**: pending\n\n## Description\nx\n';

function queue(files: Record<string, string> = { '001-pending-login.md': ITEM }): string {
  const dir = tempDir();
  writeFiles(dir, Object.fromEntries(Object.entries(files).map(([n, t]) => [`${Q}/${n}`, t])));
  return dir;
}

function names(dir: string): string[] {
  return readdirSync(join(dir, Q)).sort();
}

async function item(dir: string, id: string): Promise<Item> {
  const loaded = await loadQueue(workTreeReader(dir));
  const found = loaded.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

const moves = suite('fileQueue');

moves('claim → complete renames and keeps the status line in step', async () => {
  const dir = queue();
  const tracker = fileQueue(dir);
  const claimed = await tracker.claim(await item(dir, '001'));
  assert.ok(claimed);
  assert.is(claimed!.file, `${Q}/001-in_progress-login.md`);
  assert.equal(names(dir), ['001-in_progress-login.md']);
  assert.match(readFileSync(join(dir, claimed!.file), 'utf8'), '**Status**: in_progress');
  const done = await tracker.complete(claimed!);
  assert.equal(names(dir), ['001-completed-login.md']);
  assert.is(readFileSync(join(dir, done.file), 'utf8'), ITEM.replace('pending', 'completed'));
});

moves('a claim fails when the file is gone or the target exists; nothing is overwritten', async () => {
  const dir = queue({ '001-pending-login.md': ITEM, '001-in_progress-login.md': 'someone else\n' });
  const tracker = fileQueue(dir);
  const stale = makeItem('001', { slug: 'login', file: `${Q}/001-pending-login.md` });
  assert.is(await tracker.claim(stale), undefined);
  assert.is(readFileSync(join(dir, Q, '001-in_progress-login.md'), 'utf8'), 'someone else\n');
  assert.equal(names(dir), ['001-in_progress-login.md', '001-pending-login.md']);
  const gone = queue();
  const seen = await item(gone, '001');
  await fileQueue(gone).claim(seen);
  assert.is(await fileQueue(gone).claim(seen), undefined);
});

moves('concurrent claims of one item: exactly one wins', async () => {
  const dir = queue();
  const seen = await item(dir, '001');
  const results = await Promise.all(Array.from({ length: 12 }, () => fileQueue(dir).claim(seen)));
  assert.is(results.filter(Boolean).length, 1);
  assert.equal(names(dir), ['001-in_progress-login.md']);
});

moves('block appends the note under ## Notes; requeue notes why', async () => {
  const dir = queue();
  const tracker = fileQueue(dir);
  const claimed = (await tracker.claim(await item(dir, '001')))!;
  const blocked = await tracker.block(claimed, '- failed: exit 2');
  const requeued = await tracker.requeue(blocked, '- requeued: flaky');
  assert.equal(names(dir), ['001-pending-login.md']);
  const text = readFileSync(join(dir, requeued.file), 'utf8');
  assert.is(text, '# Add login\n**Status**: pending\n\n## Description\nx\n\n## Notes\n\n- failed: exit 2\n\n- requeued: flaky\n');
});

moves('a move from the wrong status is refused', async () => {
  const dir = queue();
  try {
    await fileQueue(dir).complete(await item(dir, '001'));
    assert.unreachable('should refuse');
  } catch (error) {
    assert.match((error as Error).message, /item 001 is pending .* not in_progress/);
  }
});

moves.run();

const crash = suite('recoverMoves (a crash after each step)');

const expected = [
  // after step k: what survives recovery
  { k: 1, file: '001-pending-login.md', action: 'back' },
  { k: 2, file: '001-blocked-login.md', action: 'forward' },
  { k: 3, file: '001-blocked-login.md', action: 'forward' },
] as const;

for (const { k, file, action } of expected) {
  crash(`crash after step ${k}: recovery leaves exactly ${file}, readable`, async () => {
    const dir = queue({ '001-in_progress-login.md': ITEM.replace('pending', 'in_progress'), '002-pending-other.md': '# Other\n' });
    const steps = await moveSteps(dir, { file: `${Q}/001-in_progress-login.md`, to: 'blocked', note: '- failed' });
    for (const step of steps.slice(0, k)) assert.ok(await step());
    assert.ok(
      names(dir).some((n) => n.startsWith('.waveplan-move~')),
      'marker left behind',
    );
    const recovered = await recoverMoves(dir, Q);
    assert.equal(recovered, [{ id: '001', from: 'in_progress', to: 'blocked', action }]);
    assert.equal(names(dir), [file === '001-pending-login.md' ? '001-in_progress-login.md' : file, '002-pending-other.md']);
    const loaded = await loadQueue(workTreeReader(dir));
    assert.equal(
      loaded.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    if (action === 'forward') assert.match(readFileSync(join(dir, Q, file), 'utf8'), /\*\*Status\*\*: blocked[\s\S]*## Notes\n\n- failed\n$/);
    assert.equal(await recoverMoves(dir, Q), [], 'recovery is idempotent');
  });
}

crash('a marker whose target belongs to someone else is rolled back, not forward', async () => {
  const dir = queue({ '001-pending-login.md': ITEM, '001-in_progress-login.md': 'theirs\n' });
  writeFiles(dir, { [`${Q}/.waveplan-move~001-pending-login.md~001-in_progress-login.md~1-x`]: 'ours\n' });
  assert.equal(await recoverMoves(dir, Q), [{ id: '001', from: 'pending', to: 'in_progress', action: 'back' }]);
  assert.equal(names(dir), ['001-in_progress-login.md', '001-pending-login.md']);
});

crash.run();
