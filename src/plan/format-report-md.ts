import type { PlanReport } from './compile-report.js';
import { formatGantt } from './format-gantt.js';

/** The report as Markdown for a pull-request comment: summary, Mermaid Gantt of the waves, waves, held items, conflicts. */
export function formatReportMarkdown(report: PlanReport): string {
  const s = report.stats;
  const out: string[] = [];
  out.push(`### waveplan: ${s.scheduled} item${s.scheduled === 1 ? '' : 's'} in ${s.waves} wave${s.waves === 1 ? '' : 's'}, makespan ${s.makespan} (lower bound ${s.lower_bound})`);
  out.push('', `Plan \`${report.plan_file}\` · max_parallel ${report.settings.max_parallel} · level ${report.settings.level} · critical path ${report.critical_path.items.length > 0 ? report.critical_path.items.join(' → ') : 'none'} (length ${report.critical_path.length}) · parallelism ${s.parallelism}`);
  if (report.what_if) {
    const w = report.what_if;
    out.push('', `> What if max_parallel were ${w.max_parallel} (configured ${w.configured_max_parallel}): makespan ${w.makespan} in ${w.waves} wave${w.waves === 1 ? '' : 's'}, against ${w.configured_makespan} in ${w.configured_waves}.`);
  }
  if (report.waves.length > 0) out.push('', '```mermaid', ...formatGantt(report), '```');
  out.push('', '| wave | item | title | estimate | why it waits |', '| ---: | --- | --- | ---: | --- |');
  for (const wave of report.waves) {
    for (const item of wave.items) out.push(`| ${wave.index} | ${item.id} | ${cell(item.title)}${item.status === 'in_progress' ? ' (in progress)' : ''} | ${item.estimate} | ${cell(item.waits_for.join('; ')) || '—'} |`);
  }
  if (report.held.length > 0) {
    out.push('', '**Held** (not scheduled)', '', '| item | title | reason |', '| --- | --- | --- |');
    for (const h of report.held) out.push(`| ${h.item} | ${cell(h.title)} | ${cell(h.reason)} |`);
  }
  out.push('', report.conflicts.length === 0 ? '**Conflicts**: none' : `**Conflicts** (${report.conflicts.length})`);
  if (report.conflicts.length > 0) {
    out.push('', '| items | kind | evidence |', '| --- | --- | --- |');
    for (const c of report.conflicts) out.push(`| ${c.a} – ${c.b} | ${c.kind} | ${cell(`\`${c.evidence}\``)} |`);
  }
  if (report.unknown_footprint.length > 0) out.push('', `Unknown footprint (${report.settings.assume_disjoint ? 'assumed disjoint' : 'each runs alone'}): ${report.unknown_footprint.join(', ')}`);
  for (const [id, files] of Object.entries(report.suggested_files ?? {})) out.push(`- ${id} weak footprint: add \`files: [${files.join(', ')}]\` to its frontmatter if that is right`);
  if (report.inferred_footprint) out.push('', `Inferred footprint (from the item's words; \`waveplan infer\` shows why, \`--write\` records it): ${report.inferred_footprint.join(', ')}`);
  return `${out.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
