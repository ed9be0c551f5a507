import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readImportGraph } from '../../src/analyze/read-import-graph.js';
import { gitPort } from '../../src/io/git.js';
import { readStagedTree } from '../../src/io/git-index.js';
import type { ImportGraph } from '../../src/types.js';
import { GIT_ENV, gitRepo, tempDir, writeFiles } from '../helpers/git-repo.js';

const outside = suite('tsconfig `extends` outside the file list (an installed package, a generated git-ignored config), read as tsc reads it');

/**
 * tsconfig.json extends an installed package's config (node_modules, ignored) whose `paths` give
 * `~/*`, and SvelteKit's generated `.svelte-kit/tsconfig.json` (ignored) whose `paths` give `$lib`.
 * `tsc --listFiles -p .` on this layout lists src/lib/x.ts and src/lib/y.ts through those aliases.
 */
function repo(): string {
  const root = gitRepo(undefined, {
    '.gitignore': 'node_modules\n.svelte-kit\n',
    'tsconfig.json': JSON.stringify({ extends: ['@acme/tsconfig/base.json', './.svelte-kit/tsconfig.json'] }),
    'src/a.ts': "import { x } from '~/lib/x';\nimport { y } from '$lib/y';\nexport const a = x + y;\n",
    'src/lib/x.ts': 'export const x = 1;\n',
    'src/lib/y.ts': 'export const y = 1;\n',
  });
  // Not committed: installed and generated, as on a developer's machine.
  writeFiles(root, {
    'node_modules/@acme/tsconfig/package.json': JSON.stringify({ name: '@acme/tsconfig', version: '1.0.0' }),
    'node_modules/@acme/tsconfig/base.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['../../../src/*'] } } }),
    // A later `extends` replaces `paths` whole, so the generated config carries both (as a real one merges the user's).
    '.svelte-kit/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['../src/*'], '$lib/*': ['../src/lib/*'] } } }),
  });
  return root;
}

function edges(graph: ImportGraph, from: string): string[] {
  return [...(graph.get(from) ?? [])].sort();
}

const BOTH = ['src/lib/x.ts', 'src/lib/y.ts'];

outside('the work tree: both aliases resolve through configs git does not list', async () => {
  const root = repo();
  const read = await readImportGraph({ root, files: await gitPort(root).listFiles(), cacheDir: false });
  assert.equal(edges(read.graph, 'src/a.ts'), BOTH);
});

outside('an installed package config alone: its `paths` (relative to it) resolve', async () => {
  const root = repo();
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ extends: '@acme/tsconfig/base.json' }));
  const read = await readImportGraph({ root, files: await gitPort(root).listFiles(), cacheDir: false });
  assert.equal(edges(read.graph, 'src/a.ts'), ['src/lib/x.ts']);
});

outside('the index (the pre-commit hook): the same edges, the configs read from the work tree', async () => {
  const root = repo();
  const tree = await readStagedTree({ root, env: GIT_ENV });
  try {
    const files = await tree.listFiles();
    assert.not.ok(files.some((f) => f.startsWith('node_modules/') || f.startsWith('.svelte-kit/')));
    const read = await readImportGraph({ root, files, tree, versions: await tree.blobIds(files), cacheDir: false });
    assert.equal(edges(read.graph, 'src/a.ts'), BOTH);
  } finally {
    tree.close();
  }
});

outside('cached: the configs outside key the cache; editing, removing or generating one again rebuilds the graph', async () => {
  const root = repo();
  const cacheDir = join(tempDir(), 'cache');
  const graph = async () => {
    const snapshot = await gitPort(root).snapshot();
    return readImportGraph({ root, files: snapshot.files, versions: snapshot.versions, cacheDir });
  };
  assert.equal(edges((await graph()).graph, 'src/a.ts'), BOTH);
  const warm = await graph();
  assert.is(warm.mode, 'warm');
  assert.equal(edges(warm.graph, 'src/a.ts'), BOTH);
  // `svelte-kit sync` writes another alias target.
  writeFiles(root, { '.svelte-kit/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['../src/*'], '$lib/*': ['../src/*'] } } }) });
  const edited = await graph();
  assert.is(edited.mode, 'cold');
  assert.equal(edges(edited.graph, 'src/a.ts'), ['src/lib/x.ts']);
  // A fresh clone before `svelte-kit sync`: no generated config, so `$lib` resolves nowhere (`~` still through the package's).
  renameSync(join(root, '.svelte-kit'), join(root, '.svelte-kit-away'));
  const removed = await graph();
  assert.is(removed.mode, 'cold');
  assert.equal(edges(removed.graph, 'src/a.ts'), ['src/lib/x.ts']);
  renameSync(join(root, '.svelte-kit-away'), join(root, '.svelte-kit'));
  writeFiles(root, { '.svelte-kit/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['../src/*'], '$lib/*': ['../src/lib/*'] } } }) });
  const generated = await graph();
  assert.is(generated.mode, 'cold');
  assert.equal(edges(generated.graph, 'src/a.ts'), BOTH);
  assert.is((await graph()).mode, 'warm');
});

outside('an installed config that is not there (nothing installed yet): no alias, no error; installing it rebuilds', async () => {
  const root = repo();
  renameSync(join(root, 'node_modules'), join(root, 'node_modules-away'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ extends: '@acme/tsconfig/base.json' }));
  const cacheDir = join(tempDir(), 'cache');
  const graph = async () => {
    const snapshot = await gitPort(root).snapshot();
    return readImportGraph({ root, files: snapshot.files, versions: snapshot.versions, cacheDir });
  };
  assert.equal(edges((await graph()).graph, 'src/a.ts'), []);
  assert.is((await graph()).mode, 'warm');
  renameSync(join(root, 'node_modules-away'), join(root, 'node_modules'));
  const installed = await graph();
  assert.is(installed.mode, 'cold');
  assert.equal(edges(installed.graph, 'src/a.ts'), ['src/lib/x.ts']);
});

outside("a workspace package's config (`@repo/typescript-config/base.json`, Turborepo's layout), with nothing installed", async () => {
  const root = gitRepo(undefined, {
    'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }),
    'packages/typescript-config/package.json': JSON.stringify({ name: '@repo/typescript-config', version: '0.0.0' }),
    'packages/typescript-config/base.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['../../apps/web/src/*'] } } }),
    'apps/web/package.json': JSON.stringify({ name: 'web' }),
    'apps/web/tsconfig.json': JSON.stringify({ extends: '@repo/typescript-config/base.json', include: ['src'] }),
    'apps/web/src/a.ts': "import { x } from '@/lib/x';\nexport const a = x;\n",
    'apps/web/src/lib/x.ts': 'export const x = 1;\n',
  });
  const cacheDir = join(tempDir(), 'cache');
  const graph = async () => {
    const snapshot = await gitPort(root).snapshot();
    return readImportGraph({ root, files: snapshot.files, versions: snapshot.versions, cacheDir });
  };
  assert.equal(edges((await graph()).graph, 'apps/web/src/a.ts'), ['apps/web/src/lib/x.ts']);
  // The package's config is a listed file: editing it rebuilds as any tsconfig does.
  writeFiles(root, { 'packages/typescript-config/base.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['../../apps/web/*'] } } }) });
  const edited = await graph();
  assert.is(edited.mode, 'cold');
  assert.equal(edges(edited.graph, 'apps/web/src/a.ts'), []);
});

outside("an installed config behind a link (pnpm's node_modules/cfg → .pnpm/…): its relative `paths` start where it really is, as tsc reads it", async () => {
  const root = repo();
  const real = 'node_modules/.pnpm/cfg@1.0.0/node_modules/cfg';
  mkdirSync(join(root, real), { recursive: true });
  symlinkSync('.pnpm/cfg@1.0.0/node_modules/cfg', join(root, 'node_modules/cfg'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ extends: 'cfg/tsconfig.json' }));
  writeFiles(root, { [`${real}/package.json`]: JSON.stringify({ name: 'cfg', version: '1.0.0' }) });
  const graph = async () => (await readImportGraph({ root, files: await gitPort(root).listFiles(), cacheDir: false })).graph;
  // From the link's folder `../../src` would be the repo's src/; from the real one it is inside .pnpm (tsc: TS2307).
  writeFiles(root, { [`${real}/tsconfig.json`]: JSON.stringify({ compilerOptions: { paths: { '~/*': ['../../src/*'] } } }) });
  assert.equal(edges(await graph(), 'src/a.ts'), []);
  writeFiles(root, { [`${real}/tsconfig.json`]: JSON.stringify({ compilerOptions: { paths: { '~/*': ['../../../../../src/*'] } } }) });
  assert.equal(edges(await graph(), 'src/a.ts'), ['src/lib/x.ts']);
});

outside.run();
