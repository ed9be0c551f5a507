import type { ErrorObject } from 'ajv';
import { compareDiagnostics, diagnostic, type Diagnostic } from '../diagnostics.js';
import { pathProblem } from '../repo-path.js';
import { loadSchema, schemaErrors } from '../schemas.js';
import { didYouMean } from '../suggest.js';
import type { Config } from '../types.js';
import { readBlockYaml } from '../block-yaml.js';
import { parseYaml, pointerToPath, positionOf, type ParsedYaml } from '../yaml-position.js';
import { defaultConfig } from './defaults.js';

const EXAMPLE = `autonomy:
  level: L2          # L1 | L2 | L3
  max_parallel: 5    # 1..64
analysis:
  components: { web: [web/**] }`;

type RawConfig = Record<string, Record<string, unknown> | undefined>;

/** `parallel.config.yaml` text → config with defaults filled in, and every problem found (pure). */
export function parseConfig(text: string, file: string): { config: Config; diagnostics: Diagnostic[] } {
  const source = text.replace(/^\uFEFF/, '');
  // A plain config with nothing to report needs no positions: the fast reader will do.
  const fast = readBlockYaml(source)?.value;
  if (typeof fast === 'object' && fast !== null && !Array.isArray(fast) && schemaErrors('config', fast).length === 0) {
    const quick = defaultConfig();
    merge(quick, fast as RawConfig);
    if (configPaths(quick).every(([, value]) => !pathProblem(value))) return { config: quick, diagnostics: [] };
  }
  const config = defaultConfig();
  const parsed = parseYaml(source);
  if (parsed.errors.length > 0) {
    return {
      config,
      diagnostics: parsed.errors.map((e) =>
        diagnostic({ file, line: e.line, col: e.col, code: 'CONFIG_YAML', message: `not valid YAML: ${e.message}`, hint: `example:\n${EXAMPLE}` }),
      ),
    };
  }
  const data: unknown = parsed.doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data) || data === null) {
    return {
      config,
      diagnostics: [
        diagnostic({
          file,
          line: 1,
          col: 1,
          code: 'CONFIG_SHAPE',
          message: 'the config must be a map of sections',
          expected: 'keys such as queue, autonomy, analysis',
          found: Array.isArray(data) ? 'a list' : typeof data,
          hint: `example:\n${EXAMPLE}`,
        }),
      ],
    };
  }
  const errors = schemaErrors('config', data);
  const diagnostics = dedupe(errors)
    .map((e) => toDiagnostic(e, parsed, file, data))
    .sort(compareDiagnostics);
  if (diagnostics.length > 0) return { config, diagnostics };
  const raw = data as RawConfig;
  merge(config, raw);
  for (const [path, value, isGlob] of configPaths(config)) {
    const problem = pathProblem(value);
    if (!problem) continue;
    const pos = positionOf(parsed, path);
    diagnostics.push(
      isGlob
        ? diagnostic({
            file,
            ...pos,
            code: 'CONFIG_PATH',
            message: `${path.slice(0, 3).join('.')} entry "${value}" ${problem}`,
            expected: 'a repo-relative glob such as src/api/**',
            found: value,
          })
        : diagnostic({
            file,
            ...pos,
            code: 'CONFIG_PATH',
            message: `${path.join('.')} "${value}" ${problem}`,
            expected: 'a path relative to the repository root',
            found: value,
          }),
    );
  }
  return { config, diagnostics };
}

/** Every path the config names: [where, value, is a component/resource glob]. */
function configPaths(config: Config): Array<[path: string[], value: string, isGlob: boolean]> {
  const out: Array<[string[], string, boolean]> = [
    [['queue', 'dir'], config.queue.dir, false],
    [['plan', 'file'], config.plan.file, false],
    [['analysis', 'tsconfig'], config.analysis.tsconfig, false],
  ];
  for (const [kind, named] of [
    ['components', config.analysis.components],
    ['resources', config.analysis.resources],
  ] as const) {
    for (const [name, globs] of Object.entries(named)) globs.forEach((glob, index) => out.push([['analysis', kind, name, String(index)], glob, true]));
  }
  return out;
}

function merge(config: Config, raw: RawConfig): void {
  const { l3_settings: l3, ...autonomy } = (raw.autonomy ?? {}) as Record<string, unknown> & { l3_settings?: Record<string, unknown> };
  Object.assign(config.queue, raw.queue);
  Object.assign(config.tracking, raw.tracking);
  Object.assign(config.autonomy, l3 ?? {}, autonomy);
  Object.assign(config.git, raw.git);
  Object.assign(config.analysis, raw.analysis);
  Object.assign(config.plan, raw.plan);
  Object.assign(config.hook, raw.hook);
  Object.assign(config.run, raw.run);
  config.queue.dir = trimSlash(config.queue.dir);
}

function trimSlash(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '') || '.';
}

/** ajv reports one error per failed branch; keep the most useful one per place. */
function dedupe(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) {
    const key = e.instancePath + (e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '');
    if (!byPath.has(key)) byPath.set(key, e);
  }
  return [...byPath.values()];
}

function toDiagnostic(e: ErrorObject, parsed: ParsedYaml, file: string, data: unknown): Diagnostic {
  const path = pointerToPath(e.instancePath);
  const where = path.join('.') || '(top level)';
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    const allowed = Object.keys(propertiesAt(path));
    const pos = positionOf(parsed, path, key);
    return diagnostic({
      file,
      ...pos,
      code: 'CONFIG_UNKNOWN_KEY',
      message: `unknown key "${[...path, key].join('.')}"`,
      expected: `one of ${allowed.join(', ')}`,
      found: key,
      hint: didYouMean(key, allowed) ?? `remove it; every key is listed in docs/config.md of waveplan`,
    });
  }
  const value = path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
  const found = JSON.stringify(value);
  const pos = positionOf(parsed, path);
  // The key's own description (schemas/config.schema.json) says what it holds: a regular expression
  // or an example of other keys does not.
  const described = schemaAt(path).description?.replace(/\.$/, '');
  const yamlWord = e.keyword === 'type' && (e.params as { type: string }).type === 'boolean' && typeof value === 'string';
  const expected = yamlWord ? 'true or false' : e.keyword === 'pattern' && described ? described : describe(e);
  const hint =
    e.keyword === 'enum' && typeof found === 'string'
      ? didYouMean(JSON.parse(found) as string, (e.params as { allowedValues: string[] }).allowedValues.map(String))
      : yamlWord
        ? `write true or false: YAML reads ${found} as text`
        : described
          ? `${where}: ${described}. Every key: docs/config.md of waveplan`
          : undefined;
  return diagnostic({
    file,
    ...pos,
    code: 'CONFIG_VALUE',
    message: `${where} ${e.keyword === 'pattern' ? 'has the wrong form' : (e.message ?? 'is invalid')}`,
    expected,
    found,
    hint: hint ?? `example:\n${EXAMPLE}`,
  });
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'enum':
      return `one of ${(p.allowedValues as unknown[]).join(' | ')}`;
    case 'minimum':
    case 'maximum':
      return `${e.keyword === 'minimum' ? '≥' : '≤'} ${String(p.limit)}${e.instancePath.endsWith('max_parallel') ? ' (max_parallel is 1..64)' : ''}`;
    case 'type':
      return `a value of type ${String(p.type)}`;
    default:
      return e.message ?? 'a valid value';
  }
}

/** The schema node of the config key at `path` ({} when the schema has none there). */
function schemaAt(path: readonly string[]): { description?: string } {
  let node = loadSchema('config') as { properties?: Record<string, unknown>; description?: string };
  for (const segment of path) {
    const next = node.properties?.[segment] as typeof node | undefined;
    if (!next) return {};
    node = next;
  }
  return node;
}

function propertiesAt(path: readonly string[]): Record<string, unknown> {
  let node = loadSchema('config') as { properties?: Record<string, unknown> };
  for (const segment of path) {
    const next = node.properties?.[segment] as typeof node | undefined;
    if (!next) return {};
    node = next;
  }
  return node.properties ?? {};
}
