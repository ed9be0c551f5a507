import { existsSync, openSync, readdirSync, readFileSync, readSync, closeSync, fstatSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { WaveplanError } from '../errors.js';
import { compareStrings } from '../order.js';
import { suggest } from '../suggest.js';
import { afterLastReturn } from '../text.js';
import { RUNS_DIR, type RunEvent } from './event-log.js';
import { isAlive } from './lock.js';
import { replayRun, type RunStatus } from './read-run.js';

/** Written by `apply --detach` before the child writes anything: who launched the run, and when. */
export const LAUNCH_FILE = 'launch.json';
/** The detached apply's own stdout and stderr. */
export const OUTPUT_FILE = 'output.log';

const RUN_ID = /^\d{8}T\d{6}-[0-9a-f]{4}$/;

/**
 * Run ids under `.agent/runs/`, oldest first. An id holds its UTC start to the second, then a random
 * suffix: runs started in the same second (a run killed at once and the next apply) are ordered by
 * the time of their first event, not by the suffix (docs/reliability.md).
 */
export function listRunIds(root: string): string[] {
  const dir = join(root, RUNS_DIR);
  if (!existsSync(dir)) return [];
  const ids = readdirSync(dir)
    .filter((name) => RUN_ID.test(name))
    .sort(compareStrings);
  const first = new Map<string, number>();
  const startOf = (run: string) => {
    let at = first.get(run);
    if (at === undefined) first.set(run, (at = firstEventTime(root, run)));
    return at;
  };
  // Only runs that share their second are read (each id's own events file, its first line).
  return ids.sort((a, b) => compareStrings(a.slice(0, 15), b.slice(0, 15)) || startOf(a) - startOf(b) || compareStrings(a, b));
}

/** When a run wrote its first event (ms), or, before it wrote any, 0: it then sorts first in its second. */
function firstEventTime(root: string, run: string): number {
  const path = join(root, RUNS_DIR, run, 'events.jsonl');
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(512);
      const line = buffer.toString('utf8', 0, readSync(fd, buffer, 0, 512, 0));
      return Date.parse(/"time":"([^"]+)"/.exec(line)?.[1] ?? '') || 0;
    } finally {
      closeSync(fd);
    }
  } catch {
    return 0;
  }
}

/** The run an argument names: the latest when absent; an exact id or a unique prefix of one. */
export function resolveRunId(root: string, wanted?: string): string {
  const ids = listRunIds(root);
  if (ids.length === 0) throw new WaveplanError(`no runs yet: ${RUNS_DIR}/ is empty; start one with \`waveplan apply --detach\``);
  if (!wanted) return ids.at(-1)!;
  if (ids.includes(wanted)) return wanted;
  const matches = ids.filter((id) => id.startsWith(wanted));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new WaveplanError(`run ${wanted} is ambiguous: it starts ${matches.length} runs (${matches.slice(-3).join(', ')}…); give more of the id`);
  const close = suggest(wanted, ids);
  throw new WaveplanError(`no run ${wanted} in ${RUNS_DIR}/${close ? `; did you mean ${close}?` : ''} (\`waveplan runs\` lists them)`);
}

/** The events of a run, in order; a line cut short by a kill (the last one) is skipped. */
export function readEvents(root: string, run: string): RunEvent[] {
  const path = join(root, RUNS_DIR, run, 'events.jsonl');
  if (!existsSync(path)) return [];
  const events: RunEvent[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as RunEvent);
    } catch {
      // a half-written last line: the reader comes back for it
    }
  }
  return events;
}

/** Where a run stands now, from its folder. */
export function readRunStatus(root: string, run: string, now: Date = new Date()): RunStatus {
  return replayRun({ run, events: readEvents(root, run), alive: processAlive, launch: readLaunch(root, run), now });
}

/** Liveness of a pid on this host; undefined for another host, which we cannot check. */
export function processAlive(pid: number, host: string | undefined): boolean | undefined {
  if (host !== undefined && host !== hostname()) return undefined;
  return isAlive(pid);
}

function readLaunch(root: string, run: string): { pid: number; host?: string; time: string } | undefined {
  const path = join(root, RUNS_DIR, run, LAUNCH_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const launch = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown; time?: unknown };
    if (typeof launch.pid === 'number' && typeof launch.time === 'string') {
      return { pid: launch.pid, host: typeof launch.host === 'string' ? launch.host : undefined, time: launch.time };
    }
  } catch {
    // being written: treat as not there yet
  }
  return undefined;
}

/** The last `lines` lines of a repo-relative log (reads at most the last 16 KiB). */
export function readLogTail(root: string, log: string, lines = 5): string[] {
  const path = join(root, log);
  if (!existsSync(path)) return [];
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 16 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    // A line ends at LF (or CRLF); a lone CR within it returns to its start (a progress bar).
    const all = buffer.toString('utf8').replace(/\r*\n/g, '\n').replace(/\n$/, '').split('\n').map(afterLastReturn);
    if (length < size) all.shift(); // the first line is cut
    return all.filter((line, i) => line !== '' || i > 0).slice(-lines);
  } finally {
    closeSync(fd);
  }
}
