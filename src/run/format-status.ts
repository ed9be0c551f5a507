import { landingSetting } from '../plan/format-report-landing.js';
import type { ItemState, ItemStatus, RunStatus } from './read-run.js';
import { logLine } from '../text.js';

/** `status --json` and `wait --json`: the replay plus the run folder and running items' log tails (schemas/run-status.schema.json). */
export function statusJson(status: RunStatus, dir: string, tails: ReadonlyMap<string, string[]>): object {
  return { v: 1, ...status, dir, items: status.items.map((i) => (tails.has(i.id) ? { ...i, tail: tails.get(i.id) } : i)) };
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

const LABEL: Record<ItemState, string> = {
  running: 'running',
  waiting_for_resources: 'waiting for resources',
  to_start: 'to start',
  completed: 'completed',
  failed: 'failed',
  held: 'held',
  not_started: 'not started',
  interrupted: 'interrupted',
  lost: 'lost',
  unfinished: 'unfinished',
};
/** The order `status` lists items in: what moves first, then what ended, then what never ran. */
const ORDER: ItemState[] = ['running', 'waiting_for_resources', 'to_start', 'completed', 'failed', 'unfinished', 'interrupted', 'held', 'not_started', 'lost'];

export function formatRunHeader(status: RunStatus, dir: string): string {
  const facts = [
    status.pid !== undefined ? `pid ${status.pid}` : '',
    status.level ?? '',
    status.schedule ?? '',
    status.max_parallel ? `max_parallel ${status.max_parallel}` : '',
  ].filter(Boolean);
  const how = {
    starting: `starting for ${formatDuration(status.elapsed_ms)}`,
    running: `running for ${formatDuration(status.elapsed_ms)}`,
    finished: `finished in ${formatDuration(status.elapsed_ms)}, exit ${status.exit_code}${status.exit_code === 0 ? ', all completed' : status.exit_code === 3 ? ', some failed, held or not started' : ''}`,
    crashed: 'CRASHED',
  }[status.state];
  const lines = [`run ${status.run}: ${how}${facts.length ? ` (${facts.join(', ')})` : ''} — ${dir}/`];
  // The same words as the report's landing section (docs/apply.md#landing-runisolation-worktree).
  if (status.landing?.isolation === 'worktree') lines.push(`  ${landingSetting(status.landing)}`);
  if (status.reason) lines.push(`  ${status.reason}`);
  return lines.join('\n');
}

function itemLine(i: ItemStatus): string {
  const parts = [`  ${LABEL[i.state].padEnd(11)} ${i.id}`];
  if (i.elapsed_ms !== undefined) parts.push(formatDuration(i.elapsed_ms));
  const exit = exitText(i);
  if (exit && i.state !== 'running') parts.push(exit);
  if (i.resumed) parts.push('(resumed)');
  // A completed item's reason says what became of its work (no changes, kept on its branch); landed shows below.
  if (i.reason && (i.state !== 'completed' || !i.landed)) parts.push(`— ${i.reason}`);
  if (i.log && i.state !== 'to_start') parts.push(`— log ${i.log}`);
  if (i.landed) parts.push(`— landed ${i.landed.slice(0, 12)}`);
  if (i.exceeded?.length) parts.push(`— footprint exceeded${i.inferred ? ' (missed by the inference)' : ''}: ${i.exceeded.join(', ')}`);
  return parts.join('  ');
}

/** What `status` prints: header, every item grouped by state, the tail of running items' logs, counts. */
export function formatStatus(status: RunStatus, dir: string, tails: ReadonlyMap<string, string[]>): string {
  const lines = [formatRunHeader(status, dir)];
  for (const state of ORDER) {
    for (const i of status.items.filter((x) => x.state === state)) {
      lines.push(itemLine(i));
      for (const line of tails.get(i.id) ?? []) lines.push(`      │ ${logLine(line)}`);
    }
  }
  lines.push(`  ${formatCounts(status)}`);
  return `${lines.join('\n')}\n`;
}

export function formatCounts(status: RunStatus): string {
  const parts = ORDER.filter((s) => status.counts[s]).map((s) => `${status.counts[s]} ${LABEL[s]}`);
  return parts.length ? parts.join(', ') : 'no items yet';
}

/** What `wait` prints at the end: each item's outcome, duration, exit code and log, then the failures. */
export function formatRunResult(status: RunStatus, dir: string): string {
  const lines = [formatRunHeader(status, dir)];
  for (const i of status.items) {
    const cells = [`  ${i.id}`, LABEL[i.state].padEnd(11), formatDuration(i.elapsed_ms).padStart(7)];
    cells.push((exitText(i) ?? '').padEnd(7));
    if (i.log) cells.push(i.log);
    if (i.landed) cells.push(`landed ${i.landed.slice(0, 12)}`);
    lines.push(cells.join('  ').trimEnd());
  }
  for (const i of status.items.filter((x) => x.exceeded?.length))
    lines.push(
      `  footprint exceeded: ${i.id} changed ${i.exceeded!.join(', ')} outside its ${i.inferred ? 'inferred write set (missed by the inference)' : 'predicted write set'}`,
    );
  lines.push(`  ${formatCounts(status)}`);
  const bad = status.items.filter((i) => !['completed', 'running', 'to_start', 'waiting_for_resources'].includes(i.state));
  if (bad.length > 0) {
    lines.push('failures and items that did not run:');
    // A reason may begin with the state already (`held: blocked by 001`): say it once.
    for (const i of bad) lines.push(`  ${i.id} ${LABEL[i.state]}: ${unprefixed(i.reason, LABEL[i.state]) ?? LABEL[i.state]}${i.log ? ` (log ${i.log})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `runs`: one line per run, newest last. */
export function formatRuns(runs: readonly RunStatus[]): string {
  if (runs.length === 0) return 'no runs yet (start one with `waveplan apply --detach`)\n';
  const rows = [['RUN', 'STATE', 'STARTED', 'ENDED', 'RESULT', 'ITEMS']];
  for (const r of runs) rows.push([r.run, r.state, r.started ?? '-', r.finished ?? '-', r.exit_code === null ? '-' : `exit ${r.exit_code}`, formatCounts(r)]);
  // Every column but the last as wide as its widest cell, so the header sits over its column.
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return `${rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n')}\n`;
}

/** `exit 0`, `killed by SIGTERM`, or nothing when no command ended (it never ran, or failed before it could). */
function exitText(i: ItemStatus): string | undefined {
  if (typeof i.exit_code === 'number') return `exit ${i.exit_code}`;
  return i.signal ? `killed by ${i.signal}` : undefined;
}

/** `reason` without a leading `<label>: ` (the label is printed in front of it already). */
function unprefixed(reason: string | undefined, label: string): string | undefined {
  return reason?.startsWith(`${label}: `) ? reason.slice(label.length + 2) : reason;
}
