import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GIT_ENV, REPO_ROOT } from './git-repo.js';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI, as the installed hook finds it through WAVEPLAN_BIN. */
export const WAVEPLAN_BIN = join(REPO_ROOT, 'bin/waveplan.js');

/** git (e.g. `commit`, which runs the hook) with the hook able to find the built CLI; never throws. */
export function gitRun(cwd: string, args: string[], env: Record<string, string> = {}): GitResult {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...GIT_ENV, WAVEPLAN_BIN, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
