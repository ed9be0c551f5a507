import { readCacheText, writeCacheText } from '../../io/cache-dir.js';
import { gitText } from '../../io/git-exec.js';
import { readCommitHistory, type CommitRecord } from '../../io/git-history.js';

const FILE = 'history.json';
const TAG = 'waveplan-history';
const VERSION = 1;

/**
 * The last `limit` commits before HEAD (newest first), cached in `.agent/cache/history.json`
 * keyed by HEAD and the limit: a warm plan reads one file instead of running `git log`. Not a
 * repository, or no commit yet: no history (it is only evidence, never required).
 */
export async function readChangeLog(root: string, cacheDir: string | undefined, limit: number, knownHead?: string): Promise<CommitRecord[]> {
  if (limit <= 0) return [];
  const head = knownHead ?? (await readHead(root));
  if (head === undefined) return [];
  const key = `${head} ${limit}`;
  const cached = cacheDir === undefined ? undefined : parseHistoryCache(readCacheText(cacheDir, FILE), key);
  if (cached) return cached;
  let commits: CommitRecord[];
  try {
    commits = await readCommitHistory(root, { limit, ref: head });
  } catch {
    return [];
  }
  if (cacheDir !== undefined) await writeCacheText(cacheDir, FILE, `${JSON.stringify({ tag: TAG, version: VERSION, key, commits })}\n`);
  return commits;
}

/** HEAD's commit id; undefined outside a repository or before the first commit. */
export async function readHead(root: string): Promise<string | undefined> {
  try {
    const head = (await gitText(['rev-parse', '--verify', '-q', 'HEAD'], { cwd: root, okCodes: [1, 128] })).trim();
    return /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
  } catch {
    return undefined;
  }
}

/** The cached commits when the cache is ours and for this key; anything else reads as a miss. */
export function parseHistoryCache(text: string | undefined, key: string): CommitRecord[] | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as { tag?: unknown; version?: unknown; key?: unknown; commits?: unknown };
    if (data.tag !== TAG || data.version !== VERSION || data.key !== key || !Array.isArray(data.commits)) return undefined;
    const commits = data.commits as CommitRecord[];
    const isValid = commits.every(
      (c) =>
        typeof c?.hash === 'string' &&
        typeof c.subject === 'string' &&
        typeof c.body === 'string' &&
        Array.isArray(c.files) &&
        c.files.every((f) => typeof f === 'string'),
    );
    return isValid ? commits : undefined;
  } catch {
    return undefined;
  }
}
