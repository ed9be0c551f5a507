import { globExpander, submodulePaths } from '../analyze/footprint.js';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { TreeReader } from '../io/ports.js';
import { namePosition } from '../queue/check-references.js';
import type { Item } from '../types.js';

/**
 * Declared globs that match no file (docs/conflicts.md): the entry adds nothing to the write set, so
 * a typo (`src/clinet/**`) lets the item run beside the items writing what it meant. A plain path
 * that names nothing is a file to create and is not reported, unless a file differs from it only
 * in case (ITEM_PATH_CASE).
 */
export async function emptyGlobs(items: readonly Item[], repoFiles: readonly string[], tree: TreeReader): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  let expand: ((globs: readonly string[]) => string[]) | undefined;
  let files: Set<string> | undefined;
  let byLowerCase: Map<string, string[]> | undefined;
  // A glob inside a submodule is the submodule (globExpander): not empty.
  const submodules =
    items.some((item) => item.files.some((entry) => /[*?{}]/.test(entry))) && repoFiles.includes('.gitmodules')
      ? submodulePaths(await readText(tree, '.gitmodules'))
      : [];
  for (const item of items) {
    const empty = item.files.filter((entry) => /[*?{}]/.test(entry) && (expand ??= globExpander(repoFiles, undefined, submodules))([entry]).length === 0);
    // A plain path naming no file that one file matches but for case (`LIB/Response.js`): a new file
    // here, the same file on a case-insensitive disk, and beside every item writing it in the plan.
    const cased: Array<[string, string]> = [];
    for (const entry of item.files) {
      if (/[*?{}]/.test(entry) || entry.endsWith('/') || (files ??= new Set(repoFiles)).has(entry)) continue;
      byLowerCase ??= groupByLowerCase(repoFiles);
      const same = byLowerCase.get(entry.toLowerCase());
      if (same?.length === 1) cased.push([entry, same[0]]);
    }
    if (empty.length === 0 && cased.length === 0) continue;
    const bytes = await tree.read(item.file);
    const text = bytes ? new TextDecoder().decode(bytes) : undefined;
    for (const [entry, file] of cased)
      out.push(
        diagnostic({
          severity: 'warning',
          file: item.file,
          ...(text ? namePosition(text, 'files', entry) : { line: 1, col: 1 }),
          code: 'ITEM_PATH_CASE',
          message: `files entry "${entry}" names no file; ${file} differs only in case, so the item is planned as creating a new file and runs beside the items writing ${file}`,
          expected: file,
          found: entry,
          hint: `write ${file}, as git lists it`,
        }),
      );
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

async function readText(tree: TreeReader, path: string): Promise<string | undefined> {
  const bytes = await tree.read(path);
  return bytes ? new TextDecoder().decode(bytes) : undefined;
}

function groupByLowerCase(files: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    const key = file.toLowerCase();
    const same = out.get(key);
    if (same) same.push(file);
    else out.set(key, [file]);
  }
  return out;
}
