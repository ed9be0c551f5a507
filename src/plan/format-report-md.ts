import { namingNothing } from './compile-report.js';
import type { PlanReport } from './compile-report.js';
import { landingSetting, landingState, lastRunLine, showsLanding } from './format-report-landing.js';
import { formatGantt, GANTT_ITEM_BARS } from './format-gantt.js';
import { hotspotLine } from './format-report-text.js';
import { fieldsPlace } from '../text.js';

/** A GitHub comment holds 65,536 characters; the report stays under this, room left for a check section. */
export const MAX_REPORT_CHARS = 60_000;
/** Up to this many scheduled items the wave table has a row per item; above, a row per wave. */
const ITEM_ROWS = GANTT_ITEM_BARS;
/** Reasons shown per item in the wave table; the rest are counted. */
const REASONS_SHOWN = 2;

export interface MarkdownOptions {
  /** Markdown that goes right after the summary line: what moved against the plan on the base branch (formatCheckMarkdown). */
  check?: string;
  /** Characters at most (default MAX_REPORT_CHARS): whole lines are kept, then a line on how to see the rest. */
  maxChars?: number;
  /** Where the full report is, for that line (default: run `waveplan report --format md`). */
  fullReport?: string;
}

/**
 * The report as Markdown for a pull-request comment (docs/github.md): summary, what moved against
 * the base branch's plan, the landing and the last run's outcome, the Mermaid gantt, the wave table,
 * held items, the conflicts that pin items to their waves, each item's landing; cut to fit a comment.
 */
export function formatReportMarkdown(report: PlanReport, options: MarkdownOptions = {}): string {
  const s = report.stats;
  const out: string[] = [];
  out.push(
    `### waveplan: ${s.scheduled} item${s.scheduled === 1 ? '' : 's'} in ${s.waves} wave${s.waves === 1 ? '' : 's'}, makespan ${s.makespan} (lower bound ${s.lower_bound})`,
  );
  out.push(
    '',
    `Plan \`${report.plan_file}\` · max_parallel ${report.settings.max_parallel} · level ${report.settings.level} · critical path ${report.critical_path.items.length > 0 ? report.critical_path.items.join(' → ') : 'none'} (length ${report.critical_path.length}) · parallelism ${s.parallelism}`,
  );
  if (options.check) out.push('', options.check.trimEnd());
  if (report.what_if) {
    const w = report.what_if;
    out.push(
      '',
      `> What if max_parallel were ${w.max_parallel} (configured ${w.configured_max_parallel}): makespan ${w.makespan} in ${w.waves} wave${w.waves === 1 ? '' : 's'}, against ${w.configured_makespan} in ${w.configured_waves}.`,
    );
  }
  // The landing's setting and the last run's outcome come before the long parts, so a cut report keeps them.
  const landing = showsLanding(report.landing) ? report.landing : undefined;
  if (landing) {
    out.push('', `**Landing**: ${landingSetting(landing)}`);
    const head = lastRunLine(landing);
    if (head) out.push('', head);
  }
  if (report.waves.length > 0) out.push('', '```mermaid', ...formatGantt(report), '```');
  out.push(...waveTable(report));
  if (report.held.length > 0) {
    out.push('', '**Held** (not scheduled)', '', '| item | title | reason |', '| --- | --- | --- |');
    for (const h of report.held) out.push(`| ${h.item} | ${cell(h.title)} | ${cell(h.reason)} |`);
  }
  out.push(...pinningConflicts(report));
  if (report.unknown_footprint.length > 0)
    out.push('', `Unknown footprint (${report.settings.assume_disjoint ? 'assumed disjoint' : 'each runs alone'}): ${report.unknown_footprint.join(', ')}`);
  for (const [id, files] of Object.entries(report.suggested_files ?? {}))
    out.push(`- ${id} weak footprint: add \`files: [${files.join(', ')}]\` to ${fieldsPlace(id, 'its frontmatter')} if that is right`);
  const silent = namingNothing(report);
  for (const [id, files] of Object.entries(report.unmatched_files ?? {}))
    out.push(
      `- ${id} files: ${files.map((f) => `\`${f}\``).join(', ')} ${files.length === 1 ? 'matches' : 'match'} no file in the repository (a typo?): fix the path`,
    );
  if (silent.length > 0)
    out.push(
      `- ${silent.join(', ')} ${silent.length === 1 ? 'names' : 'name'} nothing in the repository: add \`files: [the paths it will change]\` to ${fieldsPlace(silent[0], 'the frontmatter')}`,
    );
  if (report.inferred_footprint)
    out.push('', `Inferred footprint (from the item's words; \`waveplan infer\` shows why, \`--write\` records it): ${report.inferred_footprint.join(', ')}`);
  if (landing?.last_run) {
    out.push('', '**Landing per item** (last run)', '', '| item | title | landing | footprint exceeded |', '| --- | --- | --- | --- |');
    for (const i of landing.last_run.items)
      out.push(
        `| ${i.id} | ${cell(i.title)} | ${cell(landingState(i, landing.last_run.isolation))} | ${cell(`${(i.exceeded ?? []).join(', ')}${i.exceeded && i.inferred ? ' (missed by the inference)' : ''}`)} |`,
      );
    for (const a of landing.last_run.audit ?? []) out.push(`| ${a.wave === undefined ? 'the run' : `wave ${a.wave}`} | | | ${cell(a.exceeded.join(', '))} |`);
  }
  if (report.hotspots) {
    out.push('', '**Hotspots** (files written by 3 or more items)', '');
    for (const h of report.hotspots) out.push(`- ${cell(hotspotLine(h))}`);
  }
  return capped(
    out,
    options.maxChars ?? MAX_REPORT_CHARS,
    options.fullReport ?? 'run `waveplan report --format md` for the full report (`--format json` for every conflict with its evidence)',
  );
}

function waveTable(report: PlanReport): string[] {
  const out = [''];
  if (report.stats.scheduled <= ITEM_ROWS) {
    out.push('| wave | item | title | estimate | why it waits |', '| ---: | --- | --- | ---: | --- |');
    for (const wave of report.waves) {
      for (const item of wave.items) {
        const shown = item.waits_for.slice(0, REASONS_SHOWN).join('; ');
        const more = item.waits_for.length - REASONS_SHOWN;
        out.push(
          `| ${wave.index} | ${item.id} | ${cell(item.title)}${item.status === 'in_progress' ? ' (in progress)' : ''} | ${item.estimate} | ${cell(shown) || '—'}${more > 0 ? ` (+${more} more)` : ''} |`,
        );
      }
    }
    return out;
  }
  out.push('| wave | length | items |', '| ---: | ---: | --- |');
  for (const wave of report.waves) out.push(`| ${wave.index} | ${wave.estimate} | ${wave.items.map((i) => i.id).join(', ')} |`);
  return out;
}

/** The conflicts that keep items out of earlier waves, with their evidence; the others counted. */
function pinningConflicts(report: PlanReport): string[] {
  const pins = report.waves.flatMap((w) => w.items.flatMap((i) => (i.pinned_by ?? []).map((p) => ({ id: i.id, at: w.index, ...p }))));
  const out = [
    '',
    report.conflicts.length === 0
      ? '**Conflicts**: none'
      : `**Conflicts that pin items to their waves** (${pins.length} of ${report.conflicts.length} conflicts)`,
  ];
  if (pins.length > 0) {
    out.push('', '| item (wave) | kept out of wave by | kind | evidence |', '| --- | --- | --- | --- |');
    for (const p of pins) out.push(`| ${p.id} (${p.at}) | ${p.item} (${p.wave}) | ${p.kind} | ${code(`\`${p.evidence}\``)} |`);
  }
  const others = report.conflicts.length - pins.length;
  if (others > 0)
    out.push(
      '',
      `${others} other conflict${others === 1 ? '' : 's'} pin nothing (the items are apart anyway): \`waveplan report --format json\` lists them, \`waveplan explain A B\` explains a pair.`,
    );
  return out;
}

/** Whole lines up to `max` characters, then one line on how to see the rest; a Mermaid block is kept whole or left out. */
function capped(lines: string[], max: number, fullReport: string): string {
  const text = `${lines.join('\n')}\n`;
  if (text.length <= max) return text;
  const kept: string[] = [];
  let length = 0;
  const tail = (cut: number) =>
    `\n_… cut at ${String(max).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} characters (${cut} more line${cut === 1 ? '' : 's'}): ${fullReport}._\n`;
  const room = max - tail(lines.length).length - 1;
  let fence = -1;
  for (let i = 0; i < lines.length; i++) {
    if (length + lines[i]!.length + 1 > room) break;
    if (lines[i] === '```mermaid') fence = kept.length;
    else if (lines[i] === '```') fence = -1;
    kept.push(lines[i]!);
    length += lines[i]!.length + 1;
  }
  if (fence >= 0) kept.length = fence;
  return `${kept.join('\n')}\n${tail(lines.length - kept.length)}`;
}

function cell(text: string): string {
  // A title is the author's text, not markup: `<details>` or an `<img>` in it would swallow or restyle the rest of a PR comment.
  return code(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A table cell's text inside a code span, where GitHub shows entities as written: only the table's own characters are escaped. */
function code(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
