import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readImportGraph } from '../../src/analyze/read-import-graph.js';
import { gitPort } from '../../src/io/git.js';
import type { ImportGraph } from '../../src/types.js';
import { gitRepo } from '../helpers/git-repo.js';

const references = suite('tsconfig project references: the project that includes a file gives its options, as tsc -b reads it');

/**
 * A solution-style root config (babel's, rushstack's: no files, only references). Each package's
 * `paths` maps `#lib` to its own file; `shared.ts` is included by a and by b, and a comes first in
 * the references, so a's `paths` resolve it. b references the root back (a cycle tsc reports, which
 * the lookup must survive).
 */
function repo(): string {
  return gitRepo(undefined, {
    'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './pkg-a' }, { path: './pkg-b' }, { path: './pkg-c' }] }),
    'pkg-a/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true, paths: { '#lib': ['./lib-a.ts'] } }, include: ['src', '../shared/*.ts'] }),
    'pkg-b/tsconfig.json': JSON.stringify({
      compilerOptions: { composite: true, paths: { '#lib': ['./lib-b.ts'] } },
      include: ['src', '../shared/*.ts'],
      references: [{ path: '..' }, { path: '../pkg-d' }],
    }),
    'pkg-c/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true, paths: { '#lib': ['./lib-c.ts'] } }, include: ['src'] }),
    'pkg-d/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true, paths: { '#lib': ['./lib-d.ts'] } }, include: ['src', '../tools/*.ts'] }),
    'pkg-a/lib-a.ts': 'export const lib = "a";\n',
    'pkg-b/lib-b.ts': 'export const lib = "b";\n',
    'pkg-c/lib-c.ts': 'export const lib = "c";\n',
    'pkg-d/lib-d.ts': 'export const lib = "d";\n',
    'pkg-a/src/a.ts': "import { lib } from '#lib';\nexport const a = lib;\n",
    'pkg-b/src/b.ts': "import { lib } from '#lib';\nexport const b = lib;\n",
    'pkg-c/src/c.ts': "import { lib } from '#lib';\nexport const c = lib;\n",
    'pkg-d/src/d.ts': "import { lib } from '#lib';\nexport const d = lib;\n",
    'shared/shared.ts': "import { lib } from '#lib';\nexport const shared = lib;\n",
    // Included only by pkg-d, which only pkg-b references: found through two levels of references.
    'tools/tool.ts': "import { lib } from '#lib';\nexport const tool = lib;\n",
  });
}

function edges(graph: ImportGraph, from: string): string[] {
  return [...(graph.get(from) ?? [])].sort();
}

references('each file resolves with the options of the first project in reference order that includes it', async () => {
  const root = repo();
  const { graph } = await readImportGraph({ root, files: await gitPort(root).listFiles(), cacheDir: false });
  assert.equal(edges(graph, 'pkg-a/src/a.ts'), ['pkg-a/lib-a.ts']);
  assert.equal(edges(graph, 'pkg-b/src/b.ts'), ['pkg-b/lib-b.ts']);
  assert.equal(edges(graph, 'pkg-c/src/c.ts'), ['pkg-c/lib-c.ts']);
  assert.equal(edges(graph, 'pkg-d/src/d.ts'), ['pkg-d/lib-d.ts']);
  assert.equal(edges(graph, 'shared/shared.ts'), ['pkg-a/lib-a.ts'], 'a and b include it: a is referenced first');
  assert.equal(edges(graph, 'tools/tool.ts'), ['pkg-d/lib-d.ts'], 'through b, which references d');
});

references.run();
