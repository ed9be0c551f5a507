import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { schemaErrors, schemaValidator, type SchemaName } from '../src/schemas.js';
import { FIXTURES, REPO_ROOT } from './helpers/git-repo.js';

const schemas = suite('schemas/');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

schemas('every schema compiles in strict mode and carries $id, title, description', () => {
  for (const file of readdirSync(join(REPO_ROOT, 'schemas'))) {
    const name = file.replace(/\.schema\.json$/, '') as SchemaName;
    const doc = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', file), 'utf8')) as Record<string, unknown>;
    assert.ok(doc.$id && doc.title && doc.description, file);
    assert.type(schemaValidator(name), 'function');
  }
});

schemas('every valid fixture config validates against config.schema.json', () => {
  const configs = [join(REPO_ROOT, 'parallel.config.yaml'), ...walk(FIXTURES).filter((f) => f.endsWith('parallel.config.yaml'))];
  const invalid = ['unknown-config-key', 'max-parallel-range', 'unknown-level'];
  let checked = 0;
  for (const file of configs) {
    if (invalid.some((name) => file.includes(`/${name}/`))) continue;
    assert.equal(schemaErrors('config', parse(readFileSync(file, 'utf8')) ?? {}), [], file);
    checked++;
  }
  assert.ok(checked >= 1);
});

schemas.run();
