import { loadSchema, type SchemaName } from '../../schemas.js';

/** A JSON Schema object, as MCP's tools/list carries it. */
export type JsonSchema = Record<string, unknown>;

/**
 * One of schemas/ as a tool's output schema: without `$schema` and `$id`, which MCP clients'
 * validators (ajv's draft-07 default in the SDK) would try to resolve, and which would clash
 * when two tools share a schema.
 */
export function outputSchemaOf(name: SchemaName): JsonSchema {
  const { $schema: _dialect, $id: _id, ...schema } = loadSchema(name) as JsonSchema;
  return schema;
}

const nullableString = { type: ['string', 'null'] };

/** `validate --json` (src/cli/commands/validate.ts). */
export function validateOutput(): JsonSchema {
  return {
    type: 'object',
    required: ['valid', 'config', 'queue', 'items', 'diagnostics'],
    properties: {
      valid: { type: 'boolean', description: 'false when any diagnostic is an error' },
      config: { ...nullableString, description: 'the config file read, null for the defaults' },
      queue: { type: 'string', description: 'the queue folder, or github:owner/repo' },
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'file', 'status', 'title'],
          properties: {
            id: { type: 'string' },
            file: { type: 'string' },
            status: { type: 'string' },
            title: { type: 'string' },
            priority: {},
            blockedBy: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      diagnostics: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'severity', 'file', 'line', 'col', 'message'],
          properties: {
            code: { type: 'string' },
            severity: { enum: ['error', 'warning'] },
            file: { type: 'string' },
            line: { type: 'integer' },
            col: { type: 'integer' },
            message: { type: 'string' },
            expected: { type: 'string' },
            found: { type: 'string' },
            hint: { type: 'string' },
          },
        },
      },
    },
  };
}

/** `plan --json` (wrote or kept the plan), `plan --check --json`, or `plan --dry-run --format json` (the report). */
export function planOutput(): JsonSchema {
  const report = outputSchemaOf('report');
  const { $defs, ...reportBody } = report;
  const plan = loadSchema('plan') as { properties: { stats: JsonSchema } };
  const status = { enum: ['same', 'differs', 'missing', 'hand-edited', 'invalid'] };
  return {
    type: 'object',
    $defs,
    anyOf: [
      {
        type: 'object',
        description: 'plan: the plan file written (or already up to date)',
        additionalProperties: false,
        required: ['file', 'written', 'previous', 'changes', 'stats'],
        properties: {
          file: { type: 'string' },
          written: { type: 'boolean' },
          previous: status,
          changes: { type: 'array', items: { type: 'string' } },
          stats: plan.properties.stats,
        },
      },
      {
        type: 'object',
        description: 'check: the committed plan compared with a fresh compile; nothing written',
        additionalProperties: false,
        required: ['file', 'status', 'messages'],
        properties: { file: { type: 'string' }, status, messages: { type: 'array', items: { type: 'string' } } },
      },
      { ...reportBody, description: 'dry_run: the report of a fresh compile (schemas/report.schema.json); nothing written' },
    ],
  };
}

const conflict = {
  type: 'object',
  required: ['kind', 'a', 'b', 'evidence'],
  properties: {
    kind: { enum: ['file', 'data', 'component'] },
    a: { type: 'string' },
    b: { type: 'string' },
    evidence: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { type: 'string' } },
      description: 'what they share (docs/conflicts.md): file, resource, declared-read, import-chain, component…',
    },
    text: { type: 'string', description: 'the evidence as one line' },
    why: { type: 'string' },
  },
};

/** `explain A --json` or `explain A B --json` (src/analyze/explain.ts). */
export function explainOutput(): JsonSchema {
  return {
    type: 'object',
    anyOf: [
      {
        description: 'one item: where its write set comes from, its conflicts and its wave',
        required: ['id', 'title', 'file', 'status', 'writes', 'reads', 'unknownFootprint', 'conflicts'],
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          file: { type: 'string' },
          status: { type: 'string' },
          writes: { type: 'array', items: { type: 'object' } },
          reads: { type: 'integer' },
          unknownFootprint: { type: 'boolean' },
          suggestedFiles: { type: 'array', items: { type: 'string' } },
          conflicts: { type: 'array', items: conflict },
          placement: { type: 'object' },
        },
      },
      {
        description: 'a pair: whether they may share a wave, and why not',
        required: ['a', 'b', 'mayRunTogether', 'conflicts', 'blockedBy', 'alone'],
        properties: {
          a: { type: 'string' },
          b: { type: 'string' },
          mayRunTogether: { type: 'boolean' },
          conflicts: { type: 'array', items: conflict },
          blockedBy: { type: 'array', items: { type: 'object', required: ['item', 'on'], properties: { item: { type: 'string' }, on: { type: 'string' } } } },
          runsAfter: {
            type: 'object',
            description: 'queue order: they conflict and nothing else orders them, so item runs and lands after on (the lower id)',
            required: ['item', 'on'],
            properties: { item: { type: 'string' }, on: { type: 'string' } },
          },
          alone: { type: 'array', items: { type: 'string' } },
        },
      },
    ],
  };
}

/** `apply --detach --json` (src/run/detach.ts). */
export function applyOutput(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['run', 'pid', 'dir'],
    properties: {
      run: { type: 'string', pattern: '^\\d{8}T\\d{6}-[0-9a-f]{4}$', description: 'the run id: pass it to status and wait' },
      pid: { type: 'integer', description: 'the background apply process' },
      dir: { type: 'string', description: 'repo-relative run folder: events.jsonl, output.log, one log per item' },
    },
  };
}

/** `requeue --json` (src/cli/commands/requeue.ts). */
export function requeueOutput(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'from', 'to', 'status', 'reason'],
    properties: { id: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, status: { const: 'pending' }, reason: { type: 'string' } },
  };
}
