import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { WaveplanError } from '../errors.js';

export interface GitExecOptions {
  /** Working directory of the git process. */
  cwd: string;
  /** Environment (defaults to process.env); hooks pass theirs so GIT_INDEX_FILE is honoured. */
  env?: Record<string, string | undefined>;
  /** Bytes written to git's stdin. */
  input?: Uint8Array | string;
  /** Exit codes that are answers rather than failures (e.g. 1 for `diff --quiet`). */
  okCodes?: readonly number[];
}

export interface GitExecResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/**
 * Run git with plain child_process (no simple-git): the pre-commit path is latency
 * bound and must pass the hook's environment (GIT_INDEX_FILE, GIT_DIR) through untouched.
 */
export function gitExec(args: readonly string[], options: GitExecOptions): Promise<GitExecResult> {
  return execProcess('git', ['-c', 'core.quotepath=false', ...args], options).then(
    (result) => {
      if (result.code === 0 || options.okCodes?.includes(result.code)) return result;
      throw new WaveplanError(`git ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`, 'GIT');
    },
    (error: Error) => {
      // spawn says ENOENT for a missing working folder as for a missing git: name the one it is.
      if (!existsSync(options.cwd)) throw new WaveplanError(`cannot run git in ${options.cwd}: no such folder`, 'GIT');
      throw cannotRunGit(error.message);
    },
  );
}

/** Run a program to its end: its exit code, stdout and stderr; rejects (with Node's error) only when it cannot start. */
export function execProcess(file: string, args: readonly string[], options: Omit<GitExecOptions, 'okCodes'>): Promise<GitExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export function cannotRunGit(why: string): WaveplanError {
  return new WaveplanError(`cannot run git (${why}); is git installed and on PATH?`, 'GIT');
}

/** `gitExec` that returns stdout as UTF-8 text. */
export async function gitText(args: readonly string[], options: GitExecOptions): Promise<string> {
  return (await gitExec(args, options)).stdout.toString('utf8');
}
