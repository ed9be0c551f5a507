import { WaveplanError } from '../errors.js';
import { gitExec } from './git-exec.js';

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
 * (no commit yet) has no history rather than an error, and one missing an old commit's objects
 * the history up to it.
 */
export async function readCommitHistory(root: string, options: { limit: number; ref?: string; skip?: number }): Promise<CommitRecord[]> {
  const args = [
    'log',
    '--no-merges',
    '--no-renames',
    `-n${options.limit}`,
    ...(options.skip ? [`--skip=${options.skip}`] : []),
    `--format=${RECORD}%H${FIELD}%s${FIELD}%b${FIELD}`,
    '--name-only',
    options.ref ?? 'HEAD',
    '--',
  ];
  const { code, stdout, stderr } = await gitExec(args, { cwd: root, okCodes: [128] });
  if (code === 0) return parseCommitLog(stdout.toString('utf8'));
  if (/does not have any commits|unknown revision|bad (?:default )?revision/.test(stderr)) return [];
  // A tree git cannot read (a damaged clone, a mirror missing old objects): the commits before it
  // are whole and are the history; the one being listed when git stopped may not be.
  if (MISSING_OBJECT.test(stderr)) return parseCommitLog(stdout.toString('utf8')).slice(0, -1);
  throw new WaveplanError(`git ${args.join(' ')} failed (exit ${code}): ${stderr.trim()}`, 'GIT');
}

const MISSING_OBJECT = /unable to read|could not read|bad object|missing (?:tree|blob|commit)/i;

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
