import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tempPathFor, writeFileAtomic, writeFileAtomicSync, type AtomicWriteOptions, type FileContent } from '../../src/io/atomic-write.js';
import { sweepTempFiles } from '../../src/run/sweep-temp.js';
import { tempDir } from '../helpers/git-repo.js';

const write = suite('writeFileAtomic: the old file or all of the new one, no temp file left');

const variants: [string, (path: string, content: FileContent, options?: AtomicWriteOptions) => void | Promise<void>][] = [
  ['sync', writeFileAtomicSync],
  ['async', writeFileAtomic],
];

for (const [name, writeAtomic] of variants) {
  write(`${name}: text, bytes and parts; replaces a file; only the target is left in the folder`, async () => {
    const dir = tempDir();
    const file = join(dir, 'out.txt');
    await writeAtomic(file, 'héllo\n');
    assert.is(readFileSync(file, 'utf8'), 'héllo\n');
    await writeAtomic(file, new Uint8Array([1, 2, 3]));
    assert.equal([...readFileSync(file)], [1, 2, 3]);
    const big = Buffer.alloc(3 << 20, 7);
    await writeAtomic(file, [Buffer.from('a'), big, new Uint8Array(0), Buffer.from('z')], { fsync: false });
    const back = readFileSync(file);
    assert.is(back.length, big.length + 2);
    assert.is(back[0], 'a'.charCodeAt(0));
    assert.is(back[back.length - 1], 'z'.charCodeAt(0));
    assert.equal(readdirSync(dir), ['out.txt']);
  });

  write(`${name}: mode is exact, not reduced by the umask`, async () => {
    const dir = tempDir();
    const old = process.umask(0o077);
    try {
      await writeAtomic(join(dir, 'hook'), '#!/bin/sh\n', { mode: 0o755 });
      await writeAtomic(join(dir, 'secret'), 'x', { mode: 0o600 });
    } finally {
      process.umask(old);
    }
    assert.is(statSync(join(dir, 'hook')).mode & 0o777, 0o755);
    assert.is(statSync(join(dir, 'secret')).mode & 0o777, 0o600);
  });

  write(`${name}: a failed rename throws, leaves the target as it was and no temp file`, async () => {
    const dir = tempDir();
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    let thrown: unknown;
    try {
      await writeAtomic(target, 'new');
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof Error, 'a folder in the way is an error');
    assert.equal(readdirSync(dir), ['taken']);
    assert.is(readFileSync(join(target, 'inside'), 'utf8'), 'kept');
  });

  write(`${name}: a missing folder is an error unless mkdir is asked for`, async () => {
    const dir = tempDir();
    const file = join(dir, 'a', 'b', 'out.json');
    let thrown: unknown;
    try {
      await writeAtomic(file, '{}');
    } catch (error) {
      thrown = error;
    }
    assert.is((thrown as NodeJS.ErrnoException | undefined)?.code, 'ENOENT');
    assert.equal(readdirSync(dir), []);
    await writeAtomic(file, '{}', { mkdir: true });
    assert.is(readFileSync(file, 'utf8'), '{}');
    assert.equal(readdirSync(join(dir, 'a', 'b')), ['out.json']);
  });
}

write('a temp file left by a killed writer is one sweepTempFiles removes; a live writer’s is kept', () => {
  const root = tempDir();
  mkdirSync(join(root, '.agent'));
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const live = tempPathFor(join(root, '.agent', 'plan.yaml'));
  const orphan = live.replace(`.${process.pid}.`, `.${dead}.`);
  assert.is.not(orphan, live);
  writeFileSync(live, 'half');
  writeFileSync(orphan, 'half');
  assert.equal(sweepTempFiles(root, '.agent/plan.yaml'), [orphan.slice(root.length + 1)]);
  assert.equal(readdirSync(join(root, '.agent')), [live.slice(join(root, '.agent').length + 1)]);
});

write('two temp paths for one file differ (two writers in one process never share one)', () => {
  const seen = new Set(Array.from({ length: 50 }, () => tempPathFor('/x/plan.yaml')));
  assert.ok(seen.size > 45);
});

write.run();
