import type { ReportFormat } from '../../plan/format-report.js';
import { parseJsonOutput, type CommandOutput, type RunCommand } from './in-process.js';
import { applyText, explainText, inferText, planText, reportText, requeueText, statusText, stillRunningText, validateText, waitText } from './summaries.js';
import type { ToolName } from './tools.js';

/** MCP's CallToolResult, as far as these tools fill it. */
export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface ToolDeps {
  /** Commands that write or take the lock, one at a time. */
  run: RunCommand;
  /** Read-only commands (status), never queued behind a long one. */
  read: RunCommand;
  /** Aborted when the client cancels the call or goes away. */
  signal?: AbortSignal;
  /** wait's progress: items ended so far of all. */
  progress?: (done: number, total: number, message: string) => void;
  /** How often wait looks at the run (default 250 ms). */
  pollMs?: number;
}

type Args = Record<string, unknown>;
type Json = Record<string, unknown>;

export function toolError(text: string): ToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

const done = (json: Json, text: string, isError = false): ToolResult => ({
  content: [{ type: 'text', text }],
  structuredContent: json,
  ...(isError ? { isError } : {}),
});

/** What went wrong, as the CLI said it: its stderr (the diagnostics), else its stdout. */
function failure(out: CommandOutput): ToolResult {
  return toolError(toolWords(out.stderr.trim() || out.stdout.trim() || `exited with code ${out.code}`));
}

/** A CLI refusal in the tool's own words: the apply tool takes `yes: true`, not the flag `--yes`. */
function toolWords(text: string): string {
  return text.replace(/\bpass --yes\b/g, 'pass yes: true');
}

/** Warnings the command printed beside a result that succeeded (e.g. item diagnostics of severity warning). */
const withWarnings = (text: string, out: CommandOutput) => (out.stderr.trim() ? `${text.trimEnd()}\n${out.stderr.trim()}` : text);

const maxParallelArgs = (args: Args) => (args.max_parallel === undefined ? [] : ['--max-parallel', String(args.max_parallel)]);

/**
 * One tool call: the matching `waveplan … --json` command run in-process, its JSON as
 * structuredContent and a short text beside it. A refusal or bad input is a tool error carrying
 * the CLI's diagnostic, never an exception out of here.
 */
export async function callTool(name: ToolName, args: Args, deps: ToolDeps): Promise<ToolResult> {
  switch (name) {
    case 'validate': {
      const out = await deps.run(['validate', '--json']);
      const json = parseJsonOutput(out.stdout);
      return json ? done(json, validateText(json), out.code !== 0) : failure(out);
    }
    case 'plan': {
      if (args.check && args.dry_run)
        return toolError(
          'check and dry_run exclude each other: check compares the committed plan with a fresh compile, dry_run returns the report of one; pass one of them',
        );
      const mode = args.dry_run ? ['--dry-run', '--format', 'json'] : args.check ? ['--check', '--json'] : ['--json'];
      const out = await deps.run(['plan', ...mode, ...maxParallelArgs(args)]);
      const json = parseJsonOutput(out.stdout);
      const ok = out.code === 0 || (Boolean(args.check) && out.code === 2);
      return json && ok ? done(json, withWarnings(planText(json), out)) : failure(out);
    }
    case 'explain': {
      const out = await deps.run(['explain', ...(args.ids as string[]), '--json']);
      const json = parseJsonOutput(out.stdout);
      return json && out.code === 0 ? done(json, withWarnings(explainText(json), out)) : failure(out);
    }
    case 'infer': {
      const out = await deps.run(['infer', ...((args.ids as string[] | undefined) ?? []), '--json', ...(args.write ? ['--write'] : [])]);
      const json = parseJsonOutput(out.stdout);
      return json && out.code === 0 ? done(json, withWarnings(inferText(json), out)) : failure(out);
    }
    case 'apply': {
      const out = await deps.run([
        'apply',
        '--detach',
        '--json',
        ...(args.yes ? ['--yes'] : []),
        '--schedule',
        String(args.schedule ?? 'waves'),
        ...maxParallelArgs(args),
      ]);
      const json = parseJsonOutput(out.stdout);
      // "nothing to run" prints no run id: nothing started, which the caller must see.
      return json && out.code === 0 ? done(json, applyText(json)) : failure(out);
    }
    case 'status': {
      const out = await deps.read(['status', ...(args.run === undefined ? [] : [String(args.run)]), '--json', '--lines', String(args.lines ?? 5)]);
      const json = parseJsonOutput(out.stdout);
      return json && out.code === 0 ? done(json, statusText(json)) : failure(out);
    }
    case 'wait':
      return waitForRun(args, deps);
    case 'requeue': {
      const out = await deps.run(['requeue', String(args.id), '--reason', String(args.reason), '--json']);
      const json = parseJsonOutput(out.stdout);
      return json && out.code === 0 ? done(json, requeueText(json)) : failure(out);
    }
    case 'report': {
      const out = await deps.run(['report', '--json', ...maxParallelArgs(args)]);
      const json = parseJsonOutput(out.stdout);
      return json && out.code === 0 ? done(json, withWarnings(reportText(json, (args.format ?? 'text') as ReportFormat), out)) : failure(out);
    }
  }
}

const isLive = (json: Json) => json.state === 'running' || json.state === 'starting';

/**
 * `wait`, with the polling here rather than in the command: a client that cancels, or goes away,
 * stops the wait (never the run), and each item that ends is a progress notification.
 */
async function waitForRun(args: Args, deps: ToolDeps): Promise<ToolResult> {
  const timeoutMs = args.timeout_s === undefined ? Infinity : Number(args.timeout_s) * 1000;
  const deadline = Date.now() + timeoutMs;
  const look = async (run: string | undefined) => {
    const out = await deps.read(['status', ...(run === undefined ? [] : [run]), '--json', '--lines', '0']);
    return { out, json: parseJsonOutput(out.stdout) };
  };
  let { out, json } = await look(args.run === undefined ? undefined : String(args.run));
  if (!json || out.code !== 0) return failure(out);
  const run = String(json.run);
  let reported = -1;
  while (isLive(json)) {
    const items = json.items as Array<{ state: string }>;
    const ended = items.filter((i) => !['to_start', 'waiting_for_resources', 'running'].includes(i.state)).length;
    if (ended !== reported) deps.progress?.(ended, items.length, `${ended} of ${items.length} items ended`);
    reported = ended;
    if (Date.now() >= deadline) return done(json, stillRunningText(json, timeoutMs));
    if (deps.signal?.aborted) return toolError(`stopped waiting for run ${run}: the request was cancelled (the run goes on)`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(deps.pollMs ?? 250, deadline - Date.now()))));
    ({ out, json } = await look(run));
    if (!json || out.code !== 0) return failure(out);
  }
  const final = await deps.read(['wait', run, '--json']);
  const result = parseJsonOutput(final.stdout);
  return result ? done(result, waitText(result)) : failure(final);
}
