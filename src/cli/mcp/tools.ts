import type { JsonSchema } from './tool-schemas.js';
import { applyOutput, explainOutput, outputSchemaOf, planOutput, requeueOutput, validateOutput } from './tool-schemas.js';

/** What one MCP tool is: its name, the words an agent reads, and its schemas (docs/agents.md). */
export interface ToolSpec {
  name: ToolName;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  /** The schema of `structuredContent`: the CLI's `--json` output. */
  outputSchema: () => JsonSchema;
  /**
   * MCP's tool annotations: hints a client may use to ask before a call, or not. Their defaults
   * are "may destroy, open world", so every tool says what it does.
   */
  annotations: ToolAnnotations;
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint: boolean;
}

/** Reads the queue, the plan or a run; writes nothing. */
const READS: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
/** Writes waveplan's own files (the plan file, an item's files: line): the same call twice writes the same. */
const WRITES_PLAN: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export type ToolName = 'validate' | 'plan' | 'explain' | 'infer' | 'apply' | 'status' | 'wait' | 'requeue' | 'report';

const maxParallel = {
  type: 'integer',
  minimum: 1,
  maximum: 64,
  description: "cap on items running at once for this call instead of the config's autonomy.max_parallel",
};
const runId = { type: 'string', minLength: 1, description: 'a run id from apply, or a unique prefix of one; default: the latest run' };
const input = (properties: Record<string, unknown>, required: string[] = []): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...(required.length ? { required } : {}),
});

export const TOOLS: readonly ToolSpec[] = [
  {
    name: 'validate',
    title: 'Validate the queue',
    description:
      'Check every queue item (.agent/queue/NNN-status-slug.md) and parallel.config.yaml. Returns valid, the items (id, file, status, title, blockedBy) and diagnostics with file:line, what was expected and how to fix it. Run it after writing or editing items, before plan.',
    inputSchema: input({}),
    outputSchema: validateOutput,
    annotations: READS,
  },
  {
    name: 'plan',
    title: 'Compile the plan',
    description:
      'Compile the pending items into waves of items that may run in parallel (no shared written files, components or resources; BlockedBy respected) and write the plan file (default .agent/plan.yaml) for a person to review in the pull request. check: compare the committed plan with a fresh compile and write nothing (status same/differs/missing). dry_run: return the full report (waves, why each item waits, conflicts with evidence) without writing. apply refuses a plan that is stale, so run plan after changing items or the code they touch.',
    inputSchema: input({
      check: { type: 'boolean', description: 'compare only; write nothing' },
      dry_run: { type: 'boolean', description: 'return the report of a fresh compile; write nothing' },
      max_parallel: maxParallel,
    }),
    outputSchema: planOutput,
    annotations: WRITES_PLAN,
  },
  {
    name: 'explain',
    title: 'Explain an item or a pair',
    description:
      'Why the plan places items as it does. One id: the files the item writes and where each entry comes from (its files: list, or inferred from its words), how many files it reads, whom it conflicts with, its wave and what keeps it out of earlier waves. Two ids: whether the two may run at the same time, and if not, each conflict with its evidence (a shared file, a resource, a component, or an import chain reader → … → written file) and any BlockedBy between them. To let two conflicting items run together, narrow their files: lists; to order them, add BlockedBy.',
    inputSchema: input(
      {
        ids: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          minItems: 1,
          maxItems: 2,
          description: 'one or two item ids, e.g. ["002"] or ["002", "005"]',
        },
      },
      ['ids'],
    ),
    outputSchema: explainOutput,
    annotations: READS,
  },
  {
    name: 'infer',
    title: 'What each item will change, inferred from its words',
    description:
      'For items without a files: line: the files waveplan infers each will change from its title and description (paths, code names, scopes, the files that hold its rare words, what similar past commits and runs changed), each with a confidence and the words behind it; or why it stays unknown (an unknown footprint runs alone, so the plan gets longer). ids: which items (default: every pending or in-progress item). write: record each inferred list in its item as files: (items that declare files, and unknown ones, are never touched), for the person who reviews the plan to confirm; then call plan. When an inference is wrong or unknown and you know the files, write files: yourself.',
    inputSchema: input({
      ids: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        minItems: 1,
        description: 'item ids, e.g. ["002", "005"]; default every pending or in-progress item',
      },
      write: { type: 'boolean', description: 'write the inferred files: into each inferred item (review them, then plan)' },
    }),
    outputSchema: () => outputSchemaOf('infer'),
    annotations: WRITES_PLAN,
  },
  {
    name: 'apply',
    title: 'Start the reviewed plan in the background',
    description:
      "Run the committed, reviewed plan in the background and return at once with its run id. It refuses (as a tool error) a stale or hand-edited plan (run plan, get it reviewed), a queue another apply holds, items without a command, and autonomy levels L1/L2 unless yes is true. Each item's command runs in its wave (schedule waves) or as soon as its constraints allow (dynamic); its status moves pending → in_progress → completed or blocked by renaming its file. Follow the run with status (never blocks) and wait (blocks).",
    inputSchema: input({
      yes: { type: 'boolean', description: 'run without the confirmation autonomy levels L1 and L2 ask for; only when the person you work for agreed' },
      max_parallel: maxParallel,
      schedule: {
        enum: ['waves', 'dynamic'],
        description: 'waves (default): the reviewed waves in order; dynamic: same constraints, no barriers between waves',
      },
    }),
    outputSchema: applyOutput,
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  },
  {
    name: 'status',
    title: 'Where a run stands (never blocks)',
    description:
      "Where a run stands now: its state (starting, running, finished, crashed), each item's state (to_start, running, completed, failed, held, …), its time, exit code and log file, and the last lines of each running item's log. Returns at once; poll it, or call wait to block until the end.",
    inputSchema: input({
      run: runId,
      lines: { type: 'integer', minimum: 0, maximum: 200, description: "lines of each running item's log to include (default 5)" },
    }),
    outputSchema: () => outputSchemaOf('run-status'),
    annotations: READS,
  },
  {
    name: 'wait',
    title: 'Block until a run ends',
    description:
      "Block until the run ends, then return each item's outcome (completed, failed with its exit code and reason, held, not started) and its log file; exit_code is 0 when all completed, 3 when some did not. With timeout_s it returns after that many seconds even if the run goes on (the run is not stopped; state is still running): call wait again. Pass timeout_s below your client's request timeout. For a failed item, read its log, fix the cause, then requeue it.",
    inputSchema: input({ run: runId, timeout_s: { type: 'number', minimum: 0, description: 'give up waiting after this many seconds (the run goes on)' } }),
    outputSchema: () => outputSchemaOf('run-status'),
    annotations: READS,
  },
  {
    name: 'requeue',
    title: 'Move a blocked item back to pending',
    description:
      'Move a blocked item (one whose command failed) back to pending, writing the reason under its ## Notes. Then run plan again (the plan no longer matches the queue), have it reviewed, and apply.',
    inputSchema: input(
      {
        id: { type: 'string', minLength: 1, description: 'the item id, e.g. "003"' },
        reason: { type: 'string', minLength: 1, description: 'why it can run again (what was fixed); written to the item' },
      },
      ['id', 'reason'],
    ),
    outputSchema: requeueOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  },
  {
    name: 'report',
    title: 'The plan as a report',
    description:
      'The report of a fresh compile without writing anything: waves, why each item waits, held items, conflicts with evidence, the critical path and stats. format md gives a pull-request comment with a Mermaid chart; structuredContent is always the JSON report.',
    inputSchema: input({ format: { enum: ['text', 'md', 'json'], description: 'the text content: text (default), md, or json' }, max_parallel: maxParallel }),
    outputSchema: () => outputSchemaOf('report'),
    annotations: READS,
  },
];

/** Server-level instructions sent at initialize: the workflow in a few lines. */
export const INSTRUCTIONS = [
  'waveplan runs a queue of work items (.agent/queue/NNN-status-slug.md) in parallel waves of items that touch different files.',
  'Workflow: write items (a # title, **Status**: pending, a files: list of what each writes when known, BlockedBy for order) → validate → plan (writes the plan file) → a person reviews the plan in the pull request → apply (starts in the background, returns a run id) → status (never blocks) / wait (blocks) → for failed items read their log, fix, requeue, plan again.',
  'An item without files: has them inferred from its words: infer shows what and how sure (infer with write records them as files: for review); an item whose footprint stays unknown runs alone.',
  'explain tells why two items may not run together. Resources: the plan file (waveplan://plan) and every item file (waveplan://items/{id}).',
].join('\n');
