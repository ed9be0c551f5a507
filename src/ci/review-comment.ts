import { formatDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { PlanCheck } from '../plan/check-plan.js';
import type { PlanReport } from '../plan/compile-report.js';
import { formatCheckMarkdown } from '../plan/format-check-md.js';
import { formatReportMarkdown, MAX_REPORT_CHARS } from '../plan/format-report-md.js';

/**
 * The first line of the pull-request comment `waveplan ci review` keeps up to date: the comment
 * to edit is found by it (docs/github.md, "Plan review on pull requests").
 */
export const REVIEW_MARKER = '<!-- waveplan:plan-review -->';

/** What a review found: a compiled queue with its check, or the diagnostics that stopped the compile. */
export type ReviewResult = { kind: 'compiled'; planFile: string; check: PlanCheck; report: PlanReport } | { kind: 'failed'; diagnostics: Diagnostic[] };

export interface ReviewTexts {
  /** The sticky comment: marker, the report with the check after its summary line, cut to fit a comment. */
  comment: string;
  /** The same Markdown uncut, for the workflow's artifact. */
  full: string;
}

/**
 * The review as Markdown (pure): what a pull request's reviewer sees in the comment, and the
 * uncut report for the artifact. `artifact` names where the rest is (the workflow run's URL).
 */
export function reviewTexts(result: ReviewResult, artifact?: string): ReviewTexts {
  if (result.kind === 'failed') {
    const text = [
      '### waveplan: the queue does not compile',
      '',
      'Fix these and push again (`waveplan validate` shows them locally):',
      '',
      '```text',
      formatDiagnostics(result.diagnostics).trimEnd().replace(/```/g, "'''"),
      '```',
      '',
    ].join('\n');
    return { comment: capText(`${REVIEW_MARKER}\n${text}`, artifact), full: text };
  }
  const check = formatCheckMarkdown(result.planFile, result.check);
  const rest = artifact
    ? `the full report is the \`waveplan-report\` artifact of [the workflow run](${artifact}) (or run \`waveplan report --format md\`)`
    : undefined;
  const comment = formatReportMarkdown(result.report, { check, maxChars: MAX_REPORT_CHARS - REVIEW_MARKER.length - 1, ...(rest ? { fullReport: rest } : {}) });
  return { comment: `${REVIEW_MARKER}\n${comment}`, full: formatReportMarkdown(result.report, { check, maxChars: Number.POSITIVE_INFINITY }) };
}

/** Diagnostics can be many: whole lines up to the cap, then where the rest is. */
function capText(text: string, artifact: string | undefined): string {
  if (text.length <= MAX_REPORT_CHARS) return text;
  const tail = `\n\`\`\`\n\n_… cut: ${artifact ? `the rest is in [the workflow run](${artifact})` : 'run `waveplan validate` for the rest'}._\n`;
  const room = MAX_REPORT_CHARS - tail.length;
  return text.slice(0, text.lastIndexOf('\n', room)) + tail;
}
