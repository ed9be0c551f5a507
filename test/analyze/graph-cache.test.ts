import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import { isComponentSource } from '../../src/analyze/component-scripts.js';
import * as assert from 'uvu/assert';
import { loadFastScanner } from '../../src/analyze/fast-scan.js';
import { buildImportGraph, checkedScan } from '../../src/analyze/import-graph.js';
import { cachedGraph, createGraphCache, graphDigest, type CachedFile } from '../../src/analyze/graph-cache.js';
import { parseGraphCache, serializeGraphCache } from '../../src/analyze/graph-cache-format.js';
import { readImportGraph, workTreeSourceHost } from '../../src/analyze/read-import-graph.js';
import { JOURNAL_LIMIT, serializeJournal } from '../../src/analyze/graph-cache-journal.js';
import { gitPort } from '../../src/io/git.js';
import type { ImportGraph } from '../../src/types.js';
import { FIXTURES, git, gitRepo, writeFiles } from '../helpers/git-repo.js';

const GRAPH_FIXTURES = readdirSync(join(FIXTURES, 'analyze'))
  .filter((f) => f !== 'explain')
  .sort();

function plain(graph: ImportGraph): Record<string, string[]> {
  return Object.fromEntries([...graph].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort()]));
}

async function read(root: string) {
  return readImportGraph({ root, files: await gitPort(root).listFiles() });
}

const fast = suite('fast path (oxc-parser + cached resolutions) = TypeScript path');

// regex-before-import is the one place they must differ: preProcessFile misses an import there (tested below).
for (const fixture of GRAPH_FIXTURES) {
  if (fixture !== 'regex-before-import')
    fast(`${fixture}: oxc specifiers and TypeScript's give the same graph`, async () => {
      const root = gitRepo(`analyze/${fixture}`);
      const host = workTreeSourceHost(root, await gitPort(root).listFiles());
      const scan = await loadFastScanner();
      assert.ok(scan, 'oxc-parser loads on this Node');
      assert.equal(plain(buildImportGraph(host, { scan }).graph), plain(buildImportGraph(host).graph));
    });

  fast(`${fixture}: warm run after every source file changed = cold run, without TypeScript`, async () => {
    const root = gitRepo(`analyze/${fixture}`);
    const cold = await read(root);
    assert.is(cold.mode, 'cold');
    const sources = (await gitPort(root).listFiles()).filter((f) => /\.[cm]?[jt]sx?$/.test(f) || isComponentSource(f));
    for (const file of sources) appendFileSync(join(root, file), isComponentSource(file) ? '\n<!-- touched -->\n' : '\n// touched\n');
    const warm = await read(root);
    assert.is(warm.mode, 'warm');
    assert.is(warm.typescript, false);
    assert.is(warm.scanned, cold.scanned);
    assert.equal(plain(warm.graph), plain(cold.graph));
  });
}

fast('regex-before-import: preProcessFile misses the import after /`/; the graph still has it, cold and warm', async () => {
  const root = gitRepo('analyze/regex-before-import');
  const host = workTreeSourceHost(root, await gitPort(root).listFiles());
  assert.equal([...(buildImportGraph(host).graph.get('src/lib/paths.ts') ?? [])], [], 'preProcessFile alone loses track');
  const scan = await loadFastScanner();
  assert.equal([...buildImportGraph(host, { scan: checkedScan(scan) }).graph.get('src/lib/paths.ts')!], ['src/lib/money.ts']);
  const cold = await read(root);
  assert.equal([cold.mode, [...cold.graph.get('src/lib/paths.ts')!]], ['cold', ['src/lib/money.ts']]);
  appendFileSync(join(root, 'src/lib/paths.ts'), '\n// touched\n');
  const warm = await read(root);
  assert.equal([warm.mode, warm.typescript, [...warm.graph.get('src/lib/paths.ts')!]], ['warm', false, ['src/lib/money.ts']]);
});

fast.run();

const cache = suite('import graph cache (.agent/cache/import-graph.cache)');

cache('second run: warm, nothing scanned, TypeScript not loaded; the cache folder is git-ignored', async () => {
  const root = gitRepo('analyze/re-export-chain');
  await read(root);
  const warm = await read(root);
  assert.equal([warm.mode, warm.scanned, warm.typescript], ['warm', 0, false]);
  assert.is(readFileSync(join(root, '.agent/cache/.gitignore'), 'utf8'), '*\n');
  assert.is(git(root, 'status', '--porcelain'), '');
});

cache('a changed file with a new specifier is resolved by TypeScript, only then', async () => {
  const root = gitRepo('analyze/re-export-chain');
  await read(root);
  appendFileSync(join(root, 'src/billing/invoice.ts'), "import { add as plus } from '../lib/money';\n");
  const warm = await read(root);
  assert.equal([warm.mode, warm.scanned, warm.typescript], ['warm', 1, true]);
  assert.equal([...warm.graph.get('src/billing/invoice.ts')!].sort(), ['src/lib/money.ts', 'src/shared.ts']);
});

cache('a changed file whose specifiers its folder resolved before needs no TypeScript; one that drops an import loses the edge', async () => {
  const root = gitRepo('analyze/re-export-chain');
  await read(root);
  writeFileSync(join(root, 'src/shared.ts'), "export { add } from './lib/index';\nimport './lib/money';\n");
  const added = await read(root);
  assert.equal([added.mode, added.typescript, [...added.graph.get('src/shared.ts')!]], ['warm', true, ['src/lib/index.ts', 'src/lib/money.ts']]);
  // Both specifiers were resolved from src/ before: the memo answers, in the new order.
  writeFileSync(join(root, 'src/shared.ts'), "import './lib/money';\nexport { add } from './lib/index';\n");
  const reordered = await read(root);
  assert.equal([reordered.mode, reordered.scanned, reordered.typescript, reordered.digest], ['warm', 1, false, added.digest]);
  writeFileSync(join(root, 'src/shared.ts'), 'export const add = (a: number, b: number) => a + b;\n');
  const dropped = await read(root);
  assert.equal([dropped.mode, dropped.typescript, [...dropped.graph.get('src/shared.ts')!]], ['warm', false, []]);
});

cache('a file deleted from the work tree (still in the index) leaves the graph and changes the digest, as a cold build sees it', async () => {
  const root = gitRepo('analyze/re-export-chain');
  const before = await read(root);
  rmSync(join(root, 'src/billing/invoice.ts'));
  const warm = await read(root);
  assert.is(warm.mode, 'warm');
  assert.is(warm.graph.has('src/billing/invoice.ts'), false);
  assert.is.not(warm.digest, before.digest);
  rmSync(join(root, '.agent/cache'), { recursive: true });
  const cold = await read(root);
  assert.equal([cold.mode, cold.digest, plain(cold.graph)], ['cold', warm.digest, plain(warm.graph)]);
});

cache('a new file changes the file list: resolved again, but only the new file is scanned', async () => {
  const root = gitRepo('analyze/re-export-chain');
  await read(root);
  writeFiles(root, { 'src/report.ts': "import { add } from './lib';\nexport const r = add;\n" });
  const next = await read(root);
  assert.equal([next.mode, next.scanned], ['cold', 1]);
  assert.equal([...next.graph.get('src/report.ts')!], ['src/lib/index.ts']);
});

cache('renaming or adding a file resolution never lands on (a queue item) keeps the cache warm', async () => {
  const root = gitRepo('analyze/re-export-chain');
  const cold = await read(root);
  writeFiles(root, { '.agent/queue/001-pending-a.md': '# A\n', 'docs/notes.yaml': 'a: 1\n' });
  const warm = await read(root);
  assert.equal([warm.mode, warm.scanned, warm.typescript], ['warm', 0, false]);
  assert.equal(plain(warm.graph), plain(cold.graph));
});

cache('adding a JSON file, pnpm-workspace.yaml or a deno.jsonc re-resolves (each can change a resolution)', async () => {
  for (const added of ['src/data.json', 'pnpm-workspace.yaml', 'lib/deno.jsonc']) {
    const root = gitRepo('analyze/re-export-chain');
    await read(root);
    writeFiles(root, { [added]: added.endsWith('.yaml') ? 'packages: []\n' : '{}\n' });
    assert.is((await read(root)).mode, 'cold', added);
  }
});

cache('editing rush.json re-resolves: a project it now lists is a workspace package', async () => {
  const root = gitRepo(undefined, {
    'rush.json': '{\n  // no projects yet\n  "projects": []\n}\n',
    'libraries/core/package.json': JSON.stringify({ name: '@acme/core' }),
    'libraries/core/src/index.ts': 'export const core = 1;\n',
    'apps/app/src/start.ts': "import { core } from '@acme/core';\nexport const s = core;\n",
  });
  assert.equal([...((await read(root)).graph.get('apps/app/src/start.ts') ?? [])], []);
  writeFiles(root, { 'rush.json': '{\n  "projects": [{ "packageName": "@acme/core", "projectFolder": "libraries/core" }]\n}\n' });
  const after = await read(root);
  assert.equal([after.mode, [...(after.graph.get('apps/app/src/start.ts') ?? [])]], ['cold', ['libraries/core/src/index.ts']]);
});

cache('a style file added where an import names it: resolved again, and the edge appears', async () => {
  const root = gitRepo('analyze/asset-import');
  assert.not.ok((await read(root)).graph.get('src/App.tsx')!.has('src/missing.css'));
  writeFiles(root, { 'src/missing.css': '.gone { display: none; }\n' });
  const after = await read(root);
  assert.equal([after.mode, after.graph.get('src/App.tsx')!.has('src/missing.css')], ['cold', true]);
});

/**
 * A cache file edited by `edit` (its header, and the bytes after the header line: the integer
 * columns, then the text sections), with the header padded again and the checksum line written
 * again to match, so only the edit is wrong with it.
 */
function resealed(good: Buffer, edit: (header: Record<string, number | string>, after: Buffer) => Buffer | void, misalign = false): Buffer {
  const first = good.indexOf(10);
  const headerEnd = good.indexOf(10, first + 1);
  const header = JSON.parse(good.toString('utf8', first + 1, headerEnd)) as Record<string, number | string>;
  const after = Buffer.from(good.subarray(headerEnd + 1));
  const edited = edit(header, after) ?? after;
  const json = JSON.stringify(header);
  const pad = (4 - ((first + 1 + Buffer.byteLength(json) + 1) % 4)) % 4;
  const body = Buffer.concat([Buffer.from(`${json}${' '.repeat(misalign ? pad + 1 : pad)}\n`), edited]);
  const head = good.toString('latin1', 0, first).split(' ').slice(0, 2).join(' ');
  return Buffer.concat([Buffer.from(`${head} ${createHash('sha1').update(body).digest('hex')}\n`), body]);
}

/** Where a column starts among the bytes after the header line (see graph-cache-format.ts). */
function columnAt(header: Record<string, number | string>, column: 'resolved' | 'specifierEnd'): number {
  const files = header.files as number;
  return 4 * (3 * files + 1 + (column === 'resolved' ? 0 : (header.specifiers as number)));
}

/** The columns are in the byte order of the machine that wrote them. */
const writeInt = (bytes: Buffer, value: number, at: number) => (endianness() === 'LE' ? bytes.writeInt32LE(value, at) : bytes.writeInt32BE(value, at));

const textAt = (header: Record<string, number | string>) => 4 * (3 * (header.files as number) + 1 + 2 * (header.specifiers as number));

const BAD_CACHES: Array<[string, (good: Buffer) => Buffer | string]> = [
  ['truncated', (good) => good.subarray(0, good.length / 2)],
  ['edited (checksum no longer matches)', (good) => Buffer.from(good.toString('latin1').replace('src/', 'lib/'), 'latin1')],
  ['foreign', () => '{"format":"something-else","version":1}'],
  [
    'older format',
    () => '{"format":"waveplan-import-graph","version":3,"env":"x","configFiles":[],"paths":["a.ts"],"projects":[""],"files":[[0,"b",0,[],[]]]}',
  ],
  ['version 4 (base64 columns in the header)', () => 'waveplan-import-graph 4 0000000000000000000000000000000000000000\n{}\n'],
  [
    'tampered (an index past its table, checksum resealed)',
    (good) =>
      resealed(good, (h, after) => {
        writeInt(after, 7777, columnAt(h, 'resolved'));
      }),
  ],
  [
    'tampered (specifier offsets running backwards, checksum resealed)',
    (good) =>
      resealed(good, (h, after) => {
        writeInt(after, -1, columnAt(h, 'specifierEnd'));
      }),
  ],
  [
    'tampered (a path line short, byte counts fixed, checksum resealed)',
    (good) =>
      resealed(good, (h, after) => {
        const at = textAt(h);
        const cut = after.indexOf(10, at) + 1;
        h.pathBytes = (h.pathBytes as number) - (cut - at);
        return Buffer.concat([after.subarray(0, at), after.subarray(cut)]);
      }),
  ],
  [
    'tampered (a path line more, byte counts fixed, checksum resealed)',
    (good) =>
      resealed(good, (h, after) => {
        h.pathBytes = (h.pathBytes as number) + 'extra.ts\n'.length;
        return Buffer.concat([after.subarray(0, textAt(h)), Buffer.from('extra.ts\n'), after.subarray(textAt(h))]);
      }),
  ],
  [
    'tampered (a file count larger than the file, checksum resealed)',
    (good) =>
      resealed(good, (h) => {
        h.files = 2 ** 31;
      }),
  ],
  ['tampered (columns off their 4-byte boundary, checksum resealed)', (good) => resealed(good, () => undefined, true)],
  [
    'from a machine of the other byte order',
    (good) =>
      resealed(good, (h) => {
        h.endian = h.endian === 'LE' ? 'BE' : 'LE';
      }),
  ],
];

for (const [name, spoil] of BAD_CACHES) {
  cache(`a ${name} cache is ignored and rebuilt`, async () => {
    const root = gitRepo('analyze/re-export-chain');
    const expected = plain((await read(root)).graph);
    const file = join(root, '.agent/cache/import-graph.cache');
    writeFileSync(file, spoil(readFileSync(file)));
    const rebuilt = await read(root);
    assert.is(rebuilt.mode, 'cold');
    assert.equal(plain(rebuilt.graph), expected);
    assert.is((await read(root)).mode, 'warm');
  });
}

cache('a cache resealed with no edit is read as it was (the tampering above spoils only what it edits)', async () => {
  const root = gitRepo('analyze/re-export-chain');
  const expected = plain((await read(root)).graph);
  const file = join(root, '.agent/cache/import-graph.cache');
  const good = readFileSync(file);
  assert.ok(resealed(good, () => undefined).equals(good), 'same bytes');
  const header = (bytes: Buffer) =>
    JSON.parse(bytes.toString('utf8', bytes.indexOf(10) + 1, bytes.indexOf(10, bytes.indexOf(10) + 1))) as Record<string, number>;
  assert.ok(header(good).files > 0 && header(good).specifiers > 0, 'the fixture has files and specifiers to tamper with');
  writeFileSync(
    file,
    resealed(good, (h) => {
      h.env = `${h.env}`;
    }),
  );
  const again = await read(root);
  assert.equal([again.mode, plain(again.graph)], ['warm', expected]);
});

cache('the cache file names each path once, round-trips exactly, and a cold build of the same graph writes the same bytes', () => {
  const files: Record<string, CachedFile> = {
    'src/b.ts': ['2222', 'tsconfig.json', ['./a.js', 'left-pad', './a', 'odd\\name\nwith a newline'], ['src/a.ts', null, 'src/a.ts', null]],
    'src/a.ts': ['1111', 'tsconfig.json', [], []],
    'web/c.tsx': ['3333', 'web/tsconfig.json', ['../src/b'], ['src/b.ts']],
  };
  const built = createGraphCache({ env: 'e', configFiles: ['tsconfig.json'], files });
  const text = serializeGraphCache(built);
  assert.is(text.toString('latin1').split('src/a.ts').length - 1, 1, 'one mention of a path');
  const back = parseGraphCache(text)!;
  assert.equal(
    Object.fromEntries(
      Array.from({ length: back.size }, (_, at) => [back.path(at), [back.blob(at), back.project(at), back.specifiers(at), back.resolved(at)]]),
    ),
    files,
  );
  assert.ok(serializeGraphCache(back).equals(text), 'same bytes again');
  const shuffled = Object.fromEntries(Object.entries(files).reverse());
  assert.ok(
    serializeGraphCache(createGraphCache({ env: 'e', configFiles: ['tsconfig.json'], files: shuffled })).equals(text),
    'insertion order does not matter',
  );
  assert.equal(plain(cachedGraph(back, () => true)), { 'src/a.ts': [], 'src/b.ts': ['src/a.ts'], 'web/c.tsx': ['src/b.ts'] });
  const empty = createGraphCache({ env: 'e', configFiles: [], files: {} });
  assert.is(parseGraphCache(serializeGraphCache(empty))?.size, 0, 'no followed files');
  // Bytes that do not start on a 4-byte boundary in memory (a pooled Buffer): the columns are copied, not viewed.
  for (const shift of [1, 2, 3]) {
    const shifted = new Uint8Array(text.length + shift).subarray(shift);
    shifted.set(text);
    const again = parseGraphCache(shifted)!;
    assert.equal(
      Array.from({ length: again.size }, (_, at) => [again.path(at), again.specifiers(at), again.resolved(at)]),
      Array.from({ length: back.size }, (_, at) => [back.path(at), back.specifiers(at), back.resolved(at)]),
      `shifted by ${shift}`,
    );
  }
});

cache('the digest follows the edges: a new blob with the same imports keeps it, a new import changes it', () => {
  const files: Record<string, CachedFile> = {
    'src/a.ts': ['1111', '', [], []],
    'src/b.ts': ['2222', '', ['./a', 'left-pad'], ['src/a.ts', null]],
  };
  const cache = createGraphCache({ env: 'e', configFiles: [], files });
  const first = cache.digest;
  const b = Array.from({ length: cache.size }, (_, at) => cache.path(at)).indexOf('src/b.ts');
  // Same edges, written differently (a second specifier for the same file): the graph is the same.
  assert.is(cache.update(new Map([[b, { blob: '3333', specifiers: ['./a.js', './a'], resolved: ['src/a.ts', 'src/a.ts'] }]])), false);
  assert.is(cache.digest, first);
  assert.is(cache.update(new Map([[b, { blob: '4444', specifiers: ['./c'], resolved: ['src/c.ts'] }]])), true);
  assert.is.not(cache.digest, first);
  assert.is(cache.digest, graphDigest(cache), 'kept equal to a fresh digest');
  assert.is(
    cache.digest,
    createGraphCache({ env: 'other', configFiles: [], files: { 'src/a.ts': ['9', 'x', [], []], 'src/b.ts': ['8', 'x', ['c'], ['src/c.ts']] } }).digest,
    'only edges count',
  );
});

cache('a warm run reports the digest of a cold build of the same tree', async () => {
  const root = gitRepo('analyze/re-export-chain');
  const cold = await read(root);
  appendFileSync(join(root, 'src/billing/invoice.ts'), '\n// a comment, no new import\n');
  const warm = await read(root);
  assert.equal([warm.mode, warm.digest], ['warm', cold.digest]);
  appendFileSync(join(root, 'src/billing/invoice.ts'), "import { add as plus } from '../lib/money';\n");
  const changed = await read(root);
  assert.is.not(changed.digest, cold.digest);
  rmSync(join(root, '.agent/cache'), { recursive: true });
  const again = await read(root);
  assert.equal([again.mode, again.digest], ['cold', changed.digest]);
});

cache('only blob ids changed: the file is written again from its own columns, byte for byte what a cold build writes', () => {
  const files: Record<string, CachedFile> = {
    'src/a.ts': ['1111', '', [], []],
    'src/b.ts': ['2222', '', ['./a'], ['src/a.ts']],
  };
  const read = parseGraphCache(serializeGraphCache(createGraphCache({ env: 'e', configFiles: [], files })))!;
  read.update(new Map([[1, { blob: '3333', specifiers: ['./a'], resolved: ['src/a.ts'] }]]));
  const cold = createGraphCache({ env: 'e', configFiles: [], files: { ...files, 'src/b.ts': ['3333', '', ['./a'], ['src/a.ts']] } });
  assert.ok(serializeGraphCache(read).equals(serializeGraphCache(cold)));
});

const journal = suite('import graph journal (.agent/cache/import-graph.journal)');
const CACHE_FILE = '.agent/cache/import-graph.cache';
const JOURNAL_FILE = '.agent/cache/import-graph.journal';

journal('a warm run writes what it re-scanned to the journal, not the cache; the next run reads both, as a cold build sees the tree', async () => {
  const root = gitRepo('analyze/re-export-chain');
  await read(root);
  const base = readFileSync(join(root, CACHE_FILE));
  appendFileSync(join(root, 'src/billing/invoice.ts'), "import { add as plus } from '../lib/money';\n");
  const warm = await read(root);
  assert.equal([warm.mode, warm.scanned], ['warm', 1]);
  assert.ok(readFileSync(join(root, CACHE_FILE)).equals(base), 'the cache file is left alone');
  const next = await read(root);
  assert.equal([next.mode, next.scanned, next.typescript, next.digest, plain(next.graph)], ['warm', 0, false, warm.digest, plain(warm.graph)]);
  rmSync(join(root, '.agent/cache'), { recursive: true });
  const cold = await read(root);
  assert.equal([cold.mode, cold.digest, plain(cold.graph)], ['cold', warm.digest, plain(warm.graph)]);
});

journal('a journal of another cache file, edited, truncated or malformed is ignored whole: the files are re-scanned', async () => {
  const root = gitRepo('analyze/re-export-chain');
  await read(root);
  appendFileSync(join(root, 'src/billing/invoice.ts'), "import { add as plus } from '../lib/money';\n");
  const expected = await read(root);
  const good = readFileSync(join(root, JOURNAL_FILE), 'utf8');
  const [head, body] = [good.slice(0, good.indexOf('\n')), good.slice(good.indexOf('\n') + 1)];
  const sealed = (text: string) => `${head.split(' ').slice(0, 3).join(' ')} ${createHash('sha1').update(text).digest('hex')}\n${text}`;
  const bad = [
    good.replace(/ [0-9a-f]{40} /, ` ${'0'.repeat(40)} `), // another cache file's
    good.slice(0, good.length - 5),
    good.replace('money', 'monee'),
    sealed(body.replace('"src/billing/invoice.ts"', '"src/billing/other.ts"')), // an index whose file has another path
    sealed('{"digest":"x","files":[[0]]}'),
    sealed('not json'),
  ];
  for (const text of bad) {
    writeFileSync(join(root, JOURNAL_FILE), text);
    const again = await read(root);
    assert.equal([again.mode, again.scanned, again.digest], ['warm', 1, expected.digest], text.slice(0, 80));
  }
});

journal('a cold build writes the cache whole and drops the journal', async () => {
  const root = gitRepo('analyze/re-export-chain');
  await read(root);
  appendFileSync(join(root, 'src/billing/invoice.ts'), '// edited\n');
  await read(root);
  writeFiles(root, { 'src/report.ts': "import { add } from './lib';\nexport const r = add;\n" });
  assert.is((await read(root)).mode, 'cold');
  assert.throws(() => readFileSync(join(root, JOURNAL_FILE)));
  assert.equal([(await read(root)).scanned], [0]);
});

journal('past its limit the journal is folded into the cache file', () => {
  const files: Record<string, CachedFile> = Object.fromEntries(Array.from({ length: JOURNAL_LIMIT + 1 }, (_, i) => [`src/f${i}.ts`, [`b${i}`, '', [], []]]));
  const read = parseGraphCache(serializeGraphCache(createGraphCache({ env: 'e', configFiles: [], files })))!;
  read.update(new Map(Array.from({ length: JOURNAL_LIMIT }, (_, at) => [at, { blob: `c${at}`, specifiers: [], resolved: [] }])));
  assert.ok(serializeJournal(read), 'at the limit: a journal');
  read.update(new Map([[JOURNAL_LIMIT, { blob: 'c', specifiers: [], resolved: [] }]]));
  assert.is(serializeJournal(read), undefined, 'past it: the whole file');
  const cold = createGraphCache({ env: 'e', configFiles: [], files: {} });
  assert.is(serializeJournal(cold), undefined, 'a cold build has no file to journal against');
});

cache.run();
journal.run();
