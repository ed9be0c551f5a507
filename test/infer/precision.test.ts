import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gitRepo, writeFiles } from '../helpers/git-repo.js';
import { commit, inferAll } from '../helpers/infer-repo.js';

const template = suite('a pull-request template is not the item');

/** The checklist every pull request of the repository carries (sveltejs/kit's, abridged). */
const CHECKLIST = [
  '### Please do not delete this checklist! Before submitting the PR, please',
  'make sure you do the following:',
  '',
  '- [x] Run the tests with `pnpm test` and lint the project with `pnpm lint`',
  '- [ ] Changesets that add features should be `minor` and those that fix bugs',
  'should be `patch`. Please ensure that maintainers can edit this branch.',
].join('\n');

template('lines that recur in many past commit messages name nothing: `pnpm test` does not find the declaration of `test`', async () => {
  const root = gitRepo(undefined, {
    'test/utils.js': 'export function test() {}\nexport const minor = 1;\n',
    'src/load_data.js': 'export function loadData() {}\n',
    'src/cookies.js': 'export function readCookies() {}\n',
    'src/router.js': 'export function route() {}\n',
  });
  const edits = ['src/router.js', 'src/cookies.js', 'src/router.js', 'src/cookies.js', 'src/router.js'];
  edits.forEach((file, i) => commit(root, `fix: change ${i}\n\nWhat changed ${i}.\n\n---\n\n${CHECKLIST}`, { [file]: `export const v = ${i};\n` }));
  writeFiles(root, {
    '.agent/queue/001-pending-cookies.md': `# fix: error when reading set-cookie headers in \`loadData\`\n\n## Description\nThe guard was bypassed.\n\n---\n\n${CHECKLIST}\n`,
  });
  const got = (await inferAll(root)).get('001')!;
  assert.equal(got.paths, ['src/load_data.js']);
});

const crowd = suite('a subject many past commits share');

crowd('many past commits with the same subject lend only the files most of them changed: a format bot lends nothing', async () => {
  const files: Record<string, string> = { 'package.json': '{ "name": "app" }\n', 'pnpm-lock.yaml': 'lockfileVersion: 9\n' };
  for (let i = 0; i < 8; i++) files[`src/part${i}.ts`] = `export const p${i} = 0;\n`;
  const root = gitRepo(undefined, files);
  for (let i = 0; i < 8; i++) {
    commit(root, '[ci] format', { [`src/part${i}.ts`]: `export const p${i} =  1;\n` });
    commit(root, 'chore(deps): update all non-major dependencies', {
      'package.json': `{ "name": "app", "v": ${i} }\n`,
      'pnpm-lock.yaml': `lockfileVersion: ${i}\n`,
      [`src/part${i}.ts`]: `export const p${i} = 2;\n`,
    });
  }
  writeFiles(root, {
    '.agent/queue/001-pending-format.md': '# [ci] format\n',
    '.agent/queue/002-pending-deps.md': '# chore(deps): update all non-major dependencies\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, []);
  assert.equal(got.get('002')!.paths, ['package.json', 'pnpm-lock.yaml']);
});

const kebab = suite('a hyphenated code span is no code');

kebab('`no-store`, `content-type`, `pull-requests: write` are values and flags: their parts never resolve to declarations', async () => {
  const root = gitRepo(undefined, {
    'src/cache/headers.ts': 'export function cacheControl() {}\n',
    'test/apps/remote/data.ts': 'export const store = 1;\nexport const no = 2;\nexport const content = 3;\nexport const write = 4;\n',
  });
  writeFiles(root, {
    '.agent/queue/001-pending-cache.md':
      '# fix: send `no-store` from `cacheControl`\n\n## Description\nThe `content-type` stays; the workflow needs `pull-requests: write`.\n',
  });
  assert.equal((await inferAll(root)).get('001')!.paths, ['src/cache/headers.ts']);
});

const busiest = suite('a big folder stands for its busiest files');

busiest('release bookkeeping (changelog, manifest) is the busiest file of every package, not where a change lands; the manifest is, for a bump', async () => {
  const files: Record<string, string> = { 'package.json': '{ "private": true }\n' };
  files['packages/cloudflare/package.json'] = '{ "name": "@acme/cloudflare", "version": "1.0.0" }\n';
  files['packages/cloudflare/CHANGELOG.md'] = '# @acme/cloudflare\n';
  for (let i = 0; i < 30; i++) files[`packages/cloudflare/src/part${i}.ts`] = `export const p${i} = 0;\n`;
  const root = gitRepo(undefined, files);
  // Every release bumps the manifest and the changelog; the code changed in ones and twos.
  for (let i = 0; i < 6; i++) {
    commit(root, `Version Packages ${i}`, {
      'packages/cloudflare/package.json': `{ "name": "@acme/cloudflare", "version": "1.0.${i + 1}" }\n`,
      'packages/cloudflare/CHANGELOG.md': `# @acme/cloudflare\n\n## 1.0.${i + 1}\n`,
    });
    commit(root, `fix: part ${i}`, { 'packages/cloudflare/src/part0.ts': `export const p0 = ${i + 1};\n` });
  }
  writeFiles(root, {
    '.agent/queue/001-pending-cf.md': '# fix(@acme/cloudflare): keep the request id\n',
    '.agent/queue/002-pending-bump.md': '# chore(@acme/cloudflare): bump the worker types\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, ['packages/cloudflare/src/part0.ts']);
  assert.ok(got.get('002')!.paths.includes('packages/cloudflare/package.json'), got.get('002')!.paths.join(' '));
});

const notNames = suite('what looks like a name and is not');

notNames('a bare file name many files share names none of them, and a bare dot name names no folder', async () => {
  const files: Record<string, string> = { 'tsconfig.json': '{}\n', '.well-known/funding-manifest-urls': 'https://example.com\n' };
  for (const pkg of ['a', 'b', 'c', 'd', 'e', 'f']) files[`packages/${pkg}/tsconfig.json`] = '{}\n';
  files['src/routing.ts'] = 'export function resolvePath() {}\n';
  const root = gitRepo(undefined, files);
  writeFiles(root, {
    '.agent/queue/001-pending-tsconfig.md': '# chore: update `tsconfig.json`\n',
    '.agent/queue/002-pending-route.md': '# fix: expand escapes in `resolvePath`\n\n## Description\n`[x+2e]well-known` contributes `.well-known`.\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, []);
  assert.equal(got.get('002')!.paths, ['src/routing.ts']);
});

notNames("a plain word naming only a module-private declaration (a test's `server`) is as weak as a word", async () => {
  const root = gitRepo(undefined, {
    'src/config.ts': 'export function resolveConfig() {}\n',
    'src/__tests__/listen.spec.ts': 'const server = {};\nconst listenOnce = 1;\n',
  });
  writeFiles(root, {
    '.agent/queue/001-pending-fs.md': '# feat: add `input` to `server.fs.allow`\n',
    '.agent/queue/002-pending-listen.md': '# fix: `listenOnce` waits for the port\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, []);
  assert.equal(got.get('002')!.paths, ['src/__tests__/listen.spec.ts']);
});

notNames('the arguments, properties and route parameters in a code span name no declaration', async () => {
  const root = gitRepo(undefined, {
    'src/routing.ts': 'export function resolveRoute() {}\n',
    'src/adapter/index.ts': 'export const path = 1;\n',
    'src/log.ts': 'export const req = 1;\nexport const error = 2;\n',
  });
  writeFiles(root, {
    '.agent/queue/001-pending-route.md': '# fix: valid types for `[...path]` routes in `resolveRoute(req)`\n\n## Description\nRead `props.error` too.\n',
  });
  assert.equal((await inferAll(root)).get('001')!.paths, ['src/routing.ts']);
});

const untested = suite('a change that keeps behaviour leaves the tests alone');

untested("a perf, refactor, docs or chore change does not bring a found file's test; a fix does, and a chore about tests", async () => {
  const root = gitRepo(undefined, {
    'src/http/etag.ts': 'export function generateDigest() {}\n',
    'src/http/etag.test.ts': "import { generateDigest } from './etag';\n",
  });
  writeFiles(root, {
    '.agent/queue/001-pending-perf.md': '# perf: hash once in `generateDigest`\n',
    '.agent/queue/002-pending-refactor.md': '# refactor: split `generateDigest`\n',
    '.agent/queue/003-pending-fix.md': '# fix: weak comparison in `generateDigest`\n',
    '.agent/queue/004-pending-chore.md': '# chore: deflake the tests of `generateDigest`\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, ['src/http/etag.ts']);
  assert.equal(got.get('002')!.paths, ['src/http/etag.ts']);
  assert.equal(got.get('003')!.paths, ['src/http/etag.test.ts', 'src/http/etag.ts']);
  assert.equal(got.get('004')!.paths, ['src/http/etag.test.ts', 'src/http/etag.ts']);
});

const bookkeeping = suite('release bookkeeping is no footprint of a change');

bookkeeping('a `deps` scope names no `deps/` folder: it says a dependency update', async () => {
  const root = gitRepo(undefined, {
    'scripts/deps/update.ts': 'export function update() {}\n',
    'package.json': '{ "name": "app" }\n',
    'pnpm-lock.yaml': 'lockfileVersion: 9\n',
  });
  writeFiles(root, { '.agent/queue/001-pending-deps.md': '# chore(deps): update `magic-string` to v1\n' });
  assert.equal((await inferAll(root)).get('001')!.paths, []);
});

bookkeeping('only a release learns from past releases (the commits that wrote a changelog)', async () => {
  const files: Record<string, string> = {
    'packages/kit/package.json': '{ "name": "kit", "version": "1.0.0" }\n',
    'packages/kit/CHANGELOG.md': '# kit\n',
    'packages/kit/src/meta.js': "export const current = '1.0.0';\n",
  };
  for (let i = 0; i < 6; i++) files[`packages/kit/src/part${i}.js`] = `export const p${i} = 0;\n`;
  const root = gitRepo(undefined, files);
  for (let i = 0; i < 4; i++) {
    commit(root, 'Version Packages', {
      'packages/kit/package.json': `{ "name": "kit", "version": "1.0.${i + 1}" }\n`,
      'packages/kit/CHANGELOG.md': `# kit\n\n## 1.0.${i + 1}\n`,
      'packages/kit/src/meta.js': `export const current = '1.0.${i + 1}';\n`,
    });
    commit(root, `fix: part ${i} keeps the cookie`, { [`packages/kit/src/part${i}.js`]: `export const p${i} = ${i + 1};\n` });
  }
  writeFiles(root, {
    '.agent/queue/001-pending-checks.md': '# feat: more frequent version checks\n',
    '.agent/queue/002-pending-release.md': '# Version Packages\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, []);
  assert.ok(got.get('002')!.paths.includes('packages/kit/src/meta.js'), got.get('002')!.paths.join(' '));
});

bookkeeping('a release brings no tests of the files it bumps', async () => {
  const root = gitRepo(undefined, {
    'CHANGELOG.md': '# app\n',
    'src/version.js': "export const VERSION = '1.0.0';\n",
    'src/version.spec.js': "import { VERSION } from './version.js';\n",
  });
  for (let i = 0; i < 3; i++)
    commit(root, 'Version Packages', { 'CHANGELOG.md': `# app\n\n## 1.0.${i + 1}\n`, 'src/version.js': `export const VERSION = '1.0.${i + 1}';\n` });
  writeFiles(root, { '.agent/queue/001-pending-release.md': '# Version Packages\n' });
  assert.equal((await inferAll(root)).get('001')!.paths, ['CHANGELOG.md', 'src/version.js']);
});

template.run();
crowd.run();
busiest.run();
kebab.run();
notNames.run();
untested.run();
bookkeeping.run();
