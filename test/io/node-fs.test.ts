import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fileHolds, workTreeReader } from '../../src/io/node-fs.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { readPlanFile, readPlanFileAfterCompile } from '../../src/plan/parse-plan.js';
import { tempDir } from '../helpers/git-repo.js';

const holds = suite('fileHolds: a file compared with bytes without reading it whole');

// Past the 1 MB chunk, so the comparison crosses chunks; every byte position mod 251 differs.
const big = Buffer.from(Array.from({ length: (1 << 20) * 2 + 17 }, (_, i) => i % 251));

holds('equal bytes across chunks; a difference anywhere, another size, a folder or no file: false', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'big'), big);
  assert.ok(fileHolds(join(dir, 'big'), big));
  for (const at of [0, (1 << 20) - 1, 1 << 20, big.length - 1]) {
    const other = Buffer.from(big);
    other[at] ^= 1;
    assert.not.ok(fileHolds(join(dir, 'big'), other), `a byte at ${at}`);
  }
  assert.not.ok(fileHolds(join(dir, 'big'), big.subarray(0, big.length - 1)), 'shorter');
  assert.ok(fileHolds(join(dir, 'big'), new Uint8Array(big)), 'a plain Uint8Array');
  writeFileSync(join(dir, 'empty'), '');
  assert.ok(fileHolds(join(dir, 'empty'), new Uint8Array(0)));
  mkdirSync(join(dir, 'folder'));
  assert.not.ok(fileHolds(join(dir, 'folder'), new Uint8Array(0)));
  assert.not.ok(fileHolds(join(dir, 'missing'), new Uint8Array(0)));
});

holds('readPlanFileAfterCompile given the fresh bytes: the file that holds them is not read (its bytes are the fresh ones); another is', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, '.agent'));
  writeFileSync(join(dir, '.agent/plan.yaml'), 'version: 1\n');
  const fresh = Buffer.from('version: 1\n');
  const same = await readPlanFileAfterCompile(workTreeReader(dir), defaultConfig(), fresh);
  assert.ok(same.exists);
  assert.is(same.bytes, fresh);
  const other = await readPlanFileAfterCompile(workTreeReader(dir), defaultConfig(), Buffer.from('version: 2\n'));
  assert.is(Buffer.from(other.bytes!).toString(), 'version: 1\n');
  assert.is(other.text, 'version: 1\n');
  // What the compile found about the file stands: it is not looked at again.
  assert.is(
    (await readPlanFileAfterCompile(workTreeReader(dir), defaultConfig(), Buffer.from('version: 2\n'), { holds: true })).bytes!.toString(),
    'version: 2\n',
  );
  assert.is(Buffer.from((await readPlanFileAfterCompile(workTreeReader(dir), defaultConfig(), fresh, { holds: false })).bytes!).toString(), 'version: 1\n');
  assert.is((await readPlanFileAfterCompile(workTreeReader(dir), defaultConfig(), fresh, { bytes: Buffer.from('as read\n') })).text, 'as read\n');
  // The library's readPlanFile takes no hints: it reads the file.
  assert.is((await readPlanFile(workTreeReader(dir), defaultConfig())).text, 'version: 1\n');
});

holds.run();
