import type { ReportLanding, ReportLandingItem } from './compile-report.js';

/** The report's landing setting in words (docs/apply.md#landing-runisolation-worktree). */
export function landingSetting(l: ReportLanding): string {
  if (l.isolation !== 'worktree') return 'isolation none: items share the main work tree, nothing to land; the footprint audit is per wave';
  if (l.land === 'keep') return "isolation worktree, run.land keep: each item's work stays on waveplan/<id>, nothing is merged";
  const target = l.target ?? 'HEAD (detached: apply will refuse; check out a branch)';
  return `isolation worktree: each item lands on ${target} when it ends (gate ${l.gate ? `\`${l.gate}\`` : 'none'}, retry_on_conflict ${l.retry_on_conflict ?? 1})`;
}

/** Shown in text and Markdown only when there is something to say: worktrees, or a finished run. */
export function showsLanding(l: ReportLanding | undefined): l is ReportLanding {
  return l !== undefined && (l.isolation === 'worktree' || l.last_run !== undefined);
}

/** `landed 1a2b3c4d5e6f`, `not landed: <why>`, `no changes`, `kept …`, or the outcome without isolation. */
export function landingState(i: ReportLandingItem, isolation?: ReportLanding['isolation']): string {
  // Without isolation nothing lands: an item that did not complete says how it ended.
  if (isolation === 'none' && i.state === 'not landed') return `${i.outcome.replace('_', ' ')}: ${stripPrefix(i.why, i.outcome.replace('_', ' '))}`;
  switch (i.state) {
    case 'landed':
      return `landed ${i.commit!.slice(0, 12)}`;
    case 'no changes':
      return 'completed, no changes';
    case 'kept':
      return i.why ?? 'kept on its branch';
    case 'ran':
      return 'completed';
    case 'not landed':
      if (i.outcome === 'completed') return `${i.why}`;
      // The why may begin with `not landed: ` or the outcome (`held: blocked by 001`): say each once.
      return `not landed (${i.outcome.replace('_', ' ')}): ${stripPrefix(stripPrefix(i.why, 'not landed'), i.outcome.replace('_', ' '))}`;
  }
}

function stripPrefix(text: string | undefined, prefix: string): string | undefined {
  return text?.startsWith(`${prefix}: `) ? text.slice(prefix.length + 2) : text;
}

/** The last run's header line. */
export function lastRunLine(l: ReportLanding): string | undefined {
  const r = l.last_run;
  if (!r) return undefined;
  const head = `Last run ${r.run} (finished ${r.finished}, exit ${r.exit_code})`;
  // Without isolation the items ran in the main work tree: nothing lands, so count what completed.
  if (r.isolation === 'none') return `${head}: ${r.items.filter((i) => i.outcome === 'completed').length} of ${r.items.length} completed`;
  const landed = r.items.filter((i) => i.state === 'landed').length;
  const where = r.target ? ` on ${r.target}` : '';
  return `${head}: ${landed} of ${r.items.length} landed${where}`;
}
