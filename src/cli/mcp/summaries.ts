import { formatItemExplanation, formatPairExplanation, type ItemExplanation, type PairExplanation } from '../../analyze/explain.js';
import { formatInference, type ItemInference } from '../../analyze/infer/format-inference.js';
import { formatDiagnostics, type Diagnostic } from '../../diagnostics.js';
import type { PlanReport } from '../../plan/compile-report.js';
import { formatReport, type ReportFormat } from '../../plan/format-report.js';
import type { RunStatus } from '../../run/read-run.js';
import { formatDuration, formatRunResult, formatStatus } from '../../run/format-status.js';
import { formatChanges } from '../../plan/format-changes.js';
import type { PlanStats } from '../../types.js';

/**
 * The short text beside each tool's structuredContent (pure): the CLI's own formatters where it
 * has them, so an agent reads what a person would see in the terminal (docs/agents.md).
 */
type Json = Record<string, unknown>;

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function validateText(json: Json): string {
  const items = json.items as Array<{ status: string }>;
  const diagnostics = json.diagnostics as Diagnostic[];
  const listed = diagnostics.length > 0 ? `\n${formatDiagnostics(diagnostics)}` : '';
  if (!json.valid) return `the queue has errors; fix them, then validate again:${listed}`;
  const counts = ['pending', 'in_progress', 'completed', 'blocked']
    .map((s) => [s, items.filter((i) => i.status === s).length] as const)
    .filter(([, n]) => n > 0);
  return `✓ ${plural(items.length, 'item')} in ${String(json.queue)} ${items.length === 1 ? 'is' : 'are'} valid${counts.length ? ` (${counts.map(([s, n]) => `${n} ${s}`).join(', ')})` : ''}; config: ${String(json.config ?? 'defaults')}${listed}`;
}

/** `infer --json` as `waveplan infer` prints it. */
export function inferText(json: Json): string {
  const items = json.items as ItemInference[];
  return items.length > 0 ? formatInference(items) : 'no pending or in-progress item to infer';
}

function statsText(stats: PlanStats): string {
  return `${plural(stats.scheduled, 'item')} in ${plural(stats.waves, 'wave')}, makespan ${stats.makespan} (lower bound ${stats.lower_bound})`;
}

export function planText(json: Json): string {
  if ('fingerprint' in json) return formatReport(json as unknown as PlanReport, 'text');
  const messages = (json.changes ?? json.messages) as string[];
  // The first 40: a whole queue moving is thousands of changes, which the structured result holds.
  const listed = formatChanges(messages, 'the structured result lists every change')
    .map((line) => `\n${line}`)
    .join('');
  if ('status' in json) {
    if (json.status === 'same') return `✓ ${String(json.file)} is up to date`;
    if (json.status === 'missing') return `${String(json.file)} is missing: call plan to write it${listed}`;
    return `${String(json.file)} is ${json.status === 'differs' ? 'stale; a fresh compile differs' : String(json.status)}:${listed}\ncall plan to write it, then have the change reviewed`;
  }
  const stats = json.stats as PlanStats;
  if (!json.written) return `✓ ${String(json.file)} unchanged: ${statsText(stats)}`;
  return `✓ wrote ${String(json.file)}: ${statsText(stats)}${listed}\ncommit it with the items and have the plan reviewed in the pull request before apply`;
}

export function explainText(json: Json): string {
  return 'writes' in json ? formatItemExplanation(json as unknown as ItemExplanation) : formatPairExplanation(json as unknown as PairExplanation);
}

export function applyText(json: Json): string {
  const run = String(json.run);
  return `started run ${run} in the background (pid ${String(json.pid)}); each item's output goes to ${String(json.dir)}/. Call status with run "${run}" to see where it stands (never blocks), wait with run "${run}" to block until it ends.`;
}

/** status --json is statusJson(): the RunStatus plus dir and each running item's log tail. */
export function statusText(json: Json): string {
  const status = json as unknown as RunStatus;
  const tails = new Map<string, string[]>();
  for (const i of json.items as Array<{ id: string; tail?: string[] }>) if (i.tail) tails.set(i.id, i.tail);
  return formatStatus(status, String(json.dir), tails);
}

export function waitText(json: Json): string {
  return formatRunResult(json as unknown as RunStatus, String(json.dir));
}

export function stillRunningText(json: Json, timeoutMs: number): string {
  return `run ${String(json.run)} is still ${String(json.state)} after ${formatDuration(timeoutMs)} (it goes on): call wait again, or status to look without blocking.\n${statusText(json)}`;
}

export function requeueText(json: Json): string {
  return `requeued ${String(json.id)}: ${String(json.from)} → ${String(json.to)} (reason noted under ## Notes). The plan no longer matches the queue: call plan, have it reviewed, then apply.`;
}

export function reportText(json: Json, format: ReportFormat): string {
  return format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : formatReport(json as unknown as PlanReport, format);
}
