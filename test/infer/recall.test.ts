import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildNameWords } from '../../src/analyze/infer/name-words.js';
import type { Tuning } from '../../src/analyze/infer/tuning.js';
import { gitRepo, writeFiles } from '../helpers/git-repo.js';
import { commit, inferAll } from '../helpers/infer-repo.js';

const named = suite('tests a title names');

named('a test named after a word of the title, near the file found, comes along; one in another tree or another version folder does not', async () => {
  const root = gitRepo(undefined, {
    'packages/lib/package.json': '{ "name": "lib" }\n',
    'packages/lib/src/v4/core/regexes.ts': 'export const datetimePattern = /x/;\n',
    'packages/lib/src/v4/classic/tests/datetime.test.ts': "test('datetime', () => {});\n",
    'packages/lib/src/v4/mini/tests/datetime.test.ts': "test('datetime', () => {});\n",
    'packages/lib/src/v3/tests/datetime.test.ts': "test('datetime', () => {});\n",
    'runtime-tests/deno/datetime.test.ts': "test('datetime', () => {});\n",
    '.agent/queue/001-pending-datetime.md': '# fix(core): drop the empty branch from the datetime pattern in `packages/lib/src/v4/core/regexes.ts`\n',
  });
  const got = (await inferAll(root)).get('001')!;
  // The v4 tests share the found file's v4/ folder; v3's does not; runtime-tests/ is another tree.
  assert.equal(got.paths, [
    'packages/lib/src/v4/classic/tests/datetime.test.ts',
    'packages/lib/src/v4/core/regexes.ts',
    'packages/lib/src/v4/mini/tests/datetime.test.ts',
  ]);
  assert.equal(got.entries.find((e) => e.path.endsWith('classic/tests/datetime.test.ts'))!.kinds, ['test']);
});

named('a test folder of the package counts (test/hooks.ts for a source/ file); words in code spans and near misses do not', async () => {
  const root = gitRepo(undefined, {
    'source/core/client.ts': 'export function runInitHooks() {}\n',
    'source/types/hooks.ts': 'export type InitHook = () => void;\n',
    'test/hooks.ts': "test('hooks', () => {});\n",
    'test/watcher.ts': "test('watcher', () => {});\n",
    'test/meta.ts': "test('meta', () => {});\n",
    '.agent/queue/001-pending-init-hook.md': '# Add an init hook to `source/core/client.ts`\n',
    '.agent/queue/002-pending-watch.md': '# Read `import.meta` and watch options in `source/core/client.ts`\n',
  });
  const got = await inferAll(root);
  assert.ok(got.get('001')!.paths.includes('test/hooks.ts'), 'hook ↔ hooks');
  // `watch` is not `watcher`, and `import.meta` is code, not a feature a test is named after.
  assert.not.ok(got.get('002')!.paths.includes('test/retry.ts'));
});

named('a test beside the file it tests belongs to that file (pairing finds it), not to a word of the title', () => {
  const index = buildNameWords([
    'src/utils/accept.ts',
    'src/utils/accept.test.ts',
    'src/helper/accepts/accepts.test.ts',
    'test/hooks.ts',
    'test/fixtures/x.ts',
  ]);
  assert.equal([...index.testWords.keys()], ['src/helper/accepts/accepts.test.ts', 'test/hooks.ts']);
  assert.equal(index.testWords.get('test/hooks.ts'), ['hook']);
});

named('more than two tests named by the same words: the words are too generic', async () => {
  const root = gitRepo(undefined, {
    'src/core/schema.ts': 'export const s = 1;\n',
    'tests/a/string.test.ts': "test('s', () => {});\n",
    'tests/b/string.test.ts': "test('s', () => {});\n",
    'tests/c/string.test.ts': "test('s', () => {});\n",
    '.agent/queue/001-pending-string.md': '# Measure string length in `src/core/schema.ts`\n',
  });
  assert.equal((await inferAll(root)).get('001')!.paths, ['src/core/schema.ts']);
});

named('a named test comes along only when the history shows it changing with the file found', async () => {
  // The first commit is a sweep (more files than a coupling commit holds): it pairs nothing.
  const padding = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`docs/page-${i}.md`, `# Page ${i}\n`]));
  const root = gitRepo(undefined, {
    ...padding,
    'source/core/client.ts': 'export function runInitHooks() {}\n',
    'test/hooks.ts': "test('hooks', () => {});\n",
    'test/retry.ts': "test('retry', () => {});\n",
  });
  commit(root, 'fix: run init hooks in order', {
    'source/core/client.ts': 'export function runInitHooks() { return 1; }\n',
    'test/hooks.ts': "test('hooks', () => 1);\n",
  });
  commit(root, 'test: retry timing', { 'test/retry.ts': "test('retry', () => 1);\n" });
  writeFiles(root, {
    '.agent/queue/001-pending-init-hook.md': '# Add an init hook to `source/core/client.ts`\n',
    '.agent/queue/002-pending-retry.md': '# Stop the retry after an abort in `source/core/client.ts`\n',
  });
  const got = await inferAll(root);
  assert.ok(got.get('001')!.paths.includes('test/hooks.ts'), 'test/hooks.ts changed with client.ts');
  // `retry` names test/retry.ts, but it never changed with client.ts: it covers other code.
  assert.not.ok(got.get('002')!.paths.includes('test/retry.ts'));
});

named('a test named only by a word most file names hold (`query` in a query library) is no test the title names (namedTestsNeedRareWord)', async () => {
  // Twelve of the thirty files have `query` in their name: every title says it.
  const files: Record<string, string> = {};
  for (const name of [
    'useQuery',
    'queryClient',
    'queryCache',
    'queryObserver',
    'infiniteQuery',
    'queryKey',
    'queryOptions',
    'useQueries',
    'prefetchQuery',
    'queryUtils',
    'mutationQuery',
  ])
    files[`src/${name}.ts`] = `export const ${name} = 1;\n`;
  for (let i = 0; i < 17; i++) files[`src/part${i}.ts`] = `export const part${i} = ${i};\n`;
  files['src/core/observer.ts'] = 'export function observe() {}\n';
  files['tests/query.test.ts'] = "test('query', () => {});\n";
  files['tests/idle.test.ts'] = "test('idle', () => {});\n";
  const root = gitRepo(undefined, files);
  commit(root, 'fix: observer fires twice', {
    'src/core/observer.ts': 'export function observe() { return 1; }\n',
    'tests/query.test.ts': "test('query', () => 1);\n",
    'tests/idle.test.ts': "test('idle', () => 1);\n",
  });
  // The observer mostly changes alone: its tests are no co-change partners.
  for (let i = 2; i < 6; i++) commit(root, `refactor: observer step ${i}`, { 'src/core/observer.ts': `export function observe() { return ${i}; }\n` });
  commit(root, 'queue', { '.agent/queue/001-pending-idle.md': '# fix: the observer keeps an idle query idle in `src/core/observer.ts`\n' });
  const paths = async (tuning?: Partial<Tuning>) => (await inferAll(root, tuning)).get('001')!.paths;
  assert.equal(await paths({ namedTestsNeedRareWord: false }), ['src/core/observer.ts', 'tests/idle.test.ts', 'tests/query.test.ts']);
  assert.equal(await paths(), ['src/core/observer.ts', 'tests/idle.test.ts']);
});

named('a found file with no test of its name brings the test it changed with most (pairlessTestShare)', async () => {
  const root = gitRepo(undefined, {
    'source/core/client.ts': 'export function sendWithRetries() {}\n',
    'source/core/delay.ts': 'export function delayFor() {}\n',
    'test/hooks.ts': "test('hooks', () => {});\n",
    'test/main.ts': "test('main', () => {});\n",
    'docs/retry.md': '# Retry\n',
  });
  // client.ts changed 5 times: twice with test/hooks.ts (2/5, below co-change's half), once with test/main.ts (1/5, below 0.3).
  commit(root, 'fix: hooks see the retry count', {
    'source/core/client.ts': 'export function sendWithRetries() { return 1; }\n',
    'test/hooks.ts': "test('hooks', () => 1);\n",
  });
  commit(root, 'fix: hooks run once', {
    'source/core/client.ts': 'export function sendWithRetries() { return 2; }\n',
    'test/hooks.ts': "test('hooks', () => 2);\n",
  });
  commit(root, 'feat: main export', {
    'source/core/client.ts': 'export function sendWithRetries() { return 3; }\n',
    'test/main.ts': "test('main', () => 1);\n",
  });
  commit(root, 'docs: retry', { 'source/core/client.ts': 'export function sendWithRetries() { return 4; }\n', 'docs/retry.md': '# Retries\n' });
  commit(root, 'perf: fewer timers', { 'source/core/client.ts': 'export function sendWithRetries() { return 5; }\n' });
  commit(root, 'queue', {
    '.agent/queue/001-pending-retry.md': '# fix: `sendWithRetries` gives up one attempt early\n',
    '.agent/queue/002-pending-refactor.md': '# refactor: rename `sendWithRetries` internals\n',
  });
  const on = await inferAll(root);
  assert.equal(on.get('001')!.paths, ['source/core/client.ts', 'test/hooks.ts']);
  assert.equal(on.get('001')!.entries.find((e) => e.path === 'test/hooks.ts')!.kinds, ['test']);
  // A refactor brings no tests (as a paired test), and the switch off brings none.
  assert.equal(on.get('002')!.paths, ['source/core/client.ts']);
  assert.equal((await inferAll(root, { pairlessTestShare: 0 })).get('001')!.paths, ['source/core/client.ts']);
});

const past = suite('past changes are compared by title');

past('a long body does not drown the title: a past commit with the same rare words still lends its files', async () => {
  const root = gitRepo(undefined, {
    'src/sync/retry.ts': 'export const r = 1;\n',
    'src/sync/queue.ts': 'export const q = 1;\n',
    'src/ui/button.ts': 'export const b = 1;\n',
  });
  commit(root, 'fix: offline sync retries forever', { 'src/sync/retry.ts': 'export const r = 2;\n' });
  commit(root, 'fix: offline sync drops retries after reload', { 'src/sync/retry.ts': 'export const r = 3;\n', 'src/sync/queue.ts': 'export const q = 2;\n' });
  commit(root, 'feat: rounded button', { 'src/ui/button.ts': 'export const b = 2;\n' });
  const prose =
    'Users on trains complain that the phone heats up and the battery drains while the application keeps hammering the backend. ' +
    'Product wants a calmer behaviour with exponential backoff, jitter, a ceiling, telemetry for the product dashboard, and a kill switch for operations.';
  writeFiles(root, { '.agent/queue/001-pending-offline.md': `# Offline sync retries are too aggressive\n\n## Description\n${prose}\n` });
  const got = (await inferAll(root)).get('001')!;
  assert.is(got.isWeak, false);
  assert.ok(got.paths.includes('src/sync/retry.ts'), got.paths.join(' '));
  assert.not.ok(got.paths.includes('src/ui/button.ts'));
});

past('a body that explains the change meets the body that explained a past one, under a subject that says nothing', async () => {
  const root = gitRepo(undefined, {
    'src/upload/form-data.ts': 'export const m = 1;\n',
    'src/upload/progress.ts': 'export const p = 1;\n',
    'src/ui/button.ts': 'export const b = 1;\n',
  });
  commit(root, 'Tweaks\n\nKeep the multipart boundary when a chunked upload is retried.', { 'src/upload/form-data.ts': 'export const m = 2;\n' });
  commit(root, 'Tweaks\n\nRounded corners for the button.', { 'src/ui/button.ts': 'export const b = 2;\n' });
  commit(root, 'Various fixes\n\nA retried chunked upload lost its multipart boundary again.', { 'src/upload/form-data.ts': 'export const m = 3;\n' });
  writeFiles(root, {
    '.agent/queue/001-pending-fixes.md':
      '# Small fixes\n\n## Description\nThe multipart boundary is dropped when a chunked upload is retried after a timeout.\n',
  });
  const got = (await inferAll(root)).get('001')!;
  assert.equal(got.paths, ['src/upload/form-data.ts']);
  assert.equal(got.entries[0].kinds, ['learned']);
});

const kind = suite('the kind of change agrees with what a file holds');

kind(
  'a docs: item, or one whose title is about documentation, whose words one page holds is inferred to that page; the same words alone stay unknown',
  async () => {
    const root = gitRepo(undefined, {
      'docs/config/server-options.md':
        '# Server options\n\n## server.proxy\n\nThe WebSocket upgrade checks the origin header before it reaches the target. The origin header of a WebSocket is checked unless the origin header check is turned off.\n',
      'docs/guide/index.md': '# Getting started\n\nInstall the package and run the dev server.\n',
      'src/server/http.ts': 'export function listen(port: number) { return port; }\n',
      'src/server/ws.ts': 'export function upgrade() { return 1; }\n',
      '.agent/queue/001-pending-docs.md': '# docs: WebSocket origin header\n',
      '.agent/queue/002-pending-plain.md': '# WebSocket origin header\n',
      '.agent/queue/003-pending-chore.md': '# chore: document the WebSocket origin header\n',
    });
    const got = await inferAll(root);
    assert.equal(got.get('001')!.paths, ['docs/config/server-options.md']);
    assert.is(got.get('002')!.isWeak, true);
    // A title about documentation says what the docs: type says.
    assert.equal(got.get('003')!.paths, ['docs/config/server-options.md']);
  },
);

kind('a scope naming a docs folder and a source file: a code change lands in the source file', async () => {
  const root = gitRepo(undefined, {
    'docs/config/index.md': '# Config\n',
    'docs/config/server-options.md': '# Server options\n',
    'src/node/config.ts': 'export function resolveConfig() { return {}; }\n',
    'src/node/server.ts': 'export function listen() { return 1; }\n',
    '.agent/queue/001-pending-fix.md': '# fix(config): close the bundle when generation fails\n',
    '.agent/queue/002-pending-refactor.md': '# docs(config): close the bundle when generation fails\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, ['src/node/config.ts']);
  assert.equal(got.get('001')!.entries[0].kinds, ['scope']);
  // A docs change may touch comments in code, so its kind rules nothing out; the source file is not its guess.
  assert.not.ok(got.get('002')!.entries.some((e) => e.path === 'src/node/config.ts'));
});

kind("a path written in the text is the author's word whatever the kind: ci: bump .nvmrc finds .nvmrc", async () => {
  const root = gitRepo(undefined, {
    '.nvmrc': '22\n',
    '.github/workflows/test.yml': 'on: push\n',
    'src/index.ts': 'export const a = 1;\n',
    '.agent/queue/001-pending-ci.md': '# ci: bump .nvmrc to 24\n',
  });
  assert.equal((await inferAll(root)).get('001')!.paths, ['.nvmrc']);
});

const alias = suite('a module specifier behind an alias');

alias('`$app/manifest` names the folder it ends in, as a word names a folder: whole when small, not a big one whole', async () => {
  const files: Record<string, string> = { 'packages/kit/src/runtime/app/manifest/index.js': 'export const routes = [];\n' };
  for (let i = 0; i < 6; i++) files[`packages/kit/src/runtime/app/paths/part${i}.js`] = `export const p${i} = 0;\n`;
  const root = gitRepo(undefined, files);
  writeFiles(root, {
    '.agent/queue/001-pending-manifest.md': '# feat: add `$app/manifest` module\n',
    '.agent/queue/002-pending-paths.md': '# feat: make `$app/paths` importable in workers\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, ['packages/kit/src/runtime/app/manifest/**']);
  // Six files: more than a named folder stands for whole (its busiest few at most).
  const paths = got.get('002')!.paths;
  assert.ok(!paths.includes('packages/kit/src/runtime/app/paths/**') && paths.length <= 3, paths.join(' '));
});

named.run();
past.run();
kind.run();
alias.run();
