import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waveplan } from './cli.js';
import { git, gitRepo, REPO_ROOT } from './git-repo.js';
import { traceQueueFiles, type TraceItem } from './trace.js';

export const SILENT = { WAVEPLAN_RENDERER: 'silent' };

/** A git repo with trace items, a config, and a compiled plan (committed), ready for `apply`. */
export async function applyRepo(items: TraceItem[], config: string): Promise<string> {
  const dir = gitRepo(undefined, { ...traceQueueFiles(items), 'parallel.config.yaml': config });
  const planned = await waveplan(dir, ['plan']);
  if (planned.code !== 0) throw new Error(`waveplan plan failed (${planned.code}):\n${planned.stdout}\n${planned.stderr}`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  return dir;
}

/** Every name in the queue folder, dotfiles (crash markers) included. */
export function queueNames(dir: string): string[] {
  return readdirSync(join(dir, '.agent/queue')).sort();
}

/** The built CLI in the background (for concurrent applies and kill -9). */
export function startCli(cwd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [join(REPO_ROOT, 'bin/waveplan.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code))));
}

export function read(dir: string, path: string): string {
  return existsSync(join(dir, path)) ? readFileSync(join(dir, path), 'utf8') : '';
}
