import { InternalError } from '../errors.js';
import { formatSchemaErrors, schemaErrors } from '../schemas.js';
import type { PlanReport } from './compile-report.js';
import { formatReportMarkdown } from './format-report-md.js';
import { formatReportText } from './format-report-text.js';

export const REPORT_FORMATS = ['text', 'md', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The report in one of its formats; JSON is checked against schemas/report.schema.json first. */
export function formatReport(report: PlanReport, format: ReportFormat): string {
  if (format === 'md') return formatReportMarkdown(report);
  if (format === 'text') return formatReportText(report);
  // The schema checks what a reader of the text gets (no undefined members), read back from it.
  const text = JSON.stringify(report, null, 2);
  const errors = schemaErrors('report', JSON.parse(text));
  if (errors.length > 0) throw new InternalError(`report fails schemas/report.schema.json:\n${formatSchemaErrors(errors)}`);
  return `${text}\n`;
}
