import { simpleGit } from 'simple-git';

/** One past commit: its message and the files it changed (renames as delete + add). */
export interface CommitRecord {
  hash: string;
  subject: string;
  body: string;
  files: string[];
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/**
 * The last `limit` non-merge commits reachable from HEAD, newest first. An empty repository
 * (no commit yet) has no history rather than an error.
 */
export async function readCommitHistory(root: string, options: { limit: number; ref?: string; skip?: number }): Promise<CommitRecord[]> {
  const git = simpleGit({ baseDir: root, config: ['core.quotepath=false'] });
  let out: string;
  try {
    out = await git.raw([
      'log',
      '--no-merges',
      '--no-renames',
      `-n${options.limit}`,
      ...(options.skip ? [`--skip=${options.skip}`] : []),
      `--format=${RECORD}%H${FIELD}%s${FIELD}%b${FIELD}`,
      '--name-only',
      options.ref ?? 'HEAD',
      '--',
    ]);
  } catch (error) {
    if (/does not have any commits|unknown revision|bad default revision/.test(String(error))) return [];
    throw error;
  }
  return parseCommitLog(out);
}

/** `git log` output in the format above → commits (pure). */
export function parseCommitLog(out: string): CommitRecord[] {
  return out
    .split(RECORD)
    .filter((record) => record.includes(FIELD))
    .map((record) => {
      const [hash, subject, body, names] = record.split(FIELD);
      const files = names
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      return { hash, subject, body: body.trim(), files };
    });
}
