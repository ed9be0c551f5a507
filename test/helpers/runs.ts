import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { newRunId } from '../../src/run/event-log.js';
import { REPO_ROOT } from './git-repo.js';
import type { PlanSpec } from './plans.js';

/** Start a real apply process (test/helpers/drive-apply.ts) in the background; returns it and its run id. */
export function startApply(root: string, spec: PlanSpec & { level?: string }): { child: ChildProcess; run: string; exited: Promise<number | null> } {
  const run = newRunId();
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/helpers/drive-apply.ts'), root, run, JSON.stringify(spec)], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, run, exited };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until `check` holds (or throw after `ms`). */
export async function until(check: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The queue folder's item files, id → status, as the filenames say. */
export function queueStatuses(root: string, queue = '.agent/queue'): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(join(root, queue))) {
    const m = /^(\d{3,})-(pending|in_progress|completed|blocked)-/.exec(name);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** Kill a process group, ignoring one that is gone. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // gone
  }
}
