import { cacheDirOf, readCacheText, writeCacheText } from '../../io/cache-dir.js';
import type { TreeReader } from '../../io/ports.js';
import type { FileSymbols } from './scan-exports.js';
import { buildSymbolIndex, cacheKey, formatSymbolCache, isIndexed, parseSymbolCache, type SymbolIndex } from './symbol-index.js';

export interface ReadSymbolIndexOptions {
  /** Absolute project root; the cache lives in `<root>/.agent/cache/symbols.json`. */
  root: string;
  /** Every file of the repository, repo-relative. */
  repoFiles: readonly string[];
  /** Where file bytes come from (the work tree, or the git index in the hook). */
  tree: TreeReader;
  /** Set false to neither read nor write the cache. Default true. */
  cache?: boolean;
  /** Known git blob ids by path (e.g. the index's): a cached file is then not even read. */
  versions?: ReadonlyMap<string, string>;
}

const FILE = 'symbols.json';
export const SYMBOL_CACHE = `.agent/cache/${FILE}`;

/**
 * Build the symbol index, re-parsing only files whose blob id is not in the cache. The
 * TypeScript parser is imported only on a cache miss, so a warm run never loads it.
 */
export async function readSymbolIndex(options: ReadSymbolIndexOptions): Promise<{ index: SymbolIndex; parsed: number }> {
  const useCache = options.cache ?? true;
  const dir = cacheDirOf(options.root);
  const cached = useCache ? parseSymbolCache(readCacheText(dir, FILE)) : new Map<string, FileSymbols>();
  const perFile = new Map<string, FileSymbols>();
  const fresh = new Map<string, FileSymbols>();
  let scan: ((fileName: string, text: string) => FileSymbols) | undefined;
  const decoder = new TextDecoder();
  for (const path of options.repoFiles.filter(isIndexed)) {
    const known = options.versions?.get(path);
    const knownKey = known === undefined ? undefined : `${known}.${/\.([^.]+)$/.exec(path)![1]}`;
    let symbols = knownKey === undefined ? undefined : (cached.get(knownKey) ?? fresh.get(knownKey));
    let key = knownKey;
    if (!symbols) {
      const bytes = await options.tree.read(path);
      if (bytes === undefined) continue;
      key = cacheKey(path, bytes);
      symbols = cached.get(key) ?? fresh.get(key);
      if (!symbols) {
        scan ??= (await import('./scan-exports.js')).scanExports;
        symbols = scan(path, decoder.decode(bytes));
      }
    }
    fresh.set(key!, symbols);
    perFile.set(path, symbols);
  }
  const parsed = [...fresh.keys()].filter((key) => !cached.has(key)).length;
  if (useCache && (parsed > 0 || fresh.size !== cached.size)) await writeCacheText(dir, FILE, formatSymbolCache(fresh));
  return { index: buildSymbolIndex(perFile), parsed };
}
