import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { TreeReader } from '../io/ports.js';
import { compareStrings } from '../order.js';
import type { Item } from '../types.js';
import { declaredSymbols, symbolLookup, type DeclaredSymbol } from './declared-symbols.js';
import { loadOxcBinding } from './fast-scan.js';

export interface SymbolTable {
  /** What each file named in a `path#symbol` entry declares (declaredSymbols); a file that cannot be read or parsed is absent. */
  table: Map<string, DeclaredSymbol[]>;
  /** Hash of the table: with the graph's digest, what the plan depends on. */
  digest: string;
  /** A warning for each named symbol its file does not declare, at the item's line. */
  diagnostics: Diagnostic[];
}

/**
 * The declared symbols of every file an item names with `#symbol` (IO), and a warning for each
 * symbol not found there (docs/conflicts.md#symbol-level-write-sets): such an entry writes the
 * whole file, since the item may be about to create the symbol, or the name is a typo.
 */
export async function readSymbolTable(options: { root: string; items: readonly Item[]; tree?: TreeReader }): Promise<SymbolTable> {
  const table = new Map<string, DeclaredSymbol[]>();
  const diagnostics: Diagnostic[] = [];
  const named = [...new Set(options.items.flatMap((item) => Object.keys(item.symbols ?? {})))].sort(compareStrings);
  if (named.length === 0) return { table, digest: '', diagnostics };
  const oxc = await loadOxcBinding();
  const decoder = new TextDecoder();
  const read = async (file: string): Promise<string | undefined> => {
    if (options.tree) {
      const bytes = await options.tree.read(file);
      return bytes === undefined ? undefined : decoder.decode(bytes);
    }
    try {
      return readFileSync(join(options.root, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const hash = createHash('sha256');
  for (const file of named) {
    const text = await read(file);
    if (text === undefined || !oxc || !/\.[cm]?[jt]sx?$/.test(file)) continue;
    const symbols = declaredSymbols(oxc, file, text);
    table.set(file, symbols);
    hash.update(`${file}\0${symbols.map((s) => `${s.name}=${s.exportedAs.join(',')}`).join(' ')}\n`);
  }
  for (const item of options.items) {
    for (const [file, symbols] of Object.entries(item.symbols ?? {})) {
      const declared = table.get(file);
      const lookup = declared ? symbolLookup(declared) : undefined;
      for (const symbol of symbols) {
        if (lookup?.(symbol) !== undefined) continue;
        const itemText = options.tree ? await options.tree.read(item.file) : undefined;
        const at = locateEntry(itemText === undefined ? readItemText(options.root, item.file) : decoder.decode(itemText), `${file}#${symbol}`);
        diagnostics.push(
          diagnostic({
            severity: 'warning',
            file: item.file,
            ...at,
            code: 'ITEM_SYMBOL',
            message: declared
              ? `${file} declares no "${symbol}" (a top-level declaration, or a class member as Class.member), so the item is taken to write the whole file`
              : `${file} cannot be read as a TypeScript/JavaScript module, so "#${symbol}" names nothing and the item is taken to write the whole file`,
            expected: declared ? `one of: ${nearest(symbol, declared)}` : 'an existing .ts/.tsx/.js file',
            found: `${file}#${symbol}`,
            hint: 'name a symbol the file declares (src/App.tsx#handlePaste, src/App.tsx#App.onKeyDown), or the file alone if the item adds new symbols',
          }),
        );
      }
    }
  }
  return { table, digest: hash.digest('hex'), diagnostics };
}

function readItemText(root: string, file: string): string {
  try {
    return readFileSync(join(root, file), 'utf8');
  } catch {
    return '';
  }
}

/** 1-based line and column of an entry in the item's text (line 1 when absent). */
function locateEntry(text: string, entry: string): { line: number; col: number } {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i].indexOf(entry);
    if (col !== -1) return { line: i + 1, col: col + 1 };
  }
  return { line: 1, col: 1 };
}

/** A few declared names, those sharing the most leading letters with `symbol` first. */
function nearest(symbol: string, declared: readonly DeclaredSymbol[]): string {
  const lower = symbol.toLowerCase();
  const score = (name: string) => {
    const tail = name.slice(name.indexOf('.') + 1).toLowerCase();
    let k = 0;
    while (k < tail.length && k < lower.length && tail[k] === lower[k]) k++;
    return k;
  };
  const names = [...new Set(declared.map((d) => d.name))].sort((x, y) => score(y) - score(x) || compareStrings(x, y));
  return names.slice(0, 5).join(', ') || '(none)';
}
