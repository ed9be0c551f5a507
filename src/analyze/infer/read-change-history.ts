import { cacheDirOf, readCacheText, writeCacheText } from '../../io/cache-dir.js';
import type { Config } from '../../types.js';
import { waveplanOwnFiles } from '../own-files.js';
import { findChangeNotes } from './change-notes.js';
import { gitText } from '../../io/git-exec.js';
import { readCommitHistory, type CommitRecord } from '../../io/git-history.js';

const FILE = 'history.json';
const TAG = 'waveplan-history';
const VERSION = 1;

/** Waveplan's own files (own-files.ts), and a key naming them for the cache. */
export interface OwnFiles {
  isOwn: (path: string) => boolean;
  key: string;
}

/** The OwnFiles of a config: what readChangeLog leaves out of the history. */
export function ownFilesOf(config: Pick<Config, 'queue' | 'plan'>): OwnFiles {
  return { isOwn: waveplanOwnFiles(config), key: `${config.queue.dir}\0${config.plan.file}` };
}

/**
 * The folders of change notes the history shows (change-notes.ts: `.changeset/`), from the same
 * history inference reads (cached by HEAD); none outside a repository. The footprint audit
 * expects a change to add a note there (docs/apply.md).
 */
export async function readChangeNoteFolders(root: string, config: Pick<Config, 'queue' | 'plan'>, limit = 1000): Promise<string[]> {
  const commits = await readChangeLog(root, cacheDirOf(root), limit, undefined, ownFilesOf(config));
  return findChangeNotes(commits).folders;
}

/**
 * The last `limit` commits before HEAD (newest first), cached in `.agent/cache/history.json`
 * keyed by HEAD and the limit: a warm plan reads one file instead of running `git log`. Not a
 * repository, or no commit yet: no history (it is only evidence, never required).
 *
 * With `own`, waveplan's own files are no part of it (docs/inference.md): they leave every
 * commit's files, and a commit that changed nothing else (the queue and the plan committed,
 * what a run taught) is no commit of the history, so committing the plan does not move what
 * inference finds from it (the plan would never be current: a new commit, a new plan).
 */
export async function readChangeLog(root: string, cacheDir: string | undefined, limit: number, knownHead?: string, own?: OwnFiles): Promise<CommitRecord[]> {
  if (limit <= 0) return [];
  const head = knownHead ?? (await readHead(root));
  if (head === undefined) return [];
  const key = `${head} ${limit}${own ? ` ${own.key}` : ''}`;
  const cached = cacheDir === undefined ? undefined : parseHistoryCache(readCacheText(cacheDir, FILE), key);
  if (cached) return cached;
  let commits: CommitRecord[];
  try {
    commits = await readOwnHistory(root, head, limit, own?.isOwn);
  } catch {
    return [];
  }
  if (cacheDir !== undefined) await writeCacheText(cacheDir, FILE, `${JSON.stringify({ tag: TAG, version: VERSION, key, commits })}\n`);
  return commits;
}

/** The last `limit` commits from `head` that changed something besides waveplan's own files, those files left out. */
async function readOwnHistory(root: string, head: string, limit: number, isOwn?: (path: string) => boolean): Promise<CommitRecord[]> {
  if (!isOwn) return readCommitHistory(root, { limit, ref: head });
  const out: CommitRecord[] = [];
  let skip = 0;
  while (out.length < limit) {
    const want = limit - out.length;
    const page = await readCommitHistory(root, { limit: want, ref: head, skip });
    skip += page.length;
    for (const commit of page) {
      const files = commit.files.filter((f) => !isOwn(f));
      // An empty commit stays one (it changed no file, its message is history); one of waveplan's files only does not.
      if (files.length > 0 || commit.files.length === 0) out.push(files.length === commit.files.length ? commit : { ...commit, files });
    }
    if (page.length < want) break;
  }
  return out;
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
