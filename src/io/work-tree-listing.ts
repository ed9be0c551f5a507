import { WaveplanError } from '../errors.js';
import { cannotRunGit, execProcess, gitExec, type GitExecResult } from './git-exec.js';

/**
 * Config that can make `git add` store other bytes than the file holds (line-ending conversion,
 * a global attributes file) or read a path differently (symlinks): when any is set, blob ids
 * come from `git hash-object`. Asked with `git config --get-regexp`, which sees every source git
 * reads (system, global, includes, GIT_CONFIG_* variables).
 */
export const CONVERSION_CONFIG = '^core\\.(autocrlf|eol|attributesfile|symlinks)$';

const LS_FILES = ['ls-files', '-z', '-s', '-t', '-m', '-d', '-o', '--exclude-standard'];
const CONFIG = ['config', '-z', '--get-regexp', CONVERSION_CONFIG];

/** The two git answers a work-tree snapshot reads. */
export interface WorkTreeListing {
  /** `git ls-files` of the index with stages, tagging the work tree's changes; exit 128 outside a repository. */
  listing: Promise<GitExecResult>;
  /** The conversion config set (empty when none, exit 1; 128 outside a repository). */
  config: Promise<GitExecResult>;
}

/**
 * Both answers from one process where there is a POSIX shell: sh asks `git config` (its answer
 * and exit code go to stderr, before a marker) and then becomes `git ls-files`. Each process
 * Node starts costs its main thread ~10 ms, and this is on every plan's path. On Windows, or
 * when sh cannot start, two git processes.
 */
export function startListing(root: string, env: Record<string, string | undefined> = process.env): WorkTreeListing {
  if (process.platform === 'win32') return twoProcesses(root, env);
  const both = shellAnswers(root, env);
  const fallback = both.then((split) => (split ? undefined : twoProcesses(root, env)));
  const listing = both.then(async (split) => {
    if (!split) return (await fallback)!.listing;
    const { result } = split;
    // 127: sh found no git to run.
    if (result.code === 127) throw cannotRunGit(result.stderr.trim() || 'not found');
    if (result.code !== 0 && result.code !== 128) throw gitFailed(LS_FILES, result);
    return result;
  });
  const config = both.then(async (split) => (split ? split.config : (await fallback)!.config));
  listing.catch(() => undefined);
  config.catch(() => undefined);
  return { listing, config };
}

/** Both answers from one `sh` (the listing's exit code unchecked); undefined when sh cannot start or its output is not the expected one. */
export function shellAnswers(
  root: string,
  env: Record<string, string | undefined> = process.env,
): Promise<{ result: GitExecResult; config: GitExecResult } | undefined> {
  const q = '-c core.quotepath=false';
  const script = `git ${q} ${CONFIG.slice(0, -1).join(' ')} "$1" >&2 2>/dev/null; printf '${MARK}%d${MARK}' "$?" >&2; exec git ${q} ${LS_FILES.join(' ')}`;
  return execProcess('/bin/sh', ['-c', script, 'sh', CONVERSION_CONFIG], { cwd: root, env }).then(splitAnswers, () => undefined);
}

/** Between git config's answer and its exit code, and after it: a newline and \x01, which no key holds (only a value with both could be misread). */
const MARK = '\\n\\001';
const MARK_BYTES = '\n\u0001';

function splitAnswers(result: GitExecResult): { result: GitExecResult; config: GitExecResult } | undefined {
  const at = result.stderr.indexOf(MARK_BYTES);
  const end = at === -1 ? -1 : result.stderr.indexOf(MARK_BYTES, at + MARK_BYTES.length);
  if (end === -1) return undefined;
  const code = Number(result.stderr.slice(at + MARK_BYTES.length, end));
  const config: GitExecResult = { code: Number.isInteger(code) ? code : -1, stdout: Buffer.from(result.stderr.slice(0, at), 'utf8'), stderr: '' };
  return { config, result: { ...result, stderr: result.stderr.slice(end + MARK_BYTES.length) } };
}

export function twoProcesses(root: string, env: Record<string, string | undefined> = process.env): WorkTreeListing {
  const config = gitExec(CONFIG, { cwd: root, env, okCodes: [1, 128] });
  const listing = gitExec(LS_FILES, { cwd: root, env, okCodes: [128] });
  config.catch(() => undefined);
  listing.catch(() => undefined);
  return { listing, config };
}

const prefetched = new Map<string, WorkTreeListing>();

/**
 * Start git's listing of `root` before the code that will read it has loaded (the CLI's first
 * act for a command that reads the tree: a large monorepo's listing takes ~0.1 s, and this module
 * is all the CLI loads before it starts). The first snapshot of that root takes it (takeListing);
 * later ones list again. Call the returned function when the command is over, so a listing
 * nobody took is never handed to a later command; its `settled` resolves once git has listed.
 */
export function prefetchListing(root: string): (() => void) & { settled: Promise<void> } {
  const started = startListing(root);
  prefetched.set(root, started);
  const discard = () => {
    if (prefetched.get(root) === started) prefetched.delete(root);
  };
  return Object.assign(discard, {
    settled: started.listing.then(
      () => undefined,
      () => undefined,
    ),
  });
}

/** The prefetched listing of `root`, if one was started and not taken yet, else a fresh one. */
export function takeListing(root: string): WorkTreeListing {
  const started = prefetched.get(root);
  prefetched.delete(root);
  return started ?? startListing(root);
}

function gitFailed(args: readonly string[], result: GitExecResult): WaveplanError {
  return new WaveplanError(`git ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`, 'GIT');
}
