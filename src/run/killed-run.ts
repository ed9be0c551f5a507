import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RUNS_DIR, type RunEvent } from './event-log.js';
import { isAlive } from './lock.js';
import { listRunIds, readEvents } from './read-runs.js';

/** A run that ended without its summary: its apply process was killed. */
export interface KilledRun {
  run: string;
  /** The fingerprint of the reviewed (committed) plan it was applying. */
  fingerprint?: string;
  /** Items it started (or resumed) and never finished, with their command's process group. */
  unfinished: Array<{ item: string; pid?: number }>;
  /** Its events, for the ledger of what it changed (item-ledger.ts). */
  events: RunEvent[];
  /** Set by the caller: changes to the queue that no run's event log accounts for (empty: none). */
  unaccounted?: string[];
}

/** Written in a run's folder once apply has rewritten the plan file, or said why it did not. */
export const SETTLED_FILE = 'plan-settled';

const ENDS = new Set(['item_completed', 'item_failed', 'item_released']);

/**
 * The run a new apply resumes: the newest run folder with a `run_started` event, when it has
 * no summary.json and its apply process is gone. Folders without `run_started` (a losing
 * `--detach`, a run killed before it started) are passed over, so they never hide the run
 * that needs resuming (docs/reliability.md). `underLock`: the caller holds the apply lock, so
 * no other apply runs and a live pid is a reused one.
 */
export function findKilledRun(root: string, underLock = false): KilledRun | undefined {
  const dir = join(root, RUNS_DIR);
  if (!existsSync(dir)) return undefined;
  // Newest first; runs started in the same second by their first event (listRunIds).
  for (const run of listRunIds(root).reverse()) {
    const events = readEvents(root, run);
    const started = events.find((e) => e.type === 'run_started');
    if (!started) continue;
    // A run that finished but died before it settled the plan file (rewrote it, or said why not)
    // is resumed like a killed one under the lock, so its own status moves are accounted for.
    // Runs recorded before run_inputs existed are taken as settled.
    const finished = existsSync(join(dir, run, 'summary.json')) || events.some((e) => e.type === 'run_finished');
    if (finished && (!underLock || existsSync(join(dir, run, SETTLED_FILE)) || !events.some((e) => e.type === 'run_inputs'))) return undefined;
    if (!underLock && (started.host !== hostname() || (started.pid !== undefined && isAlive(started.pid)))) return undefined;
    const open = new Map<string, number | undefined>();
    for (const e of events) {
      if (!e.item) continue;
      if (e.type === 'item_started') open.set(e.item, e.pid);
      else if (ENDS.has(e.type)) open.delete(e.item);
    }
    const reviewed = events.find((e) => e.type === 'run_inputs')?.reviewed_fingerprint;
    return { run, fingerprint: reviewed ?? started.plan_fingerprint, unfinished: [...open].map(([item, pid]) => ({ item, pid })), events };
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
