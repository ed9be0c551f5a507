import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readInference } from '../../src/analyze/infer/read-inference.js';
import { gitPort } from '../../src/io/git.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';
import { git, gitRepo } from '../helpers/git-repo.js';

const cache = suite('the inference cache (.agent/cache/inference.json)');

async function inferAt(root: string, historyAt?: string) {
  const queue = await loadQueue(workTreeReader(root));
  const { files, versions } = await gitPort(root).snapshot();
  const result = await readInference({ root, items: queue.items, config: queue.config, repoFiles: files, versions, ...(historyAt ? { historyAt } : {}) });
  return Object.fromEntries([...result].map(([id, r]) => [id, { weak: r.isWeak, paths: r.entries.map((e) => e.path) }]));
}

cache(
  'a warm run of the same queue on the same tree reads it instead of the symbol index and the history; any change of words, files or history is a miss',
  async () => {
    const root = gitRepo(undefined, {
      'src/http/etag.ts': 'export function generateDigest() {}\n',
      'src/http/etag.test.ts': 'test\n',
      'src/db/pool.ts': 'export function openPool() {}\n',
      '.agent/queue/001-pending-etag.md': '# Weak comparison in `generateDigest`\n',
      '.agent/queue/002-pending-vague.md': '# Improve things\n',
    });
    const cold = await inferAt(root);
    assert.equal(cold['001'], { weak: false, paths: ['src/http/etag.test.ts', 'src/http/etag.ts'] });
    const file = join(root, '.agent/cache/inference.json');
    assert.ok(existsSync(file));
    // Warm: the cache answers alone, so the symbol index and the history are not rebuilt.
    rmSync(join(root, '.agent/cache/symbols.json'), { force: true });
    rmSync(join(root, '.agent/cache/history.json'), { force: true });
    assert.equal(await inferAt(root), cold);
    assert.not.ok(existsSync(join(root, '.agent/cache/symbols.json')), 'a warm run read only inference.json');
    // An item's words changed: inferred again, from the tree as it is.
    writeFileSync(join(root, '.agent/queue/002-pending-vague.md'), '# Pool connections in `openPool`\n');
    assert.equal((await inferAt(root))['002'], { weak: false, paths: ['src/db/pool.ts'] });
    // A file's symbols moved (its blob id changed): a miss, never a stale answer.
    writeFileSync(join(root, 'src/http/etag.ts'), 'export const nothing = 1;\n');
    writeFileSync(join(root, 'src/db/pool.ts'), 'export function openPool() {}\nexport function generateDigest() {}\n');
    assert.ok((await inferAt(root))['001'].paths.includes('src/db/pool.ts'));
    // Corrupt: ignored and rewritten.
    writeFileSync(file, '{ not json');
    assert.ok((await inferAt(root))['001'].paths.includes('src/db/pool.ts'));
  },
);

cache("two histories (HEAD's for infer and explain, the committed plan's base for plan --check and apply) are both kept warm", async () => {
  const root = gitRepo(undefined, {
    'src/http/etag.ts': 'export function generateDigest() {}\n',
    '.agent/queue/001-pending-etag.md': '# Weak comparison in `generateDigest`\n',
  });
  writeFileSync(join(root, 'README.md'), 'etag\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'readme');
  const [head, base] = ['HEAD', 'HEAD~1'].map((rev) => git(root, 'rev-parse', rev).trim());
  const atHead = await inferAt(root, head);
  const atBase = await inferAt(root, base);
  const derived = ['symbols.json', 'history.json'].map((name) => join(root, '.agent/cache', name));
  for (let round = 0; round < 2; round++) {
    for (const file of derived) rmSync(file, { force: true });
    assert.equal(await inferAt(root, head), atHead);
    assert.equal(await inferAt(root, base), atBase);
    assert.not.ok(
      derived.some((file) => existsSync(file)),
      'both answered from inference.json',
    );
  }
});

cache.run();
