import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { workTreeReader } from '../../src/io/node-fs.js';
import { readSymbolIndex, SYMBOL_CACHE } from '../../src/analyze/infer/read-symbol-index.js';
import { scanExports } from '../../src/analyze/infer/scan-exports.js';
import { buildSymbolIndex } from '../../src/analyze/infer/symbol-index.js';
import { blobId } from '../../src/io/blob-id.js';
import { gitRepo } from '../helpers/git-repo.js';

const scan = suite('scanExports');

scan('lists exported functions, classes, types, interfaces, enums, consts and namespaces', () => {
  const text = `export function a() {}
export default function b() {}
export class C {}
export interface D {}
export type E = string;
export enum F { x }
export const G = 1, { h, i: [j] } = obj;
export namespace K {}
export declare const L: number;`;
  assert.equal(scanExports('x.ts', text), { exported: ['C', 'D', 'E', 'F', 'G', 'K', 'L', 'a', 'b', 'h', 'j'], local: [] });
});

scan('counts `export { a as b }` under its public name and leaves re-exports to the declaring file', () => {
  const text = `function inner() {}
const helper = 1;
export { inner as outer };
export { other } from './other.js';
export * from './more.js';`;
  assert.equal(scanExports('x.ts', text), { exported: ['outer'], local: ['helper'] });
});

scan('an import exported again (`import * as path from "@std/path"; export { path }`) is a re-export, not a declaration', () => {
  // denoland/fresh's internals.ts: infer --write wrote internals.ts#path, which validate rejects (ITEM_SYMBOL).
  const text = `import * as path from "@std/path";
import def, { named as alias } from './b.ts';
import eq = require('./c');
export { path, def, alias as renamed, eq };
const own = 1;
export { own as mine };`;
  assert.equal(scanExports('x.ts', text), { exported: ['mine'], local: [] });
});

scan('parses TSX and JS by extension', () => {
  assert.equal(scanExports('x.tsx', 'export function Card() { return <div>{1}</div>; }').exported, ['Card']);
  assert.equal(scanExports('x.js', 'export const routes = []; function local() {}'), { exported: ['routes'], local: ['local'] });
});

const build = suite('buildSymbolIndex');

build('maps each name to every declaring file, sorted', () => {
  const index = buildSymbolIndex(
    new Map([
      ['b.ts', { exported: ['formatDate'], local: [] }],
      ['a.ts', { exported: ['formatDate', 'parse'], local: ['helper'] }],
    ]),
  );
  assert.equal(index.exported.get('formatDate'), ['a.ts', 'b.ts']);
  assert.equal(index.local.get('helper'), ['a.ts']);
});

const read = suite('readSymbolIndex');

const FILES = {
  'src/etag.ts': 'export function generateDigest() {}\n',
  'src/app.tsx': 'export const App = () => <main />;\n',
  'fixtures/x/src/etag.ts': 'export function generateDigest() {}\n',
  'dist/etag.js': 'export function generateDigest() {}\n',
  'README.md': '# x\n',
};

read('indexes the repo’s own TS/JS files, parses each blob once, and reuses the cache', async () => {
  const root = gitRepo(undefined, FILES);
  const repoFiles = Object.keys(FILES).sort();
  const first = await readSymbolIndex({ root, repoFiles, tree: workTreeReader(root) });
  assert.is(first.parsed, 2);
  assert.equal(first.index.exported.get('generateDigest'), ['src/etag.ts']);
  assert.equal(first.index.exported.get('App'), ['src/app.tsx']);
  const second = await readSymbolIndex({ root, repoFiles, tree: workTreeReader(root) });
  assert.is(second.parsed, 0);
  assert.equal(second.index.exported.get('generateDigest'), ['src/etag.ts']);
  writeFileSync(join(root, 'src/etag.ts'), 'export function weakDigest() {}\n');
  const third = await readSymbolIndex({ root, repoFiles, tree: workTreeReader(root) });
  assert.is(third.parsed, 1);
  assert.equal(third.index.exported.get('weakDigest'), ['src/etag.ts']);
  assert.is(third.index.exported.get('generateDigest'), undefined);
  assert.is(readFileSync(join(root, '.agent/cache/.gitignore'), 'utf8'), '*\n');
});

read('ignores a corrupt or foreign cache and rewrites it', async () => {
  const root = gitRepo(undefined, FILES);
  const repoFiles = Object.keys(FILES).sort();
  await readSymbolIndex({ root, repoFiles, tree: workTreeReader(root) });
  const key = readFileSync(join(root, SYMBOL_CACHE), 'utf8').match(/[0-9a-f]{40}\.ts/)![0];
  const poisoned = [
    '{not json',
    JSON.stringify({ tag: 'someone-else', version: 1, files: { [key]: { e: ['evil'], l: [] } } }),
    JSON.stringify({ tag: 'waveplan-symbol-index', version: 1, files: { [key]: { e: 'evil', l: [] } } }),
  ];
  for (const text of poisoned) {
    writeFileSync(join(root, SYMBOL_CACHE), text);
    const result = await readSymbolIndex({ root, repoFiles, tree: workTreeReader(root) });
    assert.is(result.parsed, 2, text);
    assert.is(result.index.exported.get('evil'), undefined);
    assert.equal(result.index.exported.get('generateDigest'), ['src/etag.ts']);
  }
});

read('computes the same blob ids as git', () => {
  const root = gitRepo(undefined, FILES);
  const bytes = readFileSync(join(root, 'src/etag.ts'));
  assert.is(blobId(bytes), execFileSync('git', ['hash-object', 'src/etag.ts'], { cwd: root, encoding: 'utf8' }).trim());
});

scan.run();
build.run();
read.run();
