import { appendFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readImportGraph } from '../../src/analyze/read-import-graph.js';
import { preloadedSourceHost } from '../../src/analyze/read-sources.js';
import { gitPort } from '../../src/io/git.js';
import { readStagedTree } from '../../src/io/git-index.js';
import type { ImportGraph } from '../../src/types.js';
import { GIT_ENV, git, gitRepo, tempDir } from '../helpers/git-repo.js';

const linked = suite('imports through symbolic links to folders (tsc resolves them; so does the graph)');

/**
 * src/linked → ../shared (a link to a folder), src/deep → linked (a link to that link),
 * src/outside → a folder outside the repository.
 */
function repoWithLinks(): string {
  const dir = gitRepo(undefined, {
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } }),
    'shared/x.ts': 'export const x = 1;\n',
    'shared/logo.svg': '<svg/>\n',
    'shared2/x.ts': 'export const x = 2;\n',
    'src/a.ts':
      "import { x } from './linked/x';\nimport logo from './linked/logo.svg';\nimport { x as y } from './deep/x';\nimport { o } from './outside/o';\nexport const a = [x, y, logo, o];\n",
  });
  const outside = tempDir();
  appendFileSync(join(outside, 'o.ts'), 'export const o = 1;\n');
  symlinkSync('../shared', join(dir, 'src/linked'));
  symlinkSync('linked', join(dir, 'src/deep'));
  symlinkSync(outside, join(dir, 'src/outside'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'links');
  return dir;
}

function edges(graph: ImportGraph, from: string): string[] {
  return [...(graph.get(from) ?? [])].sort();
}

const EXPECTED = ['shared/logo.svg', 'shared/x.ts'];

linked('the work tree, cold: the files the links lead to; nothing outside the repository', async () => {
  const root = repoWithLinks();
  const read = await readImportGraph({ root, files: await gitPort(root).listFiles(), cacheDir: false });
  assert.equal(edges(read.graph, 'src/a.ts'), EXPECTED);
});

linked('the index (the pre-commit hook): the same edges, the link targets read from the staged blobs', async () => {
  const root = repoWithLinks();
  const tree = await readStagedTree({ root, env: GIT_ENV });
  try {
    const links = await tree.links!();
    assert.equal([...links.keys()].sort(), ['src/deep', 'src/linked', 'src/outside']);
    assert.is(links.get('src/linked'), '../shared');
    assert.is(links.get('src/deep'), 'linked');
    assert.ok(links.get('src/outside')!.startsWith('/'));
    const read = await readImportGraph({ root, files: await tree.listFiles(), tree, versions: await tree.blobIds(await tree.listFiles()), cacheDir: false });
    assert.equal(edges(read.graph, 'src/a.ts'), EXPECTED);
  } finally {
    tree.close();
  }
});

linked('the index: link targets are read only when a resolver is made, once (a warm hook that only re-scans never reads them)', async () => {
  const root = repoWithLinks();
  const tree = await readStagedTree({ root, env: GIT_ENV });
  try {
    let reads = 0;
    const counted = { ...tree, links: () => (reads++, tree.links!()) };
    const host = await preloadedSourceHost(counted, await tree.listFiles(), ['src/a.ts']);
    assert.ok(host.readText('src/a.ts')?.includes('./linked/x'));
    assert.is(reads, 0);
    const resolving = await host.forResolution();
    assert.is(resolving.readLink?.('src/linked'), '../shared');
    await host.forResolution();
    assert.is(reads, 1);
  } finally {
    tree.close();
  }
});

linked('cached: an edit keeps the edges warm; pointing the link elsewhere rebuilds them', async () => {
  const root = repoWithLinks();
  const cacheDir = join(tempDir(), 'cache');
  let versions: ReadonlyMap<string, string> = new Map();
  const graph = async () => {
    const snapshot = await gitPort(root).snapshot();
    versions = snapshot.versions;
    return readImportGraph({ root, files: snapshot.files, versions, cacheDir });
  };
  assert.equal(edges((await graph()).graph, 'src/a.ts'), EXPECTED);
  appendFileSync(join(root, 'src/a.ts'), '// edited\n');
  const warm = await graph();
  assert.is(warm.mode, 'warm');
  assert.equal(edges(warm.graph, 'src/a.ts'), EXPECTED);
  rmSync(join(root, 'src/linked'));
  symlinkSync('../shared2', join(root, 'src/linked'));
  const moved = await graph();
  assert.is(moved.mode, 'cold', 'the link is part of what resolution read');
  assert.equal(edges(moved.graph, 'src/a.ts'), ['shared2/x.ts']);
  // The edited link's id is the one `git add` stores (its target's text), not git hash-object's (which fails on a folder).
  git(root, 'add', 'src/linked');
  assert.is(versions.get('src/linked'), git(root, 'ls-files', '-s', 'src/linked').split(' ')[1]);
});

linked.run();
