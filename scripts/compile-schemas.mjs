#!/usr/bin/env node
// Build step (after tsc): compile every schemas/*.schema.json into a standalone validator,
// dist/compiled-schemas/<name>.cjs, so the CLI never loads or runs the ajv compiler (it costs
// ~0.3 s per process, more than the whole pre-commit hook may take). Each file records a hash
// of its schema; src/schemas.ts uses it only while the hash matches and compiles otherwise.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/compiled-schemas');
mkdirSync(out, { recursive: true });
for (const file of readdirSync(join(root, 'schemas'))
  .filter((f) => f.endsWith('.schema.json'))
  .sort()) {
  const name = file.slice(0, -'.schema.json'.length);
  const bytes = readFileSync(join(root, 'schemas', file));
  const schema = JSON.parse(bytes.toString('utf8'));
  // The same options as src/schemas.ts, plus code.source, which standalone output needs.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, code: { source: true } });
  const code = standaloneCode.default(ajv, ajv.compile(schema));
  // Of the file's bytes, so the CLI checks it without parsing the schema.
  const hash = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(out, `${name}.cjs`), `${code}\nmodule.exports.schemaHash = ${JSON.stringify(hash)};\n`);
}
