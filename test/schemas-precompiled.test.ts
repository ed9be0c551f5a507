import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadSchema, schemaHash, type SchemaName } from '../src/schemas.js';
import { REPO_ROOT } from './helpers/git-repo.js';

const require = createRequire(import.meta.url);
const standaloneCode = (require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv2020, validate: unknown) => string }).default;
const names = readdirSync(join(REPO_ROOT, 'schemas'))
  .filter((f) => f.endsWith('.schema.json'))
  .map((f) => f.slice(0, -'.schema.json'.length) as SchemaName);
const samples: unknown[] = [
  {},
  [],
  null,
  'x',
  3,
  { version: 1, unknown_key: true },
  { autonomy: { level: 'L9', max_parallel: 0 } },
  { files: 'src/**', estimate: -1 },
  { queue: { dir: 7 } },
];

const standalone = suite('precompiled schema validators');

standalone('give the same errors as ajv.compile on every schema', () => {
  for (const name of names) {
    const options = { allErrors: true, strict: true, allowUnionTypes: true } as const;
    const reference = new Ajv2020(options).compile(loadSchema(name));
    const ajv = new Ajv2020({ ...options, code: { source: true } });
    const code = standaloneCode(ajv, ajv.compile(loadSchema(name)));
    const module = { exports: {} as { default?: typeof reference } };
    new Function('module', 'exports', 'require', code)(module, module.exports, require);
    const validate = module.exports as typeof reference;
    for (const sample of samples) {
      assert.is(validate(sample), reference(sample), `${name}: ${JSON.stringify(sample)}`);
      assert.equal(validate.errors ?? null, reference.errors ?? null, `${name}: ${JSON.stringify(sample)}`);
    }
  }
});

standalone('the build output matches the schemas (a stale build is recompiled, never trusted)', () => {
  const dir = join(REPO_ROOT, 'dist/compiled-schemas');
  if (!existsSync(dir)) return;
  for (const name of names) {
    const built = require(join(dir, `${name}.cjs`)) as { schemaHash: string };
    assert.is(built.schemaHash, schemaHash(name), `${name}: run npm run build`);
  }
});

standalone.run();
