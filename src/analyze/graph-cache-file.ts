import { readCacheBytes, writeCacheText } from '../io/cache-dir.js';
import { parseGraphCache, serializeGraphCache, type GraphCache } from './graph-cache.js';

const FILE = 'import-graph.cache';

/** The cached graph, or undefined when missing, unreadable, corrupt or foreign. */
export async function readGraphCache(dir: string): Promise<GraphCache | undefined> {
  const bytes = await readCacheBytes(dir, FILE);
  return bytes === undefined ? undefined : parseGraphCache(bytes);
}

export async function writeGraphCache(dir: string, cache: GraphCache): Promise<void> {
  await writeCacheText(dir, FILE, serializeGraphCache(cache));
}
