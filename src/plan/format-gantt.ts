import type { PlanReport } from './compile-report.js';

/** Up to this many scheduled items the chart draws one bar per item; above, one bar per wave. */
export const GANTT_ITEM_BARS = 60;

/** Milliseconds per estimate unit: the axis (`%s`, whole seconds) then counts estimate units. */
const UNIT_MS = 1000;
/** Makespans up to this many units get a tick per unit. */
const WHOLE_TICKS_UP_TO = 20;

/**
 * The waves as a Mermaid gantt, back to back on a time axis (docs/plan-file.md, "The chart").
 * `dateFormat x` with millisecond values: Mermaid 11 ignores the start of `dateFormat X` (seconds)
 * values and draws every bar from zero. Estimates are rounded to whole milliseconds, at least one.
 */
export function formatGantt(report: PlanReport, itemBars = GANTT_ITEM_BARS): string[] {
  const scheduled = report.waves.reduce((n, w) => n + w.items.length, 0);
  const perItem = scheduled <= itemBars;
  const lines = ['gantt', '  dateFormat x', '  axisFormat %s', `  title Waves (relative estimates${perItem ? '' : ', one bar per wave'})`];
  // A short plan gets half-unit ticks by default, which %s prints twice ("0 0 1 1"): one tick per unit.
  if (report.waves.reduce((t, w) => t + w.estimate, 0) <= WHOLE_TICKS_UP_TO) lines.splice(3, 0, '  tickInterval 1second');
  let start = 0;
  for (const wave of report.waves) {
    const length = units(wave.estimate);
    if (perItem) {
      lines.push(`  section Wave ${wave.index}`);
      for (const item of wave.items) lines.push(`    ${label(`${item.id} ${item.title}`)} :i${taskId(item.id)}, ${start}, ${start + units(item.estimate)}`);
    } else {
      const n = wave.items.length;
      lines.push(`  ${label(`Wave ${wave.index} (${n} item${n === 1 ? '' : 's'})`)} :w${wave.index}, ${start}, ${start + length}`);
    }
    start += length;
  }
  return lines;
}

function units(estimate: number): number {
  return Math.max(1, Math.round(estimate * UNIT_MS));
}

/** A Mermaid task id: letters, digits and `_` only (`#12` → `12`, `a-b` → `a_b`). */
function taskId(id: string): string {
  return id.replace(/\W/g, '_');
}

/** Mermaid reads `:` as the start of the task data, `;` and `#` as line ends or comments, and `<…>` as markup. */
function label(text: string): string {
  return text
    .replace(/[:;#<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
