import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildImportGraph } from '../../src/analyze/import-graph.js';
import { readImportGraph, workTreeSourceHost } from '../../src/analyze/read-import-graph.js';
import { BACKGROUND_MIN_FILES, readInBackground } from '../../src/io/read-in-background.js';
import { tempDir } from '../helpers/git-repo.js';

const background = suite('readInBackground: work-tree files read on a worker thread');

background('the texts readFileSync gives, for every kind of file; unreadable ones left out', async () => {
  const root = tempDir();
  mkdirSync(join(root, 'src/deep'), { recursive: true });
  mkdirSync(join(root, 'src/a-folder.ts'));
  const texts: Record<string, string> = {
    'src/empty.ts': '',
    'src/bom.ts': '\ufeffexport const x = 1;\n',
    'src/unicode.tsx': "export const s = 'caf\u00e9 \u2192 \u{1f600}';\n",
    // Past the worker's first 4 MB buffer: it grows and keeps what it read.
    'src/big.ts': `export const big = '${'x'.repeat(5 << 20)}';\n`,
  };
  for (let i = 0; i < 600; i++) texts[`src/deep/m${i}.ts`] = `import './m${i + 1}';\nexport const v${i} = ${i};\n`;
  for (const [path, text] of Object.entries(texts)) writeFileSync(join(root, path), text);
  const paths = ['src/missing.ts', ...Object.keys(texts).slice(0, 300), 'src/a-folder.ts', ...Object.keys(texts).slice(300)];
  const read = await readInBackground(root, paths, undefined, 8 << 20);
  assert.ok(read, 'the worker ran');
  for (const path of Object.keys(texts)) assert.is(read(path), readFileSync(join(root, path), 'utf8'), path);
  for (const path of ['src/missing.ts', 'src/a-folder.ts', 'src/not-asked.ts']) assert.is(read(path), undefined, path);
  // By default a large file is left to the caller; the files after it are read, and right.
  const small = await readInBackground(root, paths);
  assert.ok(small);
  assert.is(small('src/big.ts'), undefined, 'larger than 16 KB');
  for (const path of Object.keys(texts).filter((p) => p !== 'src/big.ts')) assert.is(small(path), texts[path], path);
  // Past the byte limit, files are left for the caller to read: the ones read are still right.
  const limited = await readInBackground(root, paths, 1 << 20, 8 << 20);
  assert.ok(limited);
  const got = paths.filter((path) => limited(path) !== undefined);
  assert.ok(got.length > 0 && got.length < Object.keys(texts).length, `${got.length} read before the limit`);
  for (const path of got) assert.is(limited(path), texts[path], path);
  assert.is(limited('src/deep/m599.ts'), undefined, 'the last file lay past the limit');
});

background('released: the buffer goes back to the worker, texts are then read from disk by the caller, and the process is not kept alive', async () => {
  const root = tempDir();
  writeFileSync(join(root, 'a.ts'), "import './b';\n");
  const read = await readInBackground(root, ['a.ts']);
  assert.ok(read);
  assert.is(read('a.ts'), "import './b';\n");
  read.release();
  assert.is(read('a.ts'), undefined, 'no buffer any more');
  read.release();
  assert.is(read('a.ts'), undefined, 'a second release changes nothing');
  // An unreleased reader does not hold the process open either (the suite ending shows both).
  assert.ok(await readInBackground(root, ['a.ts']));
});

background('nothing to read, or a root that does not exist: nothing read', async () => {
  assert.is((await readInBackground(tempDir(), []))?.('a.ts'), undefined);
  assert.is((await readInBackground(join(tempDir(), 'gone'), ['a.ts']))?.('a.ts'), undefined);
});

background('a cold graph of a repo past the threshold (read in the background) is the graph read file by file', async () => {
  const root = tempDir();
  const files: string[] = ['tsconfig.json'];
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', baseUrl: '.', paths: { '@lib/*': ['src/lib/*'] } } }));
  mkdirSync(join(root, 'src/lib'), { recursive: true });
  for (let i = 0; i < BACKGROUND_MIN_FILES + 100; i++) {
    const file = i % 3 === 0 ? `src/lib/l${i}.ts` : `src/m${i}.ts`;
    const imports = [
      `import '@lib/l${((i * 7) % 300) * 3}.js';`,
      `export * from './m${i + 1}.js';`,
      `export const load = () => import('../src/m${(i * 13) % 500}.js');`,
    ];
    writeFileSync(join(root, file), `${imports.join('\n')}\nexport const v${i} = ${i};\n`);
    files.push(file);
  }
  files.sort();
  const fileByFile = buildImportGraph(workTreeSourceHost(root, files)).graph;
  const read = await readImportGraph({ root, files, cacheDir: false });
  assert.is(read.mode, 'cold');
  assert.ok(
    [...fileByFile.values()].some((tos) => tos.size > 1),
    'the fixture has edges',
  );
  assert.equal(read.graph, fileByFile);
});

background.run();
