import { namingNothing } from './compile-report.js';
import type { Hotspot, PlanReport } from './compile-report.js';

/** Conflicts the text report lists; the rest are counted (`--format json` has them all). */
const MAX_CONFLICTS_SHOWN = 100;
import { landingSetting, landingState, lastRunLine, showsLanding } from './format-report-landing.js';
import { fieldsPlace } from '../text.js';

const TITLE_WIDTH = 44;

/** The report as a terminal table: waves, why items wait, held items, conflicts, totals. */
export function formatReportText(report: PlanReport): string {
  const lines: string[] = [];
  const s = report.stats;
  const scheduled = report.waves.flatMap((w) => w.items);
  const idWidth = Math.max(3, ...scheduled.map((i) => i.id.length), ...report.held.map((h) => h.item.length));
  // Held items share the column: their titles count too (with nothing scheduled they are all there is).
  const titleWidth = Math.min(TITLE_WIDTH, Math.max(5, ...scheduled.map((i) => i.title.length), ...report.held.map((h) => h.title.length)));
  lines.push(
    `Plan ${report.plan_file}: ${s.scheduled} item${s.scheduled === 1 ? '' : 's'} in ${s.waves} wave${s.waves === 1 ? '' : 's'}, ${report.held.length} held, ${report.completed.length} completed · max_parallel ${report.settings.max_parallel} · level ${report.settings.level}${report.settings.assume_disjoint ? ' · assume-disjoint' : ''}`,
  );
  for (const wave of report.waves) {
    lines.push('', `Wave ${wave.index} · length ${wave.estimate} · ${wave.items.length} item${wave.items.length === 1 ? '' : 's'}`);
    for (const item of wave.items) {
      const head = `  ${item.id.padEnd(idWidth)}  ${clip(item.title, titleWidth).padEnd(titleWidth)}  ${item.priority}  est ${String(item.estimate).padEnd(3)}`;
      const status = item.status === 'in_progress' ? ' (in progress)' : '';
      if (item.waits_for.length === 0) lines.push(`${head}${status}`.trimEnd());
      else
        lines.push(
          `${head}${status} waits: ${item.waits_for[0]}`,
          ...item.waits_for.slice(1).map((r) => `${' '.repeat(head.length + status.length)} ${' '.repeat(6)} ${r}`),
        );
    }
  }
  if (report.held.length > 0) {
    lines.push('', 'Held (not scheduled)');
    for (const h of report.held) lines.push(`  ${h.item.padEnd(idWidth)}  ${clip(h.title, titleWidth).padEnd(titleWidth)}  ${h.reason}`);
  }
  if (report.unknown_footprint.length > 0) {
    lines.push('', `Unknown footprint (${report.settings.assume_disjoint ? 'assumed disjoint' : 'each runs alone'}): ${report.unknown_footprint.join(', ')}`);
    for (const [id, files] of Object.entries(report.suggested_files ?? {}))
      lines.push(`  ${id} weak footprint: add \`files: [${files.join(', ')}]\` to ${fieldsPlace(id, 'its frontmatter')} if that is right`);
    const silent = namingNothing(report);
    for (const [id, files] of Object.entries(report.unmatched_files ?? {}))
      lines.push(`  ${id} files: ${files.join(', ')} ${files.length === 1 ? 'matches' : 'match'} no file in the repository (a typo?): fix the path`);
    if (silent.length > 0)
      lines.push(
        `  ${silent.join(', ')} ${silent.length === 1 ? 'names' : 'name'} nothing in the repository: add \`files: [the paths it will change]\` to ${fieldsPlace(silent[0], 'the frontmatter')}`,
      );
  }
  if (report.inferred_footprint)
    lines.push('', `Inferred footprint (from the item's words; waveplan infer shows why, --write records it): ${report.inferred_footprint.join(', ')}`);
  if (report.hotspots) {
    lines.push('', 'Hotspots (files written by 3 or more items)');
    for (const h of report.hotspots) lines.push(`  ${hotspotLine(h)}`);
  }
  lines.push('', report.conflicts.length === 0 ? 'Conflicts: none' : `Conflicts (${report.conflicts.length})`);
  // The first 100: a queue of 1,000 fastify commits had 222,480 conflicts, 11 MB before the summary (and in the MCP report's text).
  for (const c of report.conflicts.slice(0, MAX_CONFLICTS_SHOWN))
    lines.push(`  ${`${c.a}–${c.b}`.padEnd(idWidth * 2 + 1)}  ${(c.kind ?? '').padEnd(9)}  ${c.evidence ?? ''}`.trimEnd());
  if (report.conflicts.length > MAX_CONFLICTS_SHOWN)
    lines.push(`  … and ${report.conflicts.length - MAX_CONFLICTS_SHOWN} more (report --format json lists every conflict; waveplan explain A B shows a pair)`);
  lines.push('');
  lines.push(
    `Critical path: ${report.critical_path.items.length > 0 ? report.critical_path.items.join(' → ') : 'none'} (length ${report.critical_path.length})`,
  );
  const b = s.bounds;
  const terms = b
    ? ` (critical path ${b.critical_path}, capacity ${b.capacity}, conflicting set ${b.conflicts}${b.conflict_set.length > 0 ? ` = ${b.conflict_set.join(', ')}` : ''})`
    : '';
  lines.push(`Makespan ${s.makespan} · lower bound ${s.lower_bound}${terms} · parallelism ${s.parallelism}${s.search ? ` · search ${s.search}` : ''}`);
  if (report.what_if) {
    const w = report.what_if;
    lines.push(
      `What if max_parallel were ${w.max_parallel} (configured ${w.configured_max_parallel}): makespan ${w.makespan} in ${w.waves} wave${w.waves === 1 ? '' : 's'}, against ${w.configured_makespan} in ${w.configured_waves}`,
    );
  }
  if (showsLanding(report.landing)) {
    const l = report.landing;
    lines.push('', `Landing: ${landingSetting(l)}`);
    const head = lastRunLine(l);
    if (head) lines.push(head);
    for (const i of l.last_run?.items ?? []) {
      lines.push(`  ${i.id.padEnd(idWidth)}  ${landingState(i, l.last_run?.isolation)}`);
      if (i.exceeded) lines.push(`  ${' '.repeat(idWidth)}  footprint exceeded${i.inferred ? ' (missed by the inference)' : ''}: ${i.exceeded.join(', ')}`);
    }
    for (const a of l.last_run?.audit ?? [])
      lines.push(`  ${a.wave === undefined ? 'the run' : `wave ${a.wave}`} footprint exceeded: ${a.exceeded.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** `src/App.tsx: 18 items write it (11 whole) → 18 waves; at least 13 as planned; 4 if each named its own symbols` (docs/conflicts.md#hotspots). */
export function hotspotLine(h: Hotspot): string {
  const whole = h.whole.length === h.items.length ? 'all whole' : `${h.whole.length} whole, ${h.items.length - h.whole.length} by symbol`;
  // A file written only because it is near a guess (docs/inference.md) is told apart: no item's words named it.
  const near = h.near ? `; ${h.near.length} only as near their guesses: ${h.near.join(', ')}` : '';
  return `${h.file}: ${h.items.length} items write it (${whole}${near}) → ${h.waves} waves as a file; at least ${h.symbol_waves} as planned; ${h.disjoint_waves} if each named its own symbols (path#symbol)`;
}
