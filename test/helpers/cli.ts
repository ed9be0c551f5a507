import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { REPO_ROOT } from './git-repo.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment the CLI gets in tests: no developer settings, no colour. */
function cliEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', ...env };
}

/**
 * The CLI in this process: `main(argv, io)` as `bin/waveplan.js` calls it, with stdout and stderr
 * captured and no terminal (no questions asked). A spawn costs a Node start, the loader and the
 * CLI's modules for every call; this costs them once per test file. Use `runCli` where a real
 * process matters (signals, detached runs, the bundle itself).
 *
 * Code below the CLI that starts git reads `process.env`, as it would in a process of its own: the
 * call's variables are set there for the call's duration (tests in a file run one at a time).
 */
export async function waveplan(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const vars = cliEnv(env);
  const saved = Object.keys(vars).map((key) => [key, process.env[key]] as const);
  Object.assign(process.env, vars);
  try {
    const code = await main(args, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env: vars, isTTY: false });
    return { code, stdout, stderr };
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The built CLI (bin/waveplan.js → dist/) as a child process, as a user runs it. */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/waveplan.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: cliEnv(env),
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
