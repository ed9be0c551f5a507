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
  const data = JSON.parse(JSON.stringify(report)) as unknown;
  const errors = schemaErrors('report', data);
  if (errors.length > 0) throw new InternalError(`report fails schemas/report.schema.json:\n${formatSchemaErrors(errors)}`);
  return `${JSON.stringify(data, null, 2)}\n`;
}
