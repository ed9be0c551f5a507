import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const compiled = new Map<string, ValidateFunction>();

export type SchemaName = 'config' | 'queue-item' | 'plan' | 'report' | 'run-status' | 'run-event' | 'run-summary';

/** One strict ajv instance; each schema compiled once, on first use. */
export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(loadSchema(name));
    compiled.set(name, validate);
  }
  return validate;
}

/** The schema document itself (shipped in `schemas/`). */
export function loadSchema(name: SchemaName): object {
  return require(`../schemas/${name}.schema.json`) as object;
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
