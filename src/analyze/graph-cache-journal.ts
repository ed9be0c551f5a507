import { createHash } from 'node:crypto';
import type { FileUpdate, GraphCache } from './graph-cache.js';

/**
 * `.agent/cache/import-graph.journal`: the files a warm run re-scanned, beside the cache file
 * they update. Writing the whole cache again for one edited file cost a warm `plan` ~40 ms at
 * 5,000 files (it is 1 MB there); the journal is a few hundred bytes. It names the checksum of the
 * cache file it applies to, so a journal left beside another cache (a cold build since, another
 * process) is ignored, and it has its own checksum. Past JOURNAL_LIMIT files the cache file is
 * written again whole, and the journal removed.
 */
const FORMAT = 'waveplan-import-graph-journal 1';
export const JOURNAL_LIMIT = 256;

type Entry = [at: number, path: string, blob: string, specifiers: string[], resolved: Array<string | null>];

/** The journal of `cache`'s updates since it was read, or undefined when it was not read from a file or has too many. */
export function serializeJournal(cache: GraphCache): Buffer | undefined {
  const changes = cache.changes();
  if (cache.source === undefined || changes.size > JOURNAL_LIMIT) return undefined;
  const files: Entry[] = [...changes].sort((x, y) => x[0] - y[0]).map(([at, u]) => [at, cache.path(at), u.blob, u.specifiers, u.resolved]);
  const body = Buffer.from(JSON.stringify({ digest: cache.digest, files }));
  return Buffer.concat([Buffer.from(`${FORMAT} ${cache.source} ${sha1(body)}\n`), body]);
}

/** Apply a journal written for this cache file; anything else (another cache's, edited, truncated, malformed) is ignored whole. */
export function applyJournal(cache: GraphCache, bytes: Uint8Array): boolean {
  if (cache.source === undefined) return false;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const newline = buffer.indexOf(10);
  const body = buffer.subarray(newline + 1);
  if (newline === -1 || buffer.toString('latin1', 0, newline) !== `${FORMAT} ${cache.source} ${sha1(body)}`) return false;
  let data: { digest?: unknown; files?: unknown };
  try {
    data = JSON.parse(body.toString('utf8')) as typeof data;
  } catch {
    return false;
  }
  if (typeof data.digest !== 'string' || !Array.isArray(data.files)) return false;
  const updates = new Map<number, FileUpdate>();
  for (const entry of data.files as unknown[]) {
    if (!isEntry(entry) || entry[0] >= cache.size || cache.path(entry[0]) !== entry[1] || updates.has(entry[0])) return false;
    updates.set(entry[0], { blob: entry[2], specifiers: entry[3], resolved: entry[4] });
  }
  cache.restore(updates, data.digest);
  return true;
}

function isEntry(value: unknown): value is Entry {
  if (!Array.isArray(value) || value.length !== 5) return false;
  const [at, path, blob, specifiers, resolved] = value as unknown[];
  return (
    Number.isInteger(at) &&
    (at as number) >= 0 &&
    typeof path === 'string' &&
    typeof blob === 'string' &&
    Array.isArray(specifiers) &&
    specifiers.every((s) => typeof s === 'string') &&
    Array.isArray(resolved) &&
    resolved.length === specifiers.length &&
    resolved.every((r) => r === null || typeof r === 'string')
  );
}

function sha1(data: Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}
