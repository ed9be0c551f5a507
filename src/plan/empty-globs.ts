import { globExpander } from '../analyze/footprint.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { TreeReader } from '../io/ports.js';
import { namePosition } from '../queue/check-references.js';
import type { Item } from '../types.js';

/**
 * Declared globs that match no file (docs/conflicts.md): the entry adds nothing to the write set, so
 * a typo (`src/clinet/**`) lets the item run beside the items writing what it meant. A plain path
 * that names nothing is a file to create and is not reported.
 */
export async function emptyGlobs(items: readonly Item[], repoFiles: readonly string[], tree: TreeReader): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  let expand: ((globs: readonly string[]) => string[]) | undefined;
  for (const item of items) {
    const empty = item.files.filter((entry) => /[*?{}]/.test(entry) && (expand ??= globExpander(repoFiles))([entry]).length === 0);
    if (empty.length === 0) continue;
    const bytes = await tree.read(item.file);
    const text = bytes ? new TextDecoder().decode(bytes) : undefined;
    for (const entry of empty)
      out.push(
        diagnostic({
          severity: 'warning',
          file: item.file,
          ...(text ? namePosition(text, 'files', entry) : { line: 1, col: 1 }),
          code: 'ITEM_GLOB_EMPTY',
          message: `files entry "${entry}" matches no file in the repository, so it adds nothing to what the item writes`,
          expected: 'a glob matching the files the item will change',
          found: entry,
          hint: 'fix the path (a typo in a folder name?), or name the files to create without wildcards',
        }),
      );
  }
  return out;
}
