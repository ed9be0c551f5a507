import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { declaredModuleName, declaredModuleSpecifier, withDeclaredModules } from '../../src/analyze/declared-modules.js';
import { loadFastScanner } from '../../src/analyze/fast-scan.js';
import { buildImportGraph, scanSpecifiers } from '../../src/analyze/import-graph.js';
import { workTreeSourceHost } from '../../src/analyze/read-sources.js';
import { tempDir } from '../helpers/git-repo.js';

const declared = suite('declare module in a script: an edge only where the project makes the file a module');

declared('the marker round-trips, and a script keeps its declared names only as markers, last', () => {
  assert.is(declaredModuleName(declaredModuleSpecifier('@acme/lib')), '@acme/lib');
  assert.is(declaredModuleName('./declare(x)'), undefined);
  assert.equal(withDeclaredModules(['lib', './a', 'other'], new Set(['lib'])), ['./a', 'other', 'declare(lib)']);
  assert.equal(withDeclaredModules(['./a'], new Set()), ['./a']);
});

declared('both scanners give the same markers', async () => {
  const oxc = (await loadFastScanner())!;
  const text = "/// <reference path=\"./globals.d.ts\" />\ndeclare module 'lib' {\n  import type { X } from 'lib';\n  interface Options { b: X }\n}\n";
  assert.equal(scanSpecifiers(text, 'a.ts'), ['./globals.d.ts', 'declare(lib)']);
  assert.equal([...oxc(text, 'a.ts')].sort(), [...scanSpecifiers(text, 'a.ts')].sort());
});

declared('force: an augmentation of a repository module; auto: the declaration itself, unless the extension makes a module; never in a .d.ts', async () => {
  const root = tempDir();
  const augment = "declare module 'lib' {\n  interface Options { b: 2 }\n}\n";
  const texts: Record<string, string> = {
    'forced/tsconfig.json': JSON.stringify({
      compilerOptions: { module: 'esnext', moduleResolution: 'bundler', moduleDetection: 'force', paths: { lib: ['./src/lib.ts'] } },
    }),
    'forced/src/lib.ts': 'export interface Options { a: 1 }\n',
    'forced/src/augment.ts': augment,
    'forced/src/types.d.ts': augment,
    'auto/tsconfig.json': JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler', paths: { lib: ['./src/lib.ts'] } } }),
    'auto/src/lib.ts': 'export interface Options { a: 1 }\n',
    'auto/src/augment.ts': augment,
    'auto/src/augment.mts': augment,
  };
  for (const [path, text] of Object.entries(texts)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const files = Object.keys(texts).sort();
  const oxc = (await loadFastScanner())!;
  for (const [name, scan] of [
    ['TypeScript', undefined],
    ['oxc', oxc],
  ] as const) {
    const { graph } = buildImportGraph(workTreeSourceHost(root, files), scan ? { scan } : {});
    const edges = (file: string) => [...(graph.get(file) ?? [])];
    assert.equal(edges('forced/src/augment.ts'), ['forced/src/lib.ts'], `${name}: force`);
    assert.equal(edges('forced/src/types.d.ts'), [], `${name}: a declaration file is no module by force`);
    assert.equal(edges('auto/src/augment.ts'), [], `${name}: auto, a script`);
    assert.equal(edges('auto/src/augment.mts'), ['auto/src/lib.ts'], `${name}: auto, .mts`);
  }
});

declared.run();
