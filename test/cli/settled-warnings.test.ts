import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waveplan } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git-repo.js';

const settled = suite('warnings on completed items');

/** Two items without a "# Title" line (warning ITEM_TITLE): one done long ago, one still to run. */
const QUEUE = {
  'parallel.config.yaml': 'autonomy:\n  max_parallel: 2\n',
  'src/a.ts': 'export const a = 1;\n',
  'src/b.ts': 'export const b = 1;\n',
  '.agent/queue/001-completed-old-work.md': '---\nfiles: src/a.ts\n---\nDone long ago.\n',
  '.agent/queue/002-pending-new-work.md': '---\nfiles: src/b.ts\n---\nStill to do.\n',
};

settled("plan lists the pending item's warning and counts the completed one's in one line", async () => {
  const dir = gitRepo(undefined, QUEUE);
  const result = await waveplan(dir, ['plan']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stderr, /002-pending-new-work\.md:\d+:1 warning ITEM_TITLE/);
  assert.not.match(result.stderr, /001-completed-old-work\.md/);
  assert.match(result.stderr, /1 warning on completed items not listed \(waveplan validate lists them\)/);
});

settled('explain and report fold them too', async () => {
  const dir = gitRepo(undefined, QUEUE);
  for (const args of [
    ['explain', '002'],
    ['report', '--format', 'json'],
  ]) {
    const result = await waveplan(dir, args);
    assert.is(result.code, 0, result.stderr);
    assert.not.match(result.stderr, /001-completed-old-work\.md/, args.join(' '));
    assert.match(result.stderr, /1 warning on completed items not listed/, args.join(' '));
  }
});

settled('explain lists the warnings of the completed item it is asked about', async () => {
  const dir = gitRepo(undefined, QUEUE);
  const result = await waveplan(dir, ['explain', '001']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stderr, /001-completed-old-work\.md:\d+:1 warning ITEM_TITLE/);
});

settled('validate still lists every warning', async () => {
  const dir = gitRepo(undefined, QUEUE);
  const result = await waveplan(dir, ['validate']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stderr, /001-completed-old-work\.md:\d+:1 warning ITEM_TITLE/);
  assert.match(result.stderr, /002-pending-new-work\.md:\d+:1 warning ITEM_TITLE/);
  assert.not.match(result.stderr, /not listed/);
});

settled.run();
