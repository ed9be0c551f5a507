import { randomBytes } from 'node:crypto';
import { appendFileSync, createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../io/atomic-write.js';

/**
 * The record of one apply run, under `.agent/runs/<run-id>/`:
 *   events.jsonl   one JSON object per line, one per state change (schemas/run-event.schema.json);
 *   <id>.log       each item's command output (stdout and stderr interleaved);
 *   summary.json   written once at the end (schemas/run-summary.schema.json).
 * `apply --detach`, `status`, `wait` and `runs` read this folder; a run with no summary.json
 * whose `run_started` pid is dead was killed. Every event is a single append, so a reader
 * never sees half a line from a finished write.
 */
export const RUNS_DIR = '.agent/runs';

export const RunEventType = {
  run_started: 'run_started',
  run_inputs: 'run_inputs',
  item_moving: 'item_moving',
  lock_taken_over: 'lock_taken_over',
  move_recovered: 'move_recovered',
  item_resumed: 'item_resumed',
  item_started: 'item_started',
  item_completed: 'item_completed',
  item_failed: 'item_failed',
  item_held: 'item_held',
  item_not_started: 'item_not_started',
  item_released: 'item_released',
  item_lost: 'item_lost',
  waiting_for_resources: 'waiting_for_resources',
  wave_started: 'wave_started',
  wave_finished: 'wave_finished',
  run_interrupted: 'run_interrupted',
  run_finished: 'run_finished',
  item_landed: 'item_landed',
  landing_conflict: 'landing_conflict',
  landing_recovered: 'landing_recovered',
  footprint_exceeded: 'footprint_exceeded',
} as const;
export type RunEventType = (typeof RunEventType)[keyof typeof RunEventType];

/** Where a run puts the work (docs/apply.md#landing-runisolation-worktree): in run_started, summary.json and `status`. */
export interface RunLanding {
  isolation: 'none' | 'worktree';
  land?: 'merge' | 'keep';
  /** run.land merge: the branch items land on. */
  target?: string;
  gate?: string | null;
  retry_on_conflict?: number;
}

/** One line of events.jsonl. Only `v`, `seq`, `time`, `run` and `type` are always present. */
export interface RunEvent {
  v: 1;
  /** 1, 2, 3… in write order. */
  seq: number;
  /** ISO time. */
  time: string;
  run: string;
  type: RunEventType;
  item?: string;
  /** 1-based wave index (waves schedule), or the plan wave the item belongs to. */
  wave?: number;
  /** Item file after the change (repo-relative). */
  file?: string;
  exit_code?: number | null;
  signal?: string | null;
  duration_ms?: number;
  /** Why: the failure, the hold, the interrupt. */
  reason?: string;
  /** Repo-relative path of the item's output log. */
  log?: string;
  /** Extra facts of `run_started` / `run_finished`. */
  pid?: number;
  host?: string;
  level?: string;
  schedule?: 'waves' | 'dynamic';
  max_parallel?: number;
  items?: string[];
  /** run_started: the fingerprint of the plan being applied. */
  plan_fingerprint?: string;
  /** run_started: where this run puts the work. */
  landing?: RunLanding;
  /** run_inputs: every item file (id → [file, sha-256]) as the run found it, after checking it against the reviewed plan. */
  item_files?: Record<string, [string, string]>;
  /** run_inputs: sha-256 of the config text (or "defaults"). */
  config_sha256?: string;
  /** run_inputs: the fingerprint of the committed (reviewed) plan this run applies. */
  reviewed_fingerprint?: string;
  /** item_moving: the item file after the move, and the sha-256 of its new content. */
  to?: string;
  sha256?: string;
  /** item_moving: the item file had been changed by something other than waveplan before this move. */
  unreviewed?: boolean;
  /** Git branch kept for the item (isolation: worktree). */
  branch?: string;
  /** waiting_for_resources: the 1-minute load average and free memory (bytes) that held the start. */
  load?: number;
  free_memory?: number;
  /** item_landed / landing_recovered: the merge commit the target moved to, and the target. */
  commit?: string;
  target?: string;
  /** item_landed: files changed; landing_conflict: conflicting files; footprint_exceeded: files outside the write set. */
  paths?: string[];
  /** footprint_exceeded: the item's write set was inferred, so `paths` are what the inference missed. */
  inferred?: boolean;
}

export type EventInput = Omit<RunEvent, 'v' | 'seq' | 'time' | 'run'>;

export interface EventLog {
  run: string;
  /** Repo-relative folder of this run. */
  dir: string;
  emit(event: EventInput): RunEvent;
  /** Repo-relative path of an item's output log. */
  itemLog(id: string): string;
  /** Open an item's output log for appending. */
  openItemLog(id: string): WriteStream;
  writeSummary(summary: object): void;
}

/** A sortable run id: UTC `YYYYMMDDTHHMMSS` plus 4 random hex digits. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** Create `.agent/runs/<run>/` (and `.agent/runs/.gitignore` with `*`) and start its events.jsonl. */
export function openEventLog(root: string, run: string, clock: () => Date = () => new Date()): EventLog {
  const runsDir = join(root, RUNS_DIR);
  mkdirSync(join(runsDir, run), { recursive: true });
  writeFileSync(join(runsDir, '.gitignore'), '*\n');
  const dir = `${RUNS_DIR}/${run}`;
  const eventsPath = join(root, dir, 'events.jsonl');
  let seq = 0;
  const itemLog = (id: string) => `${dir}/${id.replace(/[^A-Za-z0-9._-]/g, '_')}.log`;
  return {
    run,
    dir,
    emit(input) {
      seq += 1;
      const event: RunEvent = { v: 1, seq, time: clock().toISOString(), run, ...input };
      appendFileSync(eventsPath, `${JSON.stringify(event)}\n`);
      return event;
    },
    itemLog,
    openItemLog: (id) => createWriteStream(join(root, itemLog(id)), { flags: 'a' }),
    writeSummary(summary) {
      const path = join(root, dir, 'summary.json');
      // a reader sees no summary or the whole summary, never half of one
      writeFileAtomicSync(path, `${JSON.stringify(summary, null, 2)}\n`);
    },
  };
}
