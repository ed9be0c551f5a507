import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gitRepo } from '../helpers/git-repo.js';
import { commit, inferAll } from '../helpers/infer-repo.js';

/** A pnpm monorepo of scoped packages, each with its README beside the root one, as honojs/middleware is. */
function middleware(queue: Record<string, string>): string {
  const files: Record<string, string> = { 'README.md': '# middleware\n', 'package.json': '{ "name": "middleware", "private": true }\n' };
  for (const name of ['zod-validator', 'valibot-validator', 'session', 'sentry']) {
    files[`packages/${name}/package.json`] = `{ "name": "@hono/${name}", "version": "1.0.0" }\n`;
    files[`packages/${name}/README.md`] = `# @hono/${name}\n`;
    for (let i = 0; i < 5; i++) files[`packages/${name}/src/part${i}.ts`] = `export const ${name.replace(/-/g, '_')}${i} = ${i};\n`;
  }
  // What the items' other words find in the code: a second source to agree with the name.
  files['packages/zod-validator/src/part0.ts'] = '// runs the lifecycle of a request\nexport const zod_validator0 = 0;\n';
  files['packages/sentry/src/part0.ts'] = '// the lifecycle of a request\nexport const sentry0 = 0;\n';
  const root = gitRepo(undefined, files);
  for (let i = 0; i < 3; i++) commit(root, `fix(session): tweak ${i}`, { 'packages/session/src/part0.ts': `export const session0 = ${i + 10};\n` });
  commit(root, 'queue', queue);
  return root;
}

const names = suite('workspace packages named in prose');

names('a compound short name names its package; a single word only when written as code', async () => {
  const root = middleware({
    '.agent/queue/001-pending-hook.md': '# Share the request lifecycle\n\nMove zod-validator to the shared lifecycle.\n',
    '.agent/queue/002-pending-sentry.md': '# Report the request lifecycle to sentry\n',
    '.agent/queue/003-pending-code.md': '# Report the request lifecycle to `sentry`\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, ['packages/zod-validator/src/part0.ts']);
  // `sentry` is an ordinary word too: in prose it names no package, as code it does.
  assert.equal(got.get('002')!.paths, []);
  const code = got.get('003')!.paths;
  assert.ok(code.length > 0 && code.every((p) => p.startsWith('packages/sentry/')), code.join(' '));
});

names("a bare file name many packages share names the one in the package the item's scope or words name", async () => {
  const root = middleware({
    '.agent/queue/001-pending-readme.md': '# docs(session): document the cookie options in README.md\n',
    '.agent/queue/002-pending-readme-md.md': '# Document the options of valibot-validator in README.md\n',
    '.agent/queue/003-pending-bare.md': '# Document the cookie options in README.md\n',
  });
  const got = await inferAll(root);
  assert.equal(got.get('001')!.paths, ['packages/session/README.md']);
  assert.equal(got.get('002')!.paths, ['packages/valibot-validator/README.md']);
  // No package named: five READMEs, none of them.
  assert.equal(got.get('003')!.paths, []);
});

names("a compound scope that is a package's short name names the package, not a file named after it elsewhere (TUNING.scopeNamesPackageOnly)", async () => {
  const root = middleware({
    // A docs tool's options for the package: named like it, about it, not where its fixes land.
    'tools/docs/options/zod-validator.ts': 'export const zodValidatorDocs = { entry: "packages/zod-validator" };\n',
    '.agent/queue/001-pending-hook.md': '# fix(zod-validator): keep the hook order\n',
  });
  for (let i = 0; i < 3; i++)
    commit(root, `fix(zod-validator): tweak ${i}`, { 'packages/zod-validator/src/part1.ts': `export const zod_validator1 = ${i + 10};\n` });
  const got = await inferAll(root);
  // The package is bigger than a named folder stands whole: its busiest file.
  assert.equal(got.get('001')!.paths, ['packages/zod-validator/src/part1.ts']);
});

names.run();
