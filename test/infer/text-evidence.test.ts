import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { extractEvidence, itemText, type Candidate } from '../../src/analyze/infer/text-evidence.js';
import { makeItem } from '../helpers/items.js';

const pick = (cs: Candidate[], kind: Candidate['kind']) => cs.filter((c) => c.kind === kind).map((c) => c.value);

const extract = suite('extractEvidence');

extract('finds backticked and bare paths, with or without extension, and drops URLs and non-paths', () => {
  const cs = extractEvidence({
    title: 'Move pricing into `src/billing/`',
    body: ['See src/core/router.ts, ./lib/utils and `etag.ts`; README.md too. Not e.g. v1.2.3 or https://example.com/a/b.', '`packages/*/src/**/*.ts`'],
  });
  assert.equal(pick(cs, 'path'), ['README.md', 'etag.ts', 'lib/utils', 'packages/*/src/**/*.ts', 'src/billing/', 'src/core/router.ts']);
});

extract('reads the paths agents write with a place in them: file:line, #L anchors, links to the repository, backslashes', () => {
  const cs = extractEvidence({
    title: 'Crash in `./src/server/respond.ts:42`',
    body: [
      'The throw is at src/server/fetch.ts:118:7; see [utils.js#L323](https://github.com/acme/kit/blob/main/packages/kit/src/utils.js#L323).',
      'Also https://github.com/acme/kit/blob/4f2a1c9/packages/kit/src/cookie.js#L10-L20 and src\\core\\router.ts on Windows.',
      'Not a port: localhost:8080, nor a time 12:30, nor https://example.com/a/b.ts.',
    ],
  });
  assert.equal(pick(cs, 'path'), [
    'packages/kit/src/cookie.js',
    'packages/kit/src/utils.js',
    'src/core/router.ts',
    'src/server/fetch.ts',
    'src/server/respond.ts',
    'utils.js',
  ]);
});

extract('a comment in a code snippet names no path: JSDoc `/** … */`, `/* … */` and a glob of only wildcards', () => {
  const cs = extractEvidence({
    title: 'Type the store in JSDoc',
    body: ["```js\n/** @type {import('./types').Store} */\nlet store;\n/* keep */\n```", 'Files: `*/*` and src/*/index.js stay.'],
  });
  assert.equal(pick(cs, 'path'), ['src/*/index.js']);
});

extract('finds dotfile names, bare or backticked, and not method calls or words after a dot', () => {
  const cs = extractEvidence({ title: 'Bump .nvmrc and `.eslintrc.cjs`', body: ['Copy .env.example; call arr.map(x) and .then() as before.'] });
  assert.equal(pick(cs, 'path'), ['.env.example', '.eslintrc.cjs', '.nvmrc']);
});

extract('finds identifiers: backticked code and camelCase/PascalCase words, not plain capitalised words', () => {
  const cs = extractEvidence({
    title: 'Weak ETag comparison in `generateDigest`',
    body: ['`Router.add(path)` calls matchPath and MAX_ROUTES. Router is fine. `if (x) return`'],
  });
  assert.equal(pick(cs, 'identifier'), ['ETag', 'MAX_ROUTES', 'Router', 'add', 'generateDigest', 'matchPath']);
});

extract('in a span of several names, a plain lower-case word that is an argument, a property or a parameter is no name', () => {
  const cs = extractEvidence({
    title: 'fix: valid types for `[...path]` routes',
    body: [
      'Call `getAbortControllerCleanup(req)?.()`, read `props.error` and `server.fs.allow`, run `pnpm -F @acme/kit prepublishOnly`; `read` and `escape()` stay.',
    ],
  });
  assert.equal(pick(cs, 'identifier'), ['escape', 'getAbortControllerCleanup', 'prepublishOnly', 'props', 'read', 'server']);
});

extract('the object a property is read from is a name, unless it is a generic word: `build.sourcemap` is an option', () => {
  const cs = extractEvidence({ title: 'fix: honour `build.sourcemap` and `retry.methods`', body: [] });
  assert.equal(pick(cs, 'identifier'), ['retry']);
});

extract('a module specifier behind an alias is a partial path: `$app/paths`, `~/utils/x`', () => {
  const cs = extractEvidence({ title: 'feat: make `$app/paths` importable', body: ['From `~/utils/format` too; `$lib` is no path.'] });
  assert.equal(pick(cs, 'path'), ['app/paths', 'utils/format']);
});

extract('a backticked span that starts at `/` is a route or a URL path, not a file of the repository', () => {
  const cs = extractEvidence({ title: 'fix: resolve `/.well-known` and `/src/about`', body: ['`src/routing.ts` stays.'] });
  assert.equal(pick(cs, 'path'), ['src/routing.ts']);
});

extract('keeps the words as written that produced each candidate, and where they were written', () => {
  const cs = extractEvidence({ title: 'Fix `Router.add()`', body: ['Also `Router`.'] });
  const router = cs.find((c) => c.kind === 'identifier' && c.value === 'Router')!;
  assert.equal(router.words, ['Router', 'Router.add()']);
  assert.is(router.inTitle, true);
  assert.is(router.quoted, true);
});

extract('reads conventional-commit scopes, several at once, and a bare `scope:` prefix', () => {
  assert.equal(pick(extractEvidence({ title: 'fix(etag): weak comparison', body: [] }), 'scope'), ['etag']);
  assert.equal(pick(extractEvidence({ title: 'feat(api, db)!: breaking', body: [] }), 'scope'), ['api', 'db']);
  assert.equal(pick(extractEvidence({ title: 'router: trailing slashes', body: [] }), 'scope'), ['router']);
  assert.equal(pick(extractEvidence({ title: 'Router handles trailing slashes', body: [] }), 'scope'), []);
});

extract('finds package names and meaningful words; stop words, route paths and path parts are not words', () => {
  const cs = extractEvidence({ title: 'Retry in `@acme/client`', body: ['Update the rate-limit handling in the database. `/search/red+shirt` src/core/x.ts'] });
  assert.equal(pick(cs, 'package'), ['@acme/client']);
  assert.equal(pick(cs, 'word'), ['database', 'db', 'rate-limit', 'retry']);
  assert.equal(pick(cs, 'identifier'), []);
});

extract('reads the title and every section of an item', () => {
  const item = makeItem('001', { title: 'Fix `parseConfig`', sections: { description: 'in src/config/', notes: 'see `loadConfig`' } });
  const cs = extractEvidence(itemText(item));
  assert.equal(pick(cs, 'identifier'), ['loadConfig', 'parseConfig']);
  assert.equal(pick(cs, 'path'), ['src/config/']);
});

extract.run();
