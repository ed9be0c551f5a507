import { compareStrings } from '../../order.js';
import type { FileSymbols } from './scan-exports.js';
import { blobId } from '../../io/blob-id.js';

/** Where each top-level name is declared: name → declaring files (sorted), exported ones apart from module-private ones. */
export interface SymbolIndex {
  exported: ReadonlyMap<string, readonly string[]>;
  local: ReadonlyMap<string, readonly string[]>;
}

/** TS/JS sources the index reads; generated, vendored and fixture trees are not the repo's own code. */
const SOURCE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const NOT_OWN_CODE = /(?:^|\/)(?:node_modules|dist|build|coverage|vendor|fixtures|__fixtures__|playground|examples|\.agent)\//;

export function isIndexed(path: string): boolean {
  return SOURCE.test(path) && !path.endsWith('.d.ts') && !NOT_OWN_CODE.test(path);
}

/** Per-file symbols → the index (pure). */
export function buildSymbolIndex(perFile: ReadonlyMap<string, FileSymbols>): SymbolIndex {
  const exported = new Map<string, string[]>();
  const local = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, name: string, file: string) => {
    const files = map.get(name);
    if (files) files.push(file);
    else map.set(name, [file]);
  };
  for (const file of [...perFile.keys()].sort(compareStrings)) {
    const symbols = perFile.get(file)!;
    for (const name of symbols.exported) add(exported, name, file);
    for (const name of symbols.local) add(local, name, file);
  }
  return { exported, local };
}

export const EMPTY_SYMBOL_INDEX: SymbolIndex = { exported: new Map(), local: new Map() };

/** The cache key of one file: its blob id and its parser (a .tsx file parses differently from a .ts one). */
export function cacheKey(path: string, bytes: Uint8Array): string {
  return `${blobId(bytes)}.${/\.[^.]+$/.exec(path)![0].slice(1)}`;
}

const CACHE_TAG = 'waveplan-symbol-index';
const CACHE_VERSION = 2;

/** Cache text → entries; anything foreign, corrupt or of another version reads as empty (never trusted). */
export function parseSymbolCache(text: string | undefined): Map<string, FileSymbols> {
  const out = new Map<string, FileSymbols>();
  if (text === undefined) return out;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return out;
  }
  const record = data as { tag?: unknown; version?: unknown; files?: unknown };
  if (!record || record.tag !== CACHE_TAG || record.version !== CACHE_VERSION || typeof record.files !== 'object' || !record.files) return out;
  for (const [key, value] of Object.entries(record.files as Record<string, unknown>)) {
    const v = value as { e?: unknown; l?: unknown };
    if (!/^[0-9a-f]{40}\.\w+$/.test(key) || !isStringArray(v?.e) || !isStringArray(v?.l)) return new Map();
    out.set(key, { exported: v.e, local: v.l });
  }
  return out;
}

export function formatSymbolCache(entries: ReadonlyMap<string, FileSymbols>): string {
  const files: Record<string, { e: string[]; l: string[] }> = {};
  for (const key of [...entries.keys()].sort(compareStrings)) files[key] = { e: entries.get(key)!.exported, l: entries.get(key)!.local };
  return `${JSON.stringify({ tag: CACHE_TAG, version: CACHE_VERSION, files })}\n`;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
