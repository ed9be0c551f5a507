import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { packagePath } from './package-root.js';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

export type SchemaName = 'config' | 'queue-item' | 'plan' | 'report' | 'run-status' | 'run-event' | 'run-summary' | 'infer';

/**
 * Each schema's validator, made once per process: the standalone one that the build wrote
 * (dist/compiled-schemas/, by scripts/compile-schemas.mjs) while it matches the schema, else
 * compiled by one strict ajv instance (loaded only then: ajv's compiler costs ~0.3 s).
 */
export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = precompiledValidator(name) ?? compileValidator(name);
    compiled.set(name, validate);
  }
  return validate;
}

function precompiledValidator(name: SchemaName): ValidateFunction | undefined {
  let module: ValidateFunction & { schemaHash?: string };
  try {
    module = require(packagePath('dist', 'compiled-schemas', `${name}.cjs`)) as typeof module;
  } catch {
    return undefined;
  }
  return module.schemaHash === schemaHash(name) ? module : undefined;
}

function compileValidator(name: SchemaName): ValidateFunction {
  if (!ajv) {
    const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  }
  return ajv.compile(loadSchema(name));
}

/** What scripts/compile-schemas.mjs records, to tell a stale build from a current one: the schema file's sha-256. */
export function schemaHash(name: SchemaName): string {
  return createHash('sha256')
    .update(readFileSync(schemaPath(name)))
    .digest('hex');
}

/** The schema document itself (shipped in `schemas/`). */
export function loadSchema(name: SchemaName): object {
  return JSON.parse(readFileSync(schemaPath(name), 'utf8')) as object;
}

function schemaPath(name: SchemaName): string {
  return packagePath('schemas', `${name}.schema.json`);
}

export function schemaErrors(name: SchemaName, data: unknown): ErrorObject[] {
  const validate = schemaValidator(name);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

/** One line per ajv error, for data we produce ourselves (plans, reports). */
export function formatSchemaErrors(errors: readonly ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('\n');
}

export type { ErrorObject };
