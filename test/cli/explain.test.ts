import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waveplan } from '../helpers/cli.js';
import { git, gitRepo } from '../helpers/git-repo.js';

const explain = suite('waveplan explain (built CLI, fixtures/analyze/explain as a git repo)');
const repo = gitRepo('analyze/explain');

explain('explain A: write set with origins, read-set size, conflicts with evidence', async () => {
  const r = await waveplan(repo, ['explain', '002']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, '002 Itemise invoice lines (pending, .agent/queue/002-pending-invoice-lines.md)');
  assert.match(r.stdout, 'src/billing/invoice.ts  ← declared src/billing/**');
  assert.match(r.stdout, 'read set: 2 files');
  assert.match(r.stdout, 'data with 001: src/billing/invoice.ts → src/lib/index.ts (re-exports) → src/lib/money.ts');
});

explain('explain A B: may not run together, with the import chain and who reads', async () => {
  const r = await waveplan(repo, ['explain', '1', '2']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, '001 and 002 may not run together:');
  assert.match(r.stdout, 'data: src/billing/invoice.ts → src/lib/index.ts (re-exports) → src/lib/money.ts');
  assert.match(r.stdout, '002 writes src/billing/invoice.ts, which imports src/lib/money.ts through 1 module that re-exports it');
});

explain('explain A B: every conflict kind between them and the BlockedBy order', async () => {
  const r = await waveplan(repo, ['explain', '003', '005']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'file: web/cart.ts');
  assert.match(r.stdout, 'component: component web');
  assert.match(r.stdout, 'order: 005 is blocked by 003 (BlockedBy)');
});

explain('explain A B: may run together', async () => {
  const r = await waveplan(repo, ['explain', '002', '003']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, '002 and 003 may run together');
});

explain('an unknown footprint says so, once, and a pair with it may not run together (it runs alone)', async () => {
  const r = await waveplan(repo, ['explain', '004']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'unknown footprint');
  assert.not.match(r.stdout, 'write set (0 files)');
  const pair = await waveplan(repo, ['explain', '002', '004']);
  assert.is(pair.code, 0, pair.stderr);
  assert.match(pair.stdout, '002 and 004 may not run together:');
  assert.match(pair.stdout, 'alone: 004 has an unknown footprint');
});

explain('explain A: its wave, and what keeps it out of earlier ones', async () => {
  const late = await waveplan(repo, ['explain', '002']);
  assert.is(late.code, 0, late.stderr);
  assert.match(late.stdout, 'wave 3 of 3, with 005');
  assert.match(late.stdout, 'after 001 (wave 1): they conflict; the lower id runs and lands first');
  assert.match(late.stdout, 'wave 2: no room for it');
  assert.match((await waveplan(repo, ['explain', '005'])).stdout, 'after 003 (wave 1): BlockedBy');
  assert.match((await waveplan(repo, ['explain', '004'])).stdout, 'alone (an unknown footprint runs alone)');
  const data = JSON.parse((await waveplan(repo, ['explain', '002', '--json'])).stdout);
  assert.equal(data.placement, { wave: 3, waves: 3, with: ['005'], after: [{ item: '001', wave: 1, because: 'order' }] });
});

explain('explain A: a held item says why it is not scheduled', async () => {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-blocked-a.md': '---\nfiles: [a.ts]\n---\n# A\n',
    '.agent/queue/002-pending-b.md': '---\nfiles: [b.ts]\n---\n# B\n**BlockedBy**: 001\n',
  });
  const r = await waveplan(dir, ['explain', '002']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /held, not scheduled: .*001/);
});

explain('one item twice: exit 1, saying so', async () => {
  const r = await waveplan(repo, ['explain', '2', '002']);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'are the same item (002)');
});

explain('--json: the pair as data', async () => {
  const r = await waveplan(repo, ['explain', '001', '002', '--json']);
  assert.is(r.code, 0, r.stderr);
  const data = JSON.parse(r.stdout);
  assert.equal(
    data.conflicts.map((c: { kind: string; text: string }) => [c.kind, c.text]),
    [['data', 'src/billing/invoice.ts → src/lib/index.ts (re-exports) → src/lib/money.ts']],
  );
  assert.is(data.mayRunTogether, false);
});

explain('an unknown id: exit 1 with a did-you-mean, no stack', async () => {
  const r = await waveplan(repo, ['explain', '0055']);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'no item with id "0055"; did you mean "005"?');
  assert.not.match(r.stderr, /    at /);
});

explain('an unknown id in a long queue: the known ids are summed up, not all 300 listed', async () => {
  const items: Record<string, string> = {};
  for (let n = 1; n <= 300; n++) items[`.agent/queue/${String(n).padStart(3, '0')}-pending-task.md`] = `---\nfiles: [src/t${n}.ts]\n---\n# Task ${n}\n`;
  const dir = gitRepo(undefined, items);
  for (const args of [
    ['explain', 'abc'],
    ['infer', 'abc'],
  ]) {
    const r = await waveplan(dir, args);
    assert.is(r.code, 1);
    assert.match(r.stderr, 'no item with id "abc"; known ids: 001, 002, 003, 004, 005, …, 296, 297, 298, 299, 300 (300 items)', args.join(' '));
  }
});

explain('CommonJS re-exports (module.exports = require(x), exports.name = require(x)) are followed like export * from', async () => {
  // express's layout: index.js re-exports lib/express.js; an example requires the package root.
  const dir = gitRepo(undefined, {
    'package.json': JSON.stringify({ name: 'express', main: 'index.js' }),
    'index.js': "'use strict';\n\nmodule.exports = require('./lib/express');\n",
    'lib/express.js': "exports = module.exports = function createApplication() {};\nexports.Router = require('./router');\n",
    'lib/router/index.js': 'module.exports = function Router() {};\n',
    'examples/app.js': "var express = require('../');\nexpress();\n",
    'examples/routes.js': "var Router = require('../lib/express').Router;\n",
    '.agent/queue/001-pending-example.md': '---\nfiles: [examples/app.js]\n---\n# Example\n',
    '.agent/queue/002-pending-core.md': '---\nfiles: [lib/express.js]\n---\n# Core\n',
    '.agent/queue/003-pending-routes.md': '---\nfiles: [examples/routes.js]\n---\n# Routes\n',
    '.agent/queue/004-pending-router.md': '---\nfiles: [lib/router/index.js]\n---\n# Router\n',
  });
  const core = await waveplan(dir, ['explain', '001', '002']);
  assert.match(core.stdout, 'may not run together', core.stdout);
  assert.match(core.stdout, 'examples/app.js → index.js (re-exports) → lib/express.js');
  const router = await waveplan(dir, ['explain', '003', '004']);
  assert.match(router.stdout, 'may not run together', router.stdout);
  assert.match(router.stdout, 'lib/express.js (re-exports) → lib/router/index.js');
});

explain("CommonJS re-exports of a required binding and of an object literal are followed (undici's index.js)", async () => {
  // undici: `const Client = require('./lib/client')` then `module.exports.Client = Client`;
  // elsewhere `module.exports = { a: require('./a'), Agent }`. Both pass modules on.
  const dir = gitRepo(undefined, {
    'package.json': JSON.stringify({ name: 'undici', main: 'index.js' }),
    'index.js':
      "'use strict'\n\nconst Client = require('./lib/client')\nconst { Pool } = require('./lib/pool')\nconst util = require('./lib/util')\n\nmodule.exports.Client = Client\nmodule.exports.Pool = Pool\n",
    'lib/client.js': 'module.exports = class Client {}\n',
    'lib/pool.js': 'class Pool {}\nmodule.exports = { Pool }\n',
    'lib/util.js': 'module.exports = { noop () {} }\n',
    'lib/index.js': "const Agent = require('./agent')\nfunction helper () {}\n\nmodule.exports = {\n  a: require('./a'),\n  Agent,\n  helper\n}\n",
    'lib/a.js': 'module.exports = 1\n',
    'lib/agent.js': 'module.exports = class Agent {}\n',
    'examples/app.js': "const { Client, Pool } = require('../')\nnew Client(new Pool())\n",
    'examples/two.js': "const lib = require('../lib')\nlib.a\n",
    '.agent/queue/001-pending-example.md': '---\nfiles: [examples/app.js]\n---\n# Example\n',
    '.agent/queue/002-pending-client.md': '---\nfiles: [lib/client.js]\n---\n# Client\n',
    '.agent/queue/003-pending-pool.md': '---\nfiles: [lib/pool.js]\n---\n# Pool\n',
    '.agent/queue/004-pending-two.md': '---\nfiles: [examples/two.js]\n---\n# Two\n',
    '.agent/queue/005-pending-a.md': '---\nfiles: [lib/a.js]\n---\n# A\n',
    '.agent/queue/006-pending-agent.md': '---\nfiles: [lib/agent.js]\n---\n# Agent\n',
    '.agent/queue/007-pending-util.md': '---\nfiles: [lib/util.js]\n---\n# Util\n',
  });
  const client = await waveplan(dir, ['explain', '001', '002']);
  assert.match(client.stdout, 'may not run together', client.stdout);
  assert.match(client.stdout, 'examples/app.js → index.js (re-exports) → lib/client.js');
  const pool = await waveplan(dir, ['explain', '001', '003']);
  assert.match(pool.stdout, 'examples/app.js → index.js (re-exports) → lib/pool.js', pool.stdout);
  const a = await waveplan(dir, ['explain', '004', '005']);
  assert.match(a.stdout, 'examples/two.js → lib/index.js (re-exports) → lib/a.js', a.stdout);
  const agent = await waveplan(dir, ['explain', '004', '006']);
  assert.match(agent.stdout, 'examples/two.js → lib/index.js (re-exports) → lib/agent.js', agent.stdout);
  // index.js requires lib/util.js but does not export it: the example does not read it.
  const util = await waveplan(dir, ['explain', '001', '007']);
  assert.match(util.stdout, 'may run together', util.stdout);
});

explain('a destructuring require takes only its names, as a named import does; a require kept whole takes everything', async () => {
  // undici's tests: `const { Pool } = require('..')` reads index.js and lib/pool.js, not every module index.js passes on.
  const dir = gitRepo(undefined, {
    'package.json': JSON.stringify({ name: 'undici', main: 'index.js' }),
    'index.js': "const Client = require('./lib/client')\nconst { Pool } = require('./lib/pool')\nmodule.exports = { Client, Pool }\n",
    'lib/client.js': 'module.exports = class Client {}\n',
    'lib/pool.js': 'module.exports.Pool = class Pool {}\n',
    'test/pool.js': "const { Pool } = require('..')\nnew Pool()\n",
    'test/all.js': "const undici = require('..')\n",
    'test/lazy.js': "const { Pool } = require('..')\nfunction later () { return require('..').Client }\n",
    '.agent/queue/001-pending-pool-test.md': '---\nfiles: [test/pool.js]\n---\n# Pool test\n',
    '.agent/queue/002-pending-client.md': '---\nfiles: [lib/client.js]\n---\n# Client\n',
    '.agent/queue/003-pending-pool.md': '---\nfiles: [lib/pool.js]\n---\n# Pool\n',
    '.agent/queue/004-pending-all-test.md': '---\nfiles: [test/all.js]\n---\n# All\n',
    '.agent/queue/005-pending-lazy-test.md': '---\nfiles: [test/lazy.js]\n---\n# Lazy\n',
  });
  const other = await waveplan(dir, ['explain', '001', '002']);
  assert.match(other.stdout, 'may run together', other.stdout);
  const same = await waveplan(dir, ['explain', '001', '003']);
  assert.match(same.stdout, 'test/pool.js → index.js (re-exports) → lib/pool.js', same.stdout);
  const whole = await waveplan(dir, ['explain', '004', '002']);
  assert.match(whole.stdout, 'test/all.js → index.js (re-exports) → lib/client.js', whole.stdout);
  const lazy = await waveplan(dir, ['explain', '005', '002']);
  assert.match(lazy.stdout, 'test/lazy.js → index.js (re-exports) → lib/client.js', lazy.stdout);
});

explain('JavaScript requiring a package with hand-written types reads the code it runs, not only the .d.ts (undici, fastify)', async () => {
  // package.json "types": "index.d.ts": TypeScript resolves require('..') to index.d.ts, but Node
  // runs index.js; the test ran beside the item changing lib/client.js.
  const dir = gitRepo(undefined, {
    'package.json': JSON.stringify({ name: 'undici', main: 'index.js', types: 'index.d.ts' }),
    'index.js': "const Client = require('./lib/client')\nmodule.exports.Client = Client\n",
    'index.d.ts': "export { default as Client } from './types/client'\n",
    'types/client.d.ts': 'export default class Client {}\n',
    'lib/client.js': 'module.exports = class Client {}\n',
    'lib/util.js': 'module.exports = {}\n',
    'lib/util.d.ts': 'export {}\n',
    'lib/pool.js': "const util = require('./util')\n",
    'test/client.js': "const { Client } = require('..')\nnew Client()\n",
    'test/types/client.test-d.ts': "import { Client } from '../..'\nnew Client()\n",
    '.agent/queue/001-pending-test.md': '---\nfiles: [test/client.js]\n---\n# Test\n',
    '.agent/queue/002-pending-client.md': '---\nfiles: [lib/client.js]\n---\n# Client\n',
    '.agent/queue/003-pending-types.md': '---\nfiles: [types/client.d.ts]\n---\n# Types\n',
    '.agent/queue/004-pending-type-test.md': '---\nfiles: [test/types/client.test-d.ts]\n---\n# Type test\n',
    '.agent/queue/005-pending-pool.md': '---\nfiles: [lib/pool.js]\n---\n# Pool\n',
    '.agent/queue/006-pending-util.md': '---\nfiles: [lib/util.js]\n---\n# Util\n',
    // A JSDoc type import is a type reference: it reads the declarations, as TypeScript checks it (fastify's lib/log-controller.js).
    'lib/agent.js': "/** @param {import('../index').Client} c */\nfunction agent (c) {}\nmodule.exports = agent\n",
    '.agent/queue/007-pending-agent.md': '---\nfiles: [lib/agent.js]\n---\n# Agent\n',
  });
  const runtime = await waveplan(dir, ['explain', '001', '002']);
  assert.is(runtime.code, 0, runtime.stderr);
  assert.match(runtime.stdout, 'test/client.js → index.js (re-exports) → lib/client.js', runtime.stdout);
  const types = await waveplan(dir, ['explain', '004', '003']);
  assert.match(types.stdout, 'test/types/client.test-d.ts → index.d.ts (re-exports) → types/client.d.ts', types.stdout);
  const sibling = await waveplan(dir, ['explain', '005', '006']);
  assert.match(sibling.stdout, 'data: lib/pool.js → lib/util.js', sibling.stdout);
  const typeOnly = await waveplan(dir, ['explain', '007', '003']);
  assert.match(typeOnly.stdout, 'lib/agent.js → index.d.ts (re-exports) → types/client.d.ts', typeOnly.stdout);
  const notRuntime = await waveplan(dir, ['explain', '007', '002']);
  assert.match(notRuntime.stdout, 'may run together', notRuntime.stdout);
});

explain('a files: path or glob inside a git submodule writes the submodule (its commit), the path the item bumping it names', async () => {
  // nodejs/undici's test/web-platform-tests/wpt: `wpt/**` warned "matches no file (a typo?)" and
  // `wpt/fetch/x.js` was a new file, both beside the item bumping the submodule.
  const dir = gitRepo(undefined, {
    '.gitmodules': '[submodule "wpt"]\n\tpath = test/wpt\n\turl = https://example.invalid/wpt.git\n',
    '.agent/queue/001-pending-bump.md': '---\nfiles: [test/wpt]\n---\n# Bump the WPT submodule\n',
    '.agent/queue/002-pending-all.md': '---\nfiles: ["test/wpt/**"]\n---\n# Update WPT\n',
    '.agent/queue/003-pending-one.md': '---\nfiles: [test/wpt/fetch/x.js]\n---\n# One WPT file\n',
  });
  git(dir, 'update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},test/wpt`);
  git(dir, 'commit', '-q', '-m', 'submodule');
  const glob = await waveplan(dir, ['explain', '001', '002']);
  assert.is(glob.code, 0, glob.stderr);
  assert.match(glob.stdout, 'file: test/wpt', glob.stdout);
  assert.not.match(glob.stderr, 'ITEM_GLOB_EMPTY');
  const one = await waveplan(dir, ['explain', '001', '003']);
  assert.match(one.stdout, 'file: test/wpt', one.stdout);
  const valid = await waveplan(dir, ['validate']);
  assert.is(valid.code, 0);
  assert.not.match(valid.stderr, 'ITEM_GLOB_EMPTY', valid.stderr);
});

explain('a files: path through a committed symbolic link to a folder is the file it leads to', async () => {
  // apps/web/shared -> ../../packages/shared (committed): an item naming the file through the link
  // was taken to create a new file, and ran beside the item changing the real one.
  const dir = gitRepo(undefined, {
    'packages/shared/money.ts': 'export const round = (n: number) => n;\n',
    'apps/web/page.ts': "import { round } from './shared/money';\nround(1);\n",
    '.agent/queue/001-pending-via-link.md': '---\nfiles: [apps/web/shared/money.ts]\n---\n# Via the link\n',
    '.agent/queue/002-pending-real.md': '---\nfiles: [packages/shared/money.ts]\n---\n# The real file\n',
    '.agent/queue/003-pending-glob.md': '---\nfiles: ["apps/web/shared/**"]\n---\n# Every shared file, through the link\n',
  });
  symlinkSync('../../packages/shared', join(dir, 'apps/web/shared'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'link');
  const pair = await waveplan(dir, ['explain', '001', '002']);
  assert.is(pair.code, 0, pair.stderr);
  assert.match(pair.stdout, 'may not run together', pair.stdout);
  assert.match(pair.stdout, 'file: packages/shared/money.ts');
  const glob = await waveplan(dir, ['explain', '003', '002']);
  assert.match(glob.stdout, 'file: packages/shared/money.ts', glob.stdout);
});

explain('an item whose only files: entry is a typo: explain names the entry instead of saying it declares no files', async () => {
  // On hono, `files: [src/middlware/csrf/**]` gave "unknown footprint (no files, branch, component or resource)".
  const dir = gitRepo(undefined, {
    'src/middleware/csrf/index.ts': 'export const csrf = 1;\n',
    'src/other.ts': 'export const other = 1;\n',
    '.agent/queue/001-pending-csrf.md': '---\nfiles: [src/middlware/csrf/**]\n---\n# csrf: exempt OPTIONS\n',
    '.agent/queue/002-pending-other.md': '---\nfiles: [src/other.ts]\n---\n# Other\n',
  });
  const one = await waveplan(dir, ['explain', '001']);
  assert.is(one.code, 0, one.stderr);
  assert.match(one.stdout, 'unknown footprint: its files: entry src/middlware/csrf/** matches no file in the repository (a typo?)');
  assert.not.match(one.stdout, 'no files, branch');
  const pair = await waveplan(dir, ['explain', '001', '002']);
  assert.match(pair.stdout, 'alone: 001 has an unknown footprint (its files: entry src/middlware/csrf/** matches no file in the repository)');
});

explain('a symbol-level entry: explain says which symbols the item writes, not just "declared"', async () => {
  // On hono, files: ["src/request.ts#HonoRequest"] was explained as "src/request.ts  ← declared",
  // the same words as the whole file, so the symbol-level write set could not be checked there.
  const dir = gitRepo(undefined, {
    'src/request.ts': 'export class HonoRequest {\n  param() {\n    return 1;\n  }\n}\nexport function other() {\n  return 2;\n}\n',
    '.agent/queue/001-pending-params.md': '---\nfiles: ["src/request.ts#HonoRequest.param", "src/request.ts#other"]\n---\n# Params\n',
  });
  const r = await waveplan(dir, ['explain', '001']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'src/request.ts  ← declared #HonoRequest.param, #other (only these symbols)');
});

explain.run();
