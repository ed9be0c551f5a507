import { formatDiagnostics, type Diagnostic } from '../diagnostics.js';
import { parseItemFilename } from '../queue/item-filename.js';

/**
 * The diagnostics a command other than `validate` prints: a warning on a completed item is
 * history nobody acts on, so such warnings are counted in one line instead of listed each time
 * (and in every MCP result); `validate` lists them all, and `named` (the files of items the user
 * asked about) are listed whatever their status. Errors are always listed (docs/commands.md).
 */
export function formatCommandDiagnostics(diagnostics: readonly Diagnostic[], named: ReadonlySet<string> = new Set()): string {
  const settled = diagnostics.filter((d) => d.severity === 'warning' && !named.has(d.file) && isCompletedItem(d.file));
  const shown = diagnostics.filter((d) => !settled.includes(d));
  const folded =
    settled.length === 0 ? '' : `${settled.length} warning${settled.length === 1 ? '' : 's'} on completed items not listed (waveplan validate lists them)\n`;
  return (shown.length > 0 ? formatDiagnostics(shown) : '') + folded;
}

function isCompletedItem(file: string): boolean {
  const parsed = parseItemFilename(file.slice(file.lastIndexOf('/') + 1));
  return parsed.kind === 'item' && parsed.status === 'completed';
}
