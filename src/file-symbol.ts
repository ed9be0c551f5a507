/**
 * A write-set entry that names a symbol of a file (docs/queue-items.md, docs/conflicts.md):
 * `src/App.tsx#handlePaste` (a top-level declaration) or `src/App.tsx#App.handlePaste` (a class
 * member). Pure; shared by the item parser, the footprint and inference.
 */
export interface FileSymbol {
  path: string;
  /** The symbol named after `#`; undefined for a plain path or glob. */
  symbol?: string;
}

/** `Name` or `Class.member`: identifiers (a private member keeps its `#`). */
const SYMBOL = /^[A-Za-z_$][\w$]*(?:\.#?[A-Za-z_$][\w$]*)?$/;

/**
 * `src/App.tsx#handlePaste` → `{ path: 'src/App.tsx', symbol: 'handlePaste' }`. The symbol is what
 * follows the first `#` when it reads as `Name` or `Class.member`; anything else (no `#`, or a `#`
 * that is part of a file name) is a plain path.
 */
export function parseFileSymbol(entry: string): FileSymbol {
  const at = entry.indexOf('#');
  if (at <= 0) return { path: entry };
  const symbol = entry.slice(at + 1);
  return SYMBOL.test(symbol) ? { path: entry.slice(0, at), symbol } : { path: entry };
}

/** The inverse of parseFileSymbol. */
export function formatFileSymbol(path: string, symbol?: string): string {
  return symbol === undefined ? path : `${path}#${symbol}`;
}

/** The top-level declaration a symbol belongs to: `App` for `App.handlePaste`. */
export function symbolRoot(symbol: string): string {
  const dot = symbol.indexOf('.');
  return dot === -1 ? symbol : symbol.slice(0, dot);
}
