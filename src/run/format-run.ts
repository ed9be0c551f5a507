import { compareIds } from '../order.js';
import type { Config, Item, Plan } from '../types.js';
import type { ApplyResult, ItemReport, Schedule } from './apply-plan.js';
import { itemCommand } from './run-item.js';

export interface DryRun {
  schedule: Schedule;
  level: Config['autonomy']['level'];
  max_parallel: number;
  waves: Array<{ index: number; items: Array<{ id: string; title: string; status: string; command: string | null }> }>;
  held: Array<{ item: string; reason: string }>;
  /** Where the work goes: the isolation, and with worktrees the landing target, gate and retries (docs/apply.md). */
  landing: { isolation: Config['run']['isolation']; land?: Config['run']['land']; target?: string; gate?: string | null; retry_on_conflict?: number };
}

/** What `apply` would run, in order (data for `--dry-run --json`). */
export function dryRun(plan: Plan, items: Item[], config: Config, schedule: Schedule, target?: string): DryRun {
  const byId = new Map(items.map((i) => [i.id, i]));
  return {
    schedule,
    level: config.autonomy.level,
    max_parallel: plan.settings.max_parallel,
    waves: [...plan.waves]
      .sort((a, b) => a.index - b.index)
      .map((w) => ({
        index: w.index,
        items: [...w.items].sort(compareIds).map((id) => {
          const item = byId.get(id);
          return { id, title: item?.title ?? id, status: item?.status ?? 'pending', command: item ? (itemCommand(item, config) ?? null) : null };
        }),
      })),
    held: plan.held,
    landing:
      config.run.isolation === 'worktree'
        ? {
            isolation: 'worktree',
            land: config.run.land,
            target: config.run.land === 'keep' ? undefined : target,
            gate: config.run.gate,
            retry_on_conflict: config.run.retry_on_conflict,
          }
        : { isolation: 'none' },
  };
}

function landingLine(l: DryRun['landing'], schedule: Schedule): string {
  // The audit without isolation records the work tree around each wave, or around a dynamic run (docs/apply.md).
  if (l.isolation !== 'worktree')
    return schedule === 'dynamic'
      ? '  isolation none: items share the main work tree; with --schedule dynamic (no waves) the footprint audit covers the whole run'
      : '  isolation none: items share the main work tree; the footprint audit is per wave';
  if (l.land === 'keep') return "  isolation worktree, run.land keep: each item's work stays on waveplan/<id>, nothing is merged";
  const target = l.target ?? 'HEAD (detached: apply will refuse; check out a branch)';
  return `  isolation worktree: each item lands on ${target} when it ends (retry_on_conflict ${l.retry_on_conflict}, gate ${l.gate ? `\`${l.gate}\`` : 'none'})`;
}

export function formatDryRun(run: DryRun): string {
  const count = run.waves.reduce((n, w) => n + w.items.length, 0);
  const lines = [
    `apply would run ${count} item${count === 1 ? '' : 's'} in ${run.waves.length} wave${run.waves.length === 1 ? '' : 's'} (max_parallel ${run.max_parallel}, ${run.level}, schedule ${run.schedule}):`,
  ];
  for (const wave of run.waves) {
    wave.items.forEach((item, n) => {
      const head = n === 0 ? `  wave ${wave.index}: ` : ' '.repeat(`  wave ${wave.index}: `.length);
      const resumed = item.status === 'in_progress' ? ' [in_progress: resumed]' : '';
      lines.push(`${head}${item.id} ${item.title}${resumed} — ${item.command === null ? 'NO COMMAND' : `\`${item.command}\``}`);
    });
  }
  lines.push(landingLine(run.landing, run.schedule));
  if (run.schedule === 'dynamic') lines.push('  dynamic: each item starts as soon as its blockers completed and nothing it conflicts with runs, in this order');
  for (const h of run.held) lines.push(`  held (not run): ${h.item} — ${h.reason}`);
  lines.push('--dry-run: nothing was changed');
  return `${lines.join('\n')}\n`;
}

const HEADINGS: Array<[ItemReport['outcome'], string]> = [
  ['failed', 'failed (now blocked; see the Notes in the item file)'],
  ['interrupted', 'interrupted (back to pending)'],
  ['held', 'held'],
  ['not_started', 'not started'],
  ['lost', 'taken by someone else'],
];

/** The end-of-run report: counts, then every item that did not complete and why. */
export function formatApplyResult(result: ApplyResult, runDir: string): string {
  const count = (o: ItemReport['outcome']) => result.items.filter((i) => i.outcome === o).length;
  const parts = [`${count('completed')} completed`];
  for (const [outcome] of HEADINGS) if (count(outcome) > 0) parts.push(`${count(outcome)} ${outcome.replace('_', ' ')}`);
  const mark = result.exitCode === 0 ? '✓' : '✗';
  const lines = [`${mark} ${parts.join(', ')}${result.interrupted ? ` (interrupted by ${result.interrupted})` : ''}`];
  for (const [outcome, heading] of HEADINGS) {
    const items = result.items.filter((i) => i.outcome === outcome);
    if (items.length === 0) continue;
    lines.push(`${heading}:`);
    for (const i of items) lines.push(`  ${i.id} ${i.title}: ${i.reason ?? outcome}${i.log ? ` — log ${i.log}` : ''}`);
  }
  const audited = result.items.filter((i) => i.exceeded && i.exceeded.length > 0);
  for (const w of result.audit ?? [])
    lines.push(
      `footprint exceeded: ${w.wave === undefined ? 'the run' : `wave ${w.wave}`} changed ${w.exceeded.join(', ')} outside its items' predicted write sets`,
    );
  for (const i of audited)
    lines.push(
      `footprint exceeded: ${i.id} changed ${i.exceeded!.join(', ')} outside its ${i.inferred ? 'inferred' : 'predicted'} write set (${i.inferred ? 'missed by the inference: ' : ''}add ${i.exceeded!.length === 1 ? 'it' : 'them'} to its files:)`,
    );
  const branches = result.items.filter((i) => i.branch).map((i) => `${i.branch} (${i.id})`);
  if (branches.length > 0) lines.push(`branches kept for review: ${branches.join(', ')}`);
  lines.push(`run record: ${runDir}/ (events.jsonl, summary.json, one .log per item)`);
  return `${lines.join('\n')}\n`;
}
