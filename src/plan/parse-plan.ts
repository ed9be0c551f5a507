import type { ErrorObject } from 'ajv';
import { compareDiagnostics, diagnostic, type Diagnostic } from '../diagnostics.js';
import type { TreeReader } from '../io/ports.js';
import { schemaErrors } from '../schemas.js';
import { decodeUtf8 } from '../text.js';
import type { Config, Plan } from '../types.js';
import { parseYaml, pointerToPath, positionOf } from '../yaml-position.js';
import { readBlockYaml } from '../block-yaml.js';
import type { PlanFileState } from './plan-cache.js';
import { fromPlanFile, type PlanFile } from './plan-file.js';

const HINT = 'the plan file is compiled: run `waveplan plan` to write it again';

/** Plan file text → the plan, validated against plan.schema.json; problems as file:line diagnostics (pure). */
export function parsePlanFile(text: string, file: string): { plan?: Plan; diagnostics: Diagnostic[] } {
  // The file as waveplan writes it: the fast reader, then the schema. Anything else, and any
  // problem, goes through the full YAML parser, which knows where each node sits.
  const fast = readBlockYaml(text);
  if (fast && isMap(fast.value) && schemaErrors('plan', fast.value).length === 0)
    return { plan: fromPlanFile(fast.value as unknown as PlanFile), diagnostics: [] };
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''));
  if (parsed.errors.length > 0) {
    return {
      diagnostics: parsed.errors.map((e) =>
        diagnostic({ file, line: e.line, col: e.col, code: 'PLAN_YAML', message: `not valid YAML: ${e.message}`, hint: HINT }),
      ),
    };
  }
  const data: unknown = parsed.doc.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      diagnostics: [
        diagnostic({
          file,
          line: 1,
          col: 1,
          code: 'PLAN_SHAPE',
          message: 'the plan must be a map',
          expected: 'keys version, fingerprint, settings, items, waves, …',
          found: data === null ? 'an empty document' : Array.isArray(data) ? 'a list' : typeof data,
          hint: HINT,
        }),
      ],
    };
  }
  const errors = schemaErrors('plan', data);
  if (errors.length === 0) return { plan: fromPlanFile(data as PlanFile), diagnostics: [] };
  const diagnostics = firstPerPlace(errors).map((e) => {
    const path = pointerToPath(e.instancePath);
    const key = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    const pos = positionOf(parsed, path, key);
    const where = [...path, ...(key ? [key] : [])].join('.') || '(top level)';
    const message = key ? `unknown key "${where}"` : `${where} ${e.message ?? 'is invalid'}`;
    return diagnostic({ file, ...pos, code: 'PLAN_SCHEMA', message, expected: expectedOf(e), hint: HINT });
  });
  return { diagnostics: diagnostics.sort(compareDiagnostics) };
}

function isMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstPerPlace(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Map<string, ErrorObject>();
  for (const e of errors) {
    const key = `${e.instancePath}|${e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : ''}`;
    if (!seen.has(key)) seen.set(key, e);
  }
  return [...seen.values()];
}

function expectedOf(e: ErrorObject): string | undefined {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'enum') return `one of ${(p.allowedValues as unknown[]).join(' | ')}`;
  if (e.keyword === 'required') return `a key "${String(p.missingProperty)}"`;
  if (e.keyword === 'type') return `a value of type ${String(p.type)}`;
  if (e.keyword === 'pattern') return `text matching ${String(p.pattern)}`;
  return undefined;
}

export interface PlanFileRead {
  file: string;
  /** False when there is no plan file yet. */
  exists: boolean;
  /** The file's bytes, when it exists. */
  bytes?: Uint8Array;
  /** Its text, when it is UTF-8 (decoded when first read). */
  text?: string;
  plan?: Plan;
  diagnostics: Diagnostic[];
}

/**
 * The committed plan at `config.plan.file`. It is decoded when `text` is first read, and parsed
 * and validated when `plan` or `diagnostics` is.
 */
export function readPlanFile(tree: TreeReader, config: Config): Promise<PlanFileRead> {
  return readPlanFileAfterCompile(tree, config);
}

/**
 * `readPlanFile` right after a compile, for the commands that compare the two (`plan`, `plan --check`,
 * `apply`): a check that finds the bytes the compile writes (`fresh`) needs none of the file's. A file
 * that holds exactly those is not read whole (`planFile.holds`, when the compile looked; else where the
 * tree can tell): its bytes are `fresh`. The file's bytes as the compile read them (`planFile.bytes`)
 * are not read again. Not on the library API: these hints are the plan cache's (plan-cache.ts).
 */
export async function readPlanFileAfterCompile(tree: TreeReader, config: Config, fresh?: Uint8Array, planFile: PlanFileState = {}): Promise<PlanFileRead> {
  const file = config.plan.file;
  const bytes = planFile.bytes ?? (fresh && (planFile.holds ?? (await tree.holds?.(file, fresh))) ? fresh : await tree.read(file));
  if (!bytes) return { file, exists: false, diagnostics: [] };
  let decoded: ReturnType<typeof decodeUtf8> | undefined;
  const decode = () => (decoded ??= decodeUtf8(bytes));
  let parsed: ReturnType<typeof parsePlanFile> | undefined;
  const parse = () => {
    const d = decode();
    return (parsed ??= d.ok
      ? parsePlanFile(d.text, file)
      : { diagnostics: [diagnostic({ file, line: d.line, col: d.col, code: 'PLAN_ENCODING', message: 'file is not valid UTF-8', hint: HINT })] });
  };
  return {
    file,
    exists: true,
    bytes,
    get text() {
      const d = decode();
      return d.ok ? d.text : undefined;
    },
    get plan() {
      return parse().plan;
    },
    get diagnostics() {
      return parse().diagnostics;
    },
  };
}
