import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../src/config/defaults.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { FRONTMATTER_KEYS } from '../../src/queue/parse-item.js';

// The config's shape lives in four places (docs/architecture.md, "A config key"): the schema (the
// source of truth), the `Config` type, `defaultConfig` and the merge in `parseConfig`. These tests
// fail, naming the key, when one of them gains or loses a key, a value kind or a default.

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  $ref?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
};

const fromRoot = (rel: string) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));
const configSchema = JSON.parse(readFileSync(fromRoot('schemas/config.schema.json'), 'utf8')) as Schema & { $defs: Record<string, Schema> };
const itemSchema = JSON.parse(readFileSync(fromRoot('schemas/queue-item.schema.json'), 'utf8')) as Schema & { $defs: Record<string, Schema> };

/** Keys the schema accepts that never reach `Config`: each is folded into another key by `parseConfig`. */
const INPUT_ONLY = new Map([
  ['$schema', 'the editor hint, ignored'],
  ['autonomy.l3_settings', 'the ecosystem alias, merged into autonomy'],
]);
/** Sections with no default: optional in the type, absent from `defaultConfig`. */
const OPTIONAL = new Set(['tracking.github']);

/** The node with its `$ref` followed; keywords beside the `$ref` (default, description) are kept. */
function resolve(node: Schema, root: { $defs: Record<string, Schema> }): Schema {
  if (!node.$ref) return node;
  const { $ref, ...beside } = node;
  const target = root.$defs[$ref.replace('#/$defs/', '')];
  if (!target) throw new Error(`unknown $ref ${$ref}`);
  return { ...resolve(target, root), ...beside };
}

/** A schema node as a type expression (members sorted), or the properties of an object. */
function schemaShape(node: Schema, root: { $defs: Record<string, Schema> }): string | Map<string, Schema> {
  const n = resolve(node, root);
  if (n.properties) return new Map(Object.entries(n.properties));
  return schemaText(n, root);
}

function schemaText(node: Schema, root: { $defs: Record<string, Schema> }): string {
  const n = resolve(node, root);
  if (n.oneOf) return union(n.oneOf.flatMap((m) => schemaText(m, root).split(' | ')));
  if (n.enum) return union(n.enum.map((v) => JSON.stringify(v)));
  const types = Array.isArray(n.type) ? n.type : n.type ? [n.type] : [];
  return union(
    types.map((t) => {
      if (t === 'integer') return 'number';
      if (t === 'array') return arrayOf(schemaText(n.items ?? {}, root));
      if (t === 'object' && typeof n.additionalProperties === 'object') return `Record<string, ${schemaText(n.additionalProperties, root)}>`;
      return t;
    }),
  );
}

function union(members: string[]): string {
  return [...new Set(members)].sort().join(' | ') || 'unknown';
}

function arrayOf(item: string): string {
  return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
}

const program = ts.createProgram([fromRoot('src/types.ts'), fromRoot('src/queue/parse-item.ts')], {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  types: [],
});
const checker = program.getTypeChecker();

function declaredType(file: string, name: string): ts.Type {
  const source = program.getSourceFile(fromRoot(file));
  if (!source) throw new Error(`${file} not in the program`);
  const module = checker.getSymbolAtLocation(source);
  const symbol = module && checker.getExportsOfModule(module).find((s) => s.name === name);
  if (!symbol) throw new Error(`${name} not declared in ${file}`);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

function isPlainObject(type: ts.Type): boolean {
  return (type.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(type) && checker.getIndexInfosOfType(type).length === 0;
}

/** A TypeScript type in the same notation as `schemaText`; `undefined` (optional) is left out. */
function typeText(type: ts.Type): string {
  if (type.isUnion()) {
    const members = type.types.filter((t) => (t.flags & ts.TypeFlags.Undefined) === 0);
    const booleans = members.filter((t) => (t.flags & ts.TypeFlags.BooleanLiteral) !== 0);
    const rest = members.filter((t) => (t.flags & ts.TypeFlags.BooleanLiteral) === 0).flatMap((t) => typeText(t).split(' | '));
    return union([...rest, ...(booleans.length === 2 ? ['boolean'] : booleans.map((t) => checker.typeToString(t)))]);
  }
  if (type.isStringLiteral()) return JSON.stringify(type.value);
  if (type.flags & ts.TypeFlags.String) return 'string';
  if (type.flags & ts.TypeFlags.Number) return 'number';
  if (type.flags & ts.TypeFlags.Boolean) return 'boolean';
  if (type.flags & ts.TypeFlags.Null) return 'null';
  if (checker.isArrayType(type)) return arrayOf(typeText(checker.getTypeArguments(type as ts.TypeReference)[0]!));
  const index = checker.getIndexInfosOfType(type);
  if (index.length === 1 && checker.getPropertiesOfType(type).length === 0) return `Record<string, ${typeText(index[0]!.type)}>`;
  return checker.typeToString(type);
}

/** An optional property's type without the `undefined` strict mode adds (null stays: it is a value). */
function withoutUndefined(type: ts.Type): ts.Type {
  if (!type.isUnion()) return type;
  const members = type.types.filter((t) => (t.flags & ts.TypeFlags.Undefined) === 0);
  return members.length === 1 ? members[0]! : type;
}

function propertiesOf(type: ts.Type): Map<string, { type: ts.Type; optional: boolean }> {
  return new Map(
    checker
      .getPropertiesOfType(type)
      .map((p) => [p.name, { type: withoutUndefined(checker.getTypeOfSymbol(p)), optional: (p.flags & ts.SymbolFlags.Optional) !== 0 }]),
  );
}

/** Every difference between a schema object and a TypeScript object type, as `path: …` lines. */
function compare(path: string, node: Schema, type: ts.Type, root: { $defs: Record<string, Schema> }, optional: (path: string) => boolean): string[] {
  const out: string[] = [];
  const schemaProps = schemaShape(node, root);
  if (!(schemaProps instanceof Map)) return [`${path}: the schema has ${schemaProps}, not an object`];
  const typeProps = propertiesOf(type);
  for (const [key, child] of schemaProps) {
    const at = path ? `${path}.${key}` : key;
    if (INPUT_ONLY.has(at) && root === configSchema) continue;
    const prop = typeProps.get(key);
    if (!prop) {
      out.push(`${at}: in the schema, missing from the type`);
      continue;
    }
    if (prop.optional !== optional(at))
      out.push(`${at}: ${prop.optional ? 'optional' : 'required'} in the type, expected ${optional(at) ? 'optional' : 'required'}`);
    const shape = schemaShape(child, root);
    if (shape instanceof Map) {
      if (!isPlainObject(prop.type)) out.push(`${at}: an object in the schema, ${typeText(prop.type)} in the type`);
      else out.push(...compare(at, child, prop.type, root, optional));
    } else {
      const declared = typeText(prop.type);
      if (declared !== shape) out.push(`${at}: ${shape} in the schema, ${declared} in the type`);
    }
  }
  for (const key of typeProps.keys()) if (!schemaProps.has(key)) out.push(`${path ? `${path}.${key}` : key}: in the type, missing from the schema`);
  return out;
}

const configOptional = (path: string) => [...OPTIONAL].some((o) => path === o || path.startsWith(`${o}.`));

/** [path, schema node] of every leaf of the config schema with a default, outside the input-only keys. */
function leaves(node: Schema, path = ''): Array<[string, Schema]> {
  const shape = schemaShape(node, configSchema);
  if (!(shape instanceof Map)) return [[path, resolve(node, configSchema)]];
  return [...shape].flatMap(([key, child]) => {
    const at = path ? `${path}.${key}` : key;
    return INPUT_ONLY.has(at) ? [] : leaves(child, at);
  });
}

const valueAt = (object: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], object);

/** A valid value for a schema leaf that differs from its default. */
function otherValue(path: string, node: Schema): unknown {
  const samples: Record<string, unknown> = {
    'run.min_free_memory': '2GiB',
    'analysis.components': { web: ['web/**'] },
    'analysis.resources': { db: ['db/**'] },
  };
  if (path in samples) return samples[path];
  if (node.enum) return node.enum.find((v) => v !== node.default);
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('boolean')) return !(node.default as boolean);
  if (types.includes('integer'))
    return (node.default as number) + 1 <= (node.maximum ?? Infinity) ? (node.default as number) + 1 : (node.default as number) - 1;
  if (types.includes('number')) return 1.5;
  if (types.includes('string')) {
    const value = 'some/where';
    if (node.pattern && !new RegExp(node.pattern, 'u').test(value)) throw new Error(`${path}: add a valid sample value for pattern ${node.pattern}`);
    return value;
  }
  if (types.includes('array')) return ['label'];
  throw new Error(`${path}: no sample value for ${JSON.stringify(node)}`);
}

function toYaml(path: string, value: unknown): string {
  const keys = path.split('.');
  return keys.reduceRight<string>((inner, key) => `{ ${key}: ${inner} }`, JSON.stringify(value)).slice(2, -2);
}

const agree = suite('config: schema, type, defaults and merge agree');

agree('every schema key is in the Config type with the same value kind and optionality, and the type has no other key', () => {
  assert.equal(compare('', configSchema, declaredType('src/types.ts', 'Config'), configSchema, configOptional), []);
});

agree('defaultConfig holds every key with a default, with the schema’s default value, and no key the schema lacks', () => {
  const defaults = defaultConfig();
  const problems: string[] = [];
  for (const [path, node] of leaves(configSchema)) {
    if (configOptional(path)) {
      if (valueAt(defaults, path) !== undefined) problems.push(`${path}: optional, but defaultConfig sets it`);
      continue;
    }
    if (!('default' in node)) problems.push(`${path}: no default in the schema`);
    else if (JSON.stringify(valueAt(defaults, path)) !== JSON.stringify(node.default))
      problems.push(`${path}: default ${JSON.stringify(node.default)} in the schema, ${JSON.stringify(valueAt(defaults, path))} in defaultConfig`);
  }
  const known = new Set(leaves(configSchema).map(([p]) => p));
  const walk = (value: unknown, path: string): void => {
    if (known.has(path)) return;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else problems.push(`${path}: in defaultConfig, not a key of the schema`);
  };
  walk(defaults, '');
  assert.equal(problems, []);
});

agree('parseConfig carries every key: a config setting one key to another valid value gets that value', () => {
  const problems: string[] = [];
  for (const [path, node] of leaves(configSchema)) {
    const value = otherValue(path, node);
    const text = `${toYaml(path, value)}\n`;
    const { config, diagnostics } = parseConfig(text, 'parallel.config.yaml');
    if (diagnostics.length > 0) problems.push(`${path}: ${text.trim()} gave ${diagnostics.map((d) => d.message).join('; ')}`);
    else if (JSON.stringify(valueAt(config, path)) !== JSON.stringify(value))
      problems.push(`${path}: set to ${JSON.stringify(value)}, parsed as ${JSON.stringify(valueAt(config, path))}`);
  }
  assert.equal(problems, []);
});

agree('the alias block autonomy.l3_settings holds only keys of autonomy', () => {
  const autonomy = resolve(configSchema.properties!.autonomy!, configSchema).properties!;
  for (const key of Object.keys(resolve(autonomy.l3_settings!, configSchema).properties!)) assert.ok(key in autonomy, key);
});

agree('the comparison itself finds a difference (a type that misses a key, has another, or differs in kind)', () => {
  const schema: Schema & { $defs: Record<string, Schema> } = {
    $defs: {},
    properties: { a: { type: 'string' }, b: { enum: ['x', 'y'] }, c: { type: ['number', 'null'] } },
  };
  const type = declaredType('src/types.ts', 'QueueConfig'); // { dir: string }
  assert.equal(
    compare('', schema, type, schema, () => false),
    [
      'a: in the schema, missing from the type',
      'b: in the schema, missing from the type',
      'c: in the schema, missing from the type',
      'dir: in the type, missing from the schema',
    ],
  );
  const same: Schema & { $defs: Record<string, Schema> } = { $defs: {}, properties: { dir: { type: 'integer' } } };
  assert.equal(
    compare('', same, type, same, () => false),
    ['dir: number in the schema, string in the type'],
  );
});

const item = suite('queue item: the frontmatter schema and the Frontmatter type agree');

item('every frontmatter key of the schema is in the type (all optional) with the same value kind, and the reader accepts exactly those keys', () => {
  assert.equal(
    compare('', itemSchema, declaredType('src/queue/parse-item.ts', 'Frontmatter'), itemSchema, () => true),
    [],
  );
  assert.equal([...FRONTMATTER_KEYS].sort(), Object.keys(itemSchema.properties!).sort());
});

agree.run();
item.run();
