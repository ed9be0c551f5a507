import { readCacheText, writeCacheText } from '../io/cache-dir.js';
import { parseGraphCache, serializeGraphCache, type GraphCache } from './graph-cache.js';

const FILE = 'import-graph.json';

/** The cached graph, or undefined when missing, unreadable, corrupt or foreign. */
export async function readGraphCache(dir: string): Promise<GraphCache | undefined> {
  const text = await readCacheText(dir, FILE);
  return text === undefined ? undefined : parseGraphCache(text);
}

export async function writeGraphCache(dir: string, cache: GraphCache): Promise<void> {
  await writeCacheText(dir, FILE, serializeGraphCache(cache));
}
