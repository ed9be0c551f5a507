import { readCacheBytes, removeCacheFile, writeCacheText } from '../io/cache-dir.js';
import { applyJournal, serializeJournal } from './graph-cache-journal.js';
import { parseGraphCache, serializeGraphCache } from './graph-cache-format.js';
import type { GraphCache } from './graph-cache.js';

const FILE = 'import-graph.cache';
const JOURNAL = 'import-graph.journal';

/** The cached graph with its journal applied, or undefined when missing, unreadable, corrupt or foreign. */
export async function readGraphCache(dir: string): Promise<GraphCache | undefined> {
  const bytes = await readCacheBytes(dir, FILE);
  const cache = bytes === undefined ? undefined : parseGraphCache(bytes);
  if (!cache) return undefined;
  const journal = await readCacheBytes(dir, JOURNAL);
  if (journal !== undefined) applyJournal(cache, journal);
  return cache;
}

/** A warm run's updates go to the journal while they are few; otherwise the cache file is written whole. */
export async function writeGraphCache(dir: string, cache: GraphCache): Promise<void> {
  const journal = serializeJournal(cache);
  if (journal !== undefined) return writeCacheText(dir, JOURNAL, journal);
  await writeCacheText(dir, FILE, serializeGraphCache(cache));
  removeCacheFile(dir, JOURNAL);
}
