import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { didYouMean } from '../suggest.js';
import type { Config, Item } from '../types.js';

/** Where an item names something: line and column in its file; default line 2 (after the frontmatter's `---`). */
export type NamePosition = (item: Item, field: 'resources' | 'components', name: string) => { line: number; col: number };

/** Items may only name resources and components that the config defines. */
export function checkReferences(items: readonly Item[], config: Config, position: NamePosition = () => ({ line: 2, col: 1 })): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of items) {
    for (const [field, names, defined] of [
      ['resources', item.resources, config.analysis.resources],
      ['components', item.components, config.analysis.components],
    ] as const) {
      const known = Object.keys(defined);
      for (const name of names) {
        if (name in defined) continue;
        out.push(
          diagnostic({
            file: item.file,
            ...position(item, field, name),
            code: 'ITEM_UNKNOWN_NAME',
            message: `${field} names "${name}", which parallel.config.yaml does not define`,
            expected: known.length ? `one of ${known.join(', ')}` : `a name defined under analysis.${field} in parallel.config.yaml`,
            found: name,
            hint: didYouMean(name, known) ?? `add it to parallel.config.yaml:\nanalysis:\n  ${field}:\n    ${name}: [path/to/files/**]`,
          }),
        );
      }
    }
  }
  return out;
}

/** The line and column of `name` in an item's text: on the line of its `field:` key when there is one, else its first mention. */
export function namePosition(text: string, field: string, name: string): { line: number; col: number } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const key = new RegExp(`^\\s*(?:-\\s*)?${field}\\s*:`, 'i');
  let fallback: { line: number; col: number } | undefined;
  let inField = false;
  for (let i = 0; i < lines.length; i++) {
    const onKey = key.exec(lines[i]);
    if (onKey) inField = true;
    else if (/^\s*[\w-]+\s*:/.test(lines[i]) && !/^\s*-/.test(lines[i])) inField = false;
    // On the key's own line, after the key (`resources: [db]` holds "so" inside "resources").
    const col = lines[i].indexOf(name, onKey ? onKey[0].length : 0);
    if (col === -1) continue;
    if (inField) return { line: i + 1, col: col + 1 };
    fallback ??= { line: i + 1, col: col + 1 };
  }
  return fallback ?? { line: 2, col: 1 };
}
