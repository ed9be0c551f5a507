import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gitPort } from '../../src/io/git.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { git, gitRepo, writeFiles } from '../helpers/git-repo.js';

const Q = '.agent/queue';
const fixture = () =>
  gitRepo(undefined, {
    [`${Q}/001-pending-a.md`]: '---\nfiles: [src/a.ts]\n---\n# A\n',
    [`${Q}/002-pending-b.md`]: '---\nfiles: [src/a.ts, src/new.ts]\n---\n# B\n',
    'src/a.ts': 'export const a = 1;\n',
    'src/unrelated.ts': 'export const u = 1;\n',
  });
const build = (dir: string) => buildPlan({ root: dir, tree: workTreeReader(dir), git: gitPort(dir) });

const blobs = suite('gitPort.blobIds');

blobs('staged blobs for unchanged files, hashes of the disk for modified and untracked ones, nothing for missing', async () => {
  const dir = fixture();
  const port = gitPort(dir);
  const staged = git(dir, 'rev-parse', ':src/a.ts').trim();
  assert.equal(await port.blobIds(['src/a.ts', 'src/new.ts']), new Map([['src/a.ts', staged]]));
  writeFileSync(join(dir, 'src/a.ts'), 'export const a = 2;\n');
  writeFiles(dir, { 'src/new.ts': 'x\n' });
  const ids = await port.blobIds(['src/a.ts', 'src/new.ts']);
  assert.is(ids.get('src/a.ts'), git(dir, 'hash-object', 'src/a.ts').trim());
  assert.is(ids.get('src/new.ts'), git(dir, 'hash-object', 'src/new.ts').trim());
});

blobs.run();

const fingerprint = suite('buildPlan fingerprint');

fingerprint('an unrelated change leaves it alone; a change to a written file or an item changes it', async () => {
  const dir = fixture();
  const first = (await build(dir)).plan!.fingerprint;
  writeFileSync(join(dir, 'src/unrelated.ts'), 'export const u = 2;\n');
  assert.is((await build(dir)).plan!.fingerprint, first);
  writeFileSync(join(dir, 'src/a.ts'), 'export const a = 2;\n');
  const second = (await build(dir)).plan!.fingerprint;
  assert.is.not(second, first);
  writeFiles(dir, { [`${Q}/001-pending-a.md`]: '---\nfiles: [src/a.ts]\nestimate: 2\n---\n# A\n' });
  assert.is.not((await build(dir)).plan!.fingerprint, second);
});

fingerprint('queue errors: no plan, the diagnostics', async () => {
  const dir = gitRepo(undefined, { [`${Q}/001-pending-a.md`]: '# A\n**BlockedBy**: 002\n' });
  const built = await build(dir);
  assert.is(built.plan, undefined);
  assert.is(built.diagnostics[0].code, 'QUEUE_UNKNOWN_ID');
});

fingerprint.run();

const branches = suite('buildPlan: an item whose branch has no changes');

branches('a warning at the branch line says why the footprint is unknown; gone once the branch has the work', async () => {
  const dir = gitRepo(undefined, {
    [`${Q}/001-pending-a.md`]: '---\nestimate: 1\nbranch: feature/a\n---\n# A\n',
    [`${Q}/002-pending-b.md`]: '---\nbranch: main\n---\n# B\n',
    [`${Q}/003-pending-c.md`]: '---\nfiles: [src/c.ts]\nbranch: feature/a\n---\n# C\n',
    'src/a.ts': 'export const a = 1;\n',
  });
  git(dir, 'branch', 'feature/a');
  const warned = (await build(dir)).diagnostics.filter((d) => d.code === 'ITEM_BRANCH_EMPTY');
  assert.equal(
    warned.map((d) => [d.file, d.line, d.col, d.severity]),
    [
      [`${Q}/001-pending-a.md`, 3, 9, 'warning'],
      [`${Q}/002-pending-b.md`, 2, 9, 'warning'],
    ],
    'not for 003, whose files: say what it writes',
  );
  assert.match(warned[1].message, /is the base \(config git.base\)/);
  git(dir, 'checkout', '-q', 'feature/a');
  writeFiles(dir, { 'src/a.ts': 'export const a = 2;\n' });
  git(dir, 'commit', '-q', '-am', 'work on a');
  git(dir, 'checkout', '-q', 'main');
  const after = (await build(dir)).diagnostics.filter((d) => d.code === 'ITEM_BRANCH_EMPTY');
  assert.equal(
    after.map((d) => d.file),
    [`${Q}/002-pending-b.md`],
  );
});

branches.run();

const globs = suite('buildPlan: a declared glob that matches no file');

globs('a warning at the entry (a typo such as src/clinet/** drops the whole entry); none for a file to create or a matching glob', async () => {
  const dir = gitRepo(undefined, {
    [`${Q}/001-pending-a.md`]: '---\nfiles: ["src/clinet/**", src/new.ts]\n---\n# A\n',
    [`${Q}/002-pending-b.md`]: '---\nfiles:\n  - src/*.ts\n  - docs/*.md\n---\n# B\n',
    [`${Q}/003-pending-c.md`]: '---\nfiles: [src/client/]\n---\n# C\n',
    'src/client/a.ts': 'export const a = 1;\n',
    'src/b.ts': 'export const b = 1;\n',
  });
  const warned = (await build(dir)).diagnostics.filter((d) => d.code === 'ITEM_GLOB_EMPTY');
  assert.equal(
    warned.map((d) => [d.file, d.line, d.col, d.severity, d.found]),
    [
      [`${Q}/001-pending-a.md`, 2, 10, 'warning', 'src/clinet/**'],
      [`${Q}/002-pending-b.md`, 4, 5, 'warning', 'docs/*.md'],
    ],
  );
  assert.match(warned[0].message, /matches no file/);
});

globs.run();
