import { visibleControls } from './text.js';

/**
 * A problem in user input. Collected and returned, never thrown one by one;
 * printed as `file:line:col CODE message`.
 */
export interface Diagnostic {
  code: string;
  severity: 'error' | 'warning';
  /** Repo-relative POSIX path (or a display name such as `#12`). */
  file: string;
  /** 1-based; 0 when the problem is about the whole file. */
  line: number;
  col: number;
  message: string;
  expected?: string;
  found?: string;
  hint?: string;
}

export type DiagnosticInput = Omit<Diagnostic, 'severity' | 'line' | 'col'> & Partial<Pick<Diagnostic, 'severity' | 'line' | 'col'>>;

export function diagnostic(input: DiagnosticInput): Diagnostic {
  return { severity: 'error', line: 0, col: 0, ...input };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return cmp(a.file, b.file) || a.line - b.line || a.col - b.col || cmp(a.code, b.code) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `file:line:col CODE message` followed by indented expected/found/hint lines. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.col || 1}` : d.file;
  // A diagnostic quotes the item (found:, the hint's fix): its control characters are shown, never sent to the terminal.
  const head = visibleControls(`${where} ${d.severity === 'warning' ? 'warning ' : ''}${d.code} ${d.message}`, { newlines: false });
  const lines = [head];
  if (d.expected !== undefined) lines.push(`  expected: ${indent(d.expected)}`);
  if (d.found !== undefined) lines.push(`  found:    ${indent(d.found)}`);
  if (d.hint !== undefined) lines.push(`  hint:     ${indent(d.hint)}`);
  return lines.join('\n');
}

function indent(text: string): string {
  return visibleControls(text).replace(/\n/g, '\n            ');
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.length - errors;
  const summary = `${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`;
  return `${sorted.map(formatDiagnostic).join('\n')}\n${summary}\n`;
}
