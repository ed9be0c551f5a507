import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunEvent } from '../../src/run/event-log.js';
import { replayLedger, unaccountedChanges } from '../../src/run/item-ledger.js';
import { killedRunLedger } from '../../src/run/trusted-queue.js';
import { moveItemFile } from '../../src/tracking/file/file-queue.js';
import { tempDir, writeFiles } from '../helpers/git-repo.js';

const trusted = suite('trusted queue: moves a crash left undone');
const R = '20261207T160003-df49';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const event = (seq: number, e: Partial<RunEvent>): RunEvent => ({ v: 1, seq, time: '2026-12-07T16:00:03.000Z', run: R, ...e }) as RunEvent;

trusted("a move logged but rolled back by the crash recovery is not someone else's edit when it is made again", async () => {
  // docs/reliability.md: a run logs item_moving (the new content's sha) before the file moves. Killed
  // between the two, the next apply's recovery undoes the half move, so the file still holds the
  // content the run started from; finishing that run's landing then moves it again. The crash loop
  // saw that second move flagged as an edit nobody reviewed, and the whole queue refused.
  const root = tempDir();
  const from = '.agent/queue/006-in_progress-six.md';
  const to = '.agent/queue/006-completed-six.md';
  const text = '# Six\n\n**Status**: in_progress\n';
  writeFiles(root, { [from]: text });
  mkdirSync(join(root, '.agent/runs', R), { recursive: true });
  const events = [
    event(1, { type: 'run_inputs', item_files: { '006': [from, sha(text)] } }),
    event(2, { type: 'item_moving', item: '006', file: from, to, sha256: sha('# Six\n\n**Status**: completed\n') }),
  ];
  const killed = { run: R, unfinished: [], events };
  const { watch } = killedRunLedger(root, killed)!;
  const moved = await moveItemFile(root, { file: from, to: 'completed', watch });
  assert.equal(moved, { file: to });
  assert.is(killed.events.at(-1)!.unreviewed, undefined, "the move again is the run's own");
  const ledger = replayLedger(killed.events)!;
  assert.equal(unaccountedChanges(ledger, new Map([['006', { file: to, sha256: sha('# Six\n\n**Status**: completed\n') }]]), R), []);
});

trusted('an item edited by hand before the move is still flagged', async () => {
  const root = tempDir();
  const from = '.agent/queue/006-in_progress-six.md';
  writeFiles(root, { [from]: '# Six (edited)\n\n**Status**: in_progress\n' });
  mkdirSync(join(root, '.agent/runs', R), { recursive: true });
  const events = [event(1, { type: 'run_inputs', item_files: { '006': [from, sha('# Six\n\n**Status**: in_progress\n')] } })];
  const killed = { run: R, unfinished: [], events };
  const { watch } = killedRunLedger(root, killed)!;
  await moveItemFile(root, { file: from, to: 'completed', watch });
  assert.is(killed.events.at(-1)!.unreviewed, true);
});

trusted.run();
