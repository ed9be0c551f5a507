import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openParseMemo } from '../../src/io/parse-memo.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';
import { parseItemFilename } from '../../src/queue/item-filename.js';
import { copyFixture, FIXTURES, tempDir, writeFiles } from '../helpers/git-repo.js';

const memo = suite('parse memo (.agent/cache/parsed.json)');

/** A parse that counts its calls: what the memo must not call again for text it has seen. */
function counted<T>(parse: (text: string) => T) {
  const calls: string[] = [];
  return { calls, parse: (text: string) => (calls.push(text), parse(text)) };
}

memo('a text parsed in one run is not parsed again in the next; another text, kind or file is', () => {
  const dir = tempDir();
  const words = counted((text: string) => ({ words: text.split(' ') }));
  const first = openParseMemo(dir);
  assert.equal(first.through('item', 'a.md', 'one two', words.parse), { words: ['one', 'two'] });
  first.save();
  const second = openParseMemo(dir);
  assert.equal(second.through('item', 'a.md', 'one two', words.parse), { words: ['one', 'two'] });
  assert.equal(words.calls, ['one two'], 'the second run read the result back');
  second.through('item', 'a.md', 'one three', words.parse);
  second.through('item', 'b.md', 'one two', words.parse);
  second.through('config', 'a.md', 'one two', words.parse);
  assert.is(words.calls.length, 4);
});

memo('each run hands out its own copy: changing a result does not change what the memo holds', () => {
  const dir = tempDir();
  const first = openParseMemo(dir);
  first.through('item', 'a.md', 'x', () => ({ list: [1] }));
  first.save();
  const run = openParseMemo(dir);
  const one = run.through('item', 'a.md', 'x', () => ({ list: [0] }));
  one.list.push(2);
  assert.equal(
    run.through('item', 'a.md', 'x', () => ({ list: [0] })),
    { list: [1] },
  );
});

memo('the file keeps exactly the entries the last run used, and is not written when nothing changed', () => {
  const dir = tempDir();
  const first = openParseMemo(dir);
  for (const name of ['a.md', 'b.md']) first.through('item', name, name, (t) => t);
  first.save();
  const file = join(dir, 'parsed.json');
  const same = openParseMemo(dir);
  for (const name of ['a.md', 'b.md']) same.through('item', name, name, (t) => t);
  writeFileSync(file, 'sentinel'); // a save that wrote would replace it
  same.save();
  assert.is(readFileSync(file, 'utf8'), 'sentinel', 'nothing new, nothing dropped: not written');
  const fewer = openParseMemo(dir);
  fewer.through('item', 'a.md', 'a.md', (t) => t);
  fewer.save();
  const calls: string[] = [];
  const after = openParseMemo(dir);
  after.through('item', 'b.md', 'b.md', (t) => (calls.push(t), t));
  assert.equal(calls, ['b.md'], 'an entry no run asked for is dropped');
});

memo('a result JSON cannot give back whole (Infinity, undefined members) is never remembered', () => {
  const dir = tempDir();
  const first = openParseMemo(dir);
  first.through('item', 'a.md', 'x', () => ({ estimate: Infinity }));
  first.through('item', 'b.md', 'x', () => ({ branch: undefined }));
  first.save();
  const calls: string[] = [];
  const second = openParseMemo(dir);
  assert.equal(
    second.through('item', 'a.md', 'x', () => (calls.push('a'), { estimate: Infinity })),
    { estimate: Infinity },
  );
  second.through('item', 'b.md', 'x', () => (calls.push('b'), { branch: undefined }));
  assert.equal(calls, ['a', 'b']);
});

memo('a damaged, edited, foreign or missing memo file is ignored: everything is parsed', () => {
  for (const spoil of [(t: string) => t.slice(0, t.length - 3), (t: string) => t.replace('"one"', '"uno"'), () => '{"format":"other"}', () => '']) {
    const dir = tempDir();
    const first = openParseMemo(dir);
    first.through('item', 'a.md', 'one', (t) => [t]);
    first.save();
    const file = join(dir, 'parsed.json');
    writeFileSync(file, spoil(readFileSync(file, 'utf8')));
    const calls: string[] = [];
    assert.equal(
      openParseMemo(dir).through('item', 'a.md', 'one', (t) => (calls.push(t), [t])),
      ['one'],
    );
    assert.equal(calls, ['one']);
  }
});

memo('no cache folder (false): nothing is remembered or written', () => {
  const off = openParseMemo(false);
  const calls: string[] = [];
  off.through('item', 'a.md', 'x', (t) => (calls.push(t), t));
  off.through('item', 'a.md', 'x', (t) => (calls.push(t), t));
  off.save();
  assert.is(calls.length, 2);
});

const queue = suite('loadQueue with the parse memo');

function entries(cacheDir: string): number {
  const text = readFileSync(join(cacheDir, 'parsed.json'), 'utf8');
  return Object.keys(JSON.parse(text.slice(text.indexOf('\n') + 1)) as object).length;
}

// Every queue fixture: its items and diagnostics (errors and warnings) come back the same from the memo.
const QUEUES = ['demo', ...readdirSync(join(FIXTURES, 'validate')).map((f) => `validate/${f}`)];
for (const fixture of QUEUES) {
  queue(`${fixture}: a run that reads items from the memo loads what a plain parse loads`, async () => {
    const root = copyFixture(fixture);
    const tree = workTreeReader(root);
    const plain = await loadQueue(tree, { root });
    const cacheDir = join(root, '.agent/cache');
    const first = openParseMemo(cacheDir);
    assert.equal(await loadQueue(tree, { root, memo: first }), plain, 'first run');
    first.save();
    // One entry per item file and one for the config: the second run below takes them all from the memo.
    const itemFiles = readdirSync(join(root, plain.config.queue.dir)).filter((name) => parseItemFilename(name).kind === 'item').length;
    assert.is(entries(cacheDir), itemFiles + (existsSync(join(root, 'parallel.config.yaml')) ? 1 : 0));
    const second = await loadQueue(tree, { root, memo: openParseMemo(cacheDir) });
    assert.equal(second, plain, 'from the memo');
  });
}

queue('an item edited between runs is read as it is now', async () => {
  const root = copyFixture('demo');
  const tree = workTreeReader(root);
  const cacheDir = join(root, '.agent/cache');
  const first = openParseMemo(cacheDir);
  await loadQueue(tree, { root, memo: first });
  first.save();
  const file = '.agent/queue/002-pending-money-bankers-rounding.md';
  writeFiles(root, { [file]: readFileSync(join(root, file), 'utf8').replace(/^# .*$/m, '# Round half to even') });
  const after = await loadQueue(tree, { root, memo: openParseMemo(cacheDir) });
  assert.is(after.items.find((i) => i.file === file)?.title, 'Round half to even');
  assert.equal(after, await loadQueue(tree, { root }));
});

memo.run();
queue.run();
