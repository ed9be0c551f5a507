import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { didYouMean } from '../suggest.js';
import type { Config, Item } from '../types.js';

/** Items may only name resources and components that the config defines. */
export function checkReferences(items: readonly Item[], config: Config): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of items) {
    for (const [field, names, defined] of [
      ['resources', item.resources, config.analysis.resources],
      ['components', item.components, config.analysis.components],
    ] as const) {
      const known = Object.keys(defined);
      for (const name of names) {
        if (name in defined) continue;
        out.push(diagnostic({
          file: item.file, line: 2, col: 1, code: 'ITEM_UNKNOWN_NAME',
          message: `${field} names "${name}", which parallel.config.yaml does not define`,
          expected: known.length ? `one of ${known.join(', ')}` : `a name defined under analysis.${field} in parallel.config.yaml`,
          found: name,
          hint: didYouMean(name, known) ?? `add it to parallel.config.yaml:\nanalysis:\n  ${field}:\n    ${name}: [path/to/files/**]`,
        }));
      }
    }
  }
  return out;
}
