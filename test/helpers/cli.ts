import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './git-repo.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI (bin/waveplan.js → dist/) as a child process, as a user runs it. */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/waveplan.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', ...env },
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
