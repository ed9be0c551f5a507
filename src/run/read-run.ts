import { compareIds } from '../order.js';
import type { RunEvent, RunLanding } from './event-log.js';

/**
 * Replay a run's events into what `status`, `wait` and `runs` show. Pure: liveness of the
 * run's process and the clock come in as data, so a replay is the same on every machine.
 */

/** Where one item of a run stands. The last seven are how an item ended (summary outcomes + unfinished). */
export type ItemState =
  'to_start' | 'waiting_for_resources' | 'running' | 'completed' | 'failed' | 'held' | 'not_started' | 'interrupted' | 'lost' | 'unfinished';

/** starting: launched (--detach) but no run_started yet; crashed: its process died without run_finished. */
export type RunState = 'starting' | 'running' | 'finished' | 'crashed';

export interface ItemStatus {
  id: string;
  state: ItemState;
  wave?: number;
  /** Item file after its last change (repo-relative), once the run touched it. */
  file?: string;
  started?: string;
  finished?: string;
  /** waiting_for_resources: since when. */
  since?: string;
  /** Ran so far (running) or in all (ended); while waiting for resources, how long it has waited. */
  elapsed_ms?: number;
  exit_code?: number | null;
  /** The signal that ended its command (exit_code is then null). */
  signal?: string;
  reason?: string;
  log?: string;
  resumed?: boolean;
  /** The command's process (group) id while it runs. */
  pid?: number;
  /** The footprint audit (footprint_exceeded): files changed outside the predicted write set. */
  exceeded?: string[];
  /** With `exceeded`: the write set was inferred, so those are the inference's misses. */
  inferred?: boolean;
  /** item_landed: the merge commit on the target branch. */
  landed?: string;
}

export interface RunStatus {
  run: string;
  state: RunState;
  /** 0 / 3 as apply returned, 130/143 interrupted; 1 for a crashed run; null while it runs. */
  exit_code: number | null;
  pid?: number;
  host?: string;
  started?: string;
  finished?: string;
  elapsed_ms: number;
  level?: string;
  schedule?: string;
  max_parallel?: number;
  /** The last event's sequence number (0 = none yet): changes whenever anything happened. */
  seq: number;
  items: ItemStatus[];
  counts: Partial<Record<ItemState, number>>;
  /** Why the run is crashed, interrupted or not started. */
  reason?: string;
  /** Where the run puts the work: isolation, target, gate (from run_started). */
  landing?: RunLanding;
}

export interface ReplayInput {
  run: string;
  events: readonly RunEvent[];
  /** Is the run's process alive? undefined = cannot tell (another host, or no pid yet). */
  alive: (pid: number, host: string | undefined) => boolean | undefined;
  /** The launcher of a detached run that has not written run_started yet. */
  launch?: { pid: number; host?: string; time: string };
  now: Date;
}

const ENDED: Partial<Record<RunEvent['type'], ItemState>> = {
  item_completed: 'completed',
  item_failed: 'failed',
  item_held: 'held',
  item_not_started: 'not_started',
  item_released: 'interrupted',
  item_lost: 'lost',
};

export function replayRun(input: ReplayInput): RunStatus {
  const { events, now } = input;
  const items = new Map<string, ItemStatus>();
  const item = (id: string) => items.get(id) ?? items.set(id, { id, state: 'to_start' }).get(id)!;
  let started: RunEvent | undefined;
  let finished: RunEvent | undefined;
  let interrupted: RunEvent | undefined;
  for (const e of events) {
    if (e.type === 'run_started') {
      started = e;
      for (const id of e.items ?? []) item(id);
    } else if (e.type === 'run_finished') finished = e;
    else if (e.type === 'run_interrupted') interrupted = e;
    if (!e.item) continue;
    applyItemEvent(item(e.item), e);
  }
  const state = runState(input, started, finished);
  const startTime = started?.time ?? input.launch?.time;
  const end = finished?.time ?? (state === 'crashed' ? events.at(-1)?.time : undefined);
  const clock = end ? Date.parse(end) : now.getTime();
  const list = [...items.values()].sort((a, b) => compareIds(a.id, b.id));
  for (const i of list) {
    if (state === 'crashed' && (i.state === 'running' || i.state === 'waiting_for_resources')) {
      i.state = 'unfinished';
      i.reason = 'the run died while this item was under way; the next apply resumes it';
    }
    const from = i.state === 'running' ? i.started : i.state === 'waiting_for_resources' ? i.since : undefined;
    if (from) i.elapsed_ms = Math.max(0, clock - Date.parse(from));
  }
  const counts: Partial<Record<ItemState, number>> = {};
  for (const i of list) counts[i.state] = (counts[i.state] ?? 0) + 1;
  return {
    run: input.run,
    state,
    exit_code: state === 'finished' ? (finished?.exit_code ?? 1) : state === 'crashed' ? 1 : null,
    pid: started?.pid ?? input.launch?.pid,
    host: started?.host ?? input.launch?.host,
    started: startTime,
    finished: end,
    elapsed_ms: startTime ? Math.max(0, clock - Date.parse(startTime)) : 0,
    level: started?.level,
    schedule: started?.schedule,
    max_parallel: started?.max_parallel,
    ...(started?.landing ? { landing: started.landing } : {}),
    seq: events.at(-1)?.seq ?? 0,
    items: list,
    counts,
    reason: state === 'crashed' ? crashReason(started) : interrupted?.signal ? `interrupted by ${interrupted.signal}` : undefined,
  };
}

function applyItemEvent(status: ItemStatus, e: RunEvent): void {
  if (e.wave !== undefined) status.wave = e.wave;
  if (e.file) status.file = e.file;
  if (e.log) status.log = e.log;
  if (e.type === 'item_resumed') status.resumed = true;
  else if (e.type === 'footprint_exceeded') {
    status.exceeded = e.paths ?? [];
    if (e.inferred) status.inferred = true;
  } else if (e.type === 'item_landed' && e.commit) status.landed = e.commit;
  else if (e.type === 'waiting_for_resources') {
    status.state = 'waiting_for_resources';
    status.since = e.time;
    status.reason = `waiting for resources: ${e.reason ?? ''}`.trim();
  } else if (e.type === 'item_started') {
    status.state = 'running';
    status.started = e.time;
    status.pid = e.pid;
    delete status.reason;
    delete status.since;
  } else {
    const ended = ENDED[e.type];
    if (!ended) return;
    status.state = ended;
    delete status.pid;
    if (ended === 'held' || ended === 'not_started' || ended === 'lost') delete status.started;
    else status.finished = e.time;
    if (e.exit_code !== undefined) status.exit_code = e.exit_code;
    if (typeof e.signal === 'string') status.signal = e.signal;
    if (e.duration_ms !== undefined) status.elapsed_ms = e.duration_ms;
    if (e.reason !== undefined) status.reason = e.reason;
    else delete status.reason;
  }
}

function runState(input: ReplayInput, started: RunEvent | undefined, finished: RunEvent | undefined): RunState {
  if (finished) return 'finished';
  const owner = started?.pid !== undefined ? { pid: started.pid, host: started.host } : input.launch;
  if (!owner) return started ? 'running' : 'crashed';
  const alive = input.alive(owner.pid, owner.host);
  if (alive === false) return 'crashed';
  return started ? 'running' : 'starting';
}

function crashReason(started: RunEvent | undefined): string {
  return started
    ? `apply process ${started.pid ?? '?'} is gone and the run never finished (killed?); run waveplan apply to resume its items`
    : 'the detached apply exited before the run started; see output.log in the run folder';
}
