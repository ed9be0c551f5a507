import { existsSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { compareStrings } from '../order.js';
import { RUNS_DIR } from './event-log.js';
import { isAlive } from './lock.js';
import { readEvents } from './read-runs.js';

/** A run that ended without its summary: its apply process was killed. */
export interface KilledRun {
  run: string;
  /** The plan fingerprint it was applying. */
  fingerprint?: string;
  /** Items it started (or resumed) and never finished, with their command's process group. */
  unfinished: Array<{ item: string; pid?: number }>;
}

const ENDS = new Set(['item_completed', 'item_failed', 'item_released']);

/**
 * The run a new apply resumes: the holder of the stale lock it took over, or else the
 * newest run without summary.json whose apply process is gone from this host.
 */
export function findKilledRun(root: string, staleRun?: string): KilledRun | undefined {
  const dir = join(root, RUNS_DIR);
  if (!existsSync(dir)) return undefined;
  const candidates = staleRun ? [staleRun] : readdirSync(dir).filter((n) => /^\d{8}T\d{6}-[0-9a-f]{4}$/.test(n)).sort(compareStrings).reverse().slice(0, 1);
  for (const run of candidates) {
    if (existsSync(join(dir, run, 'summary.json'))) continue;
    const events = readEvents(root, run);
    const started = events.find((e) => e.type === 'run_started');
    if (!started) continue;
    if (!staleRun && (started.host !== hostname() || (started.pid !== undefined && isAlive(started.pid)))) continue;
    const open = new Map<string, number | undefined>();
    for (const e of events) {
      if (!e.item) continue;
      if (e.type === 'item_started') open.set(e.item, e.pid);
      else if (ENDS.has(e.type)) open.delete(e.item);
    }
    return { run, fingerprint: started.plan_fingerprint, unfinished: [...open].map(([item, pid]) => ({ item, pid })) };
  }
  return undefined;
}

/**
 * Stop what a killed run left running: each unfinished item's process group gets SIGTERM,
 * then SIGKILL after `graceMs`. Returns the items whose commands were still running.
 */
export async function stopOrphans(killed: KilledRun, graceMs = 3000): Promise<string[]> {
  const stopped: string[] = [];
  for (const { item, pid } of killed.unfinished) {
    if (pid === undefined || !groupAlive(pid)) continue;
    signalGroup(pid, 'SIGTERM');
    stopped.push(item);
  }
  const deadline = Date.now() + graceMs;
  const pids = killed.unfinished.map((u) => u.pid).filter((p): p is number => p !== undefined);
  while (pids.some(groupAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const pid of pids) if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  return stopped;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
