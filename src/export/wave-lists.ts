import { compareIds } from '../order.js';
import type { Plan, Status } from '../types.js';

/** GitHub runs at most this many jobs of one matrix in a workflow run (docs/github.md). */
export const MATRIX_LIMIT = 256;
/** Wave jobs in one workflow run; a longer plan goes on in a run the last job dispatches. */
export const DEFAULT_WAVES_PER_RUN = 100;
/** Characters of a title kept in a matrix entry (it only names the job). */
const TITLE_CHARS = 80;

/**
 * The fixed part of the workflow, from the plan alone: how many wave jobs ("slots") one run
 * has, and how many matrix jobs ("chunks") each slot needs to stay under MATRIX_LIMIT.
 * Everything that grows with the queue (which items, their titles) is computed at run
 * time by `waveplan ci waves`, so the workflow's size does not (docs/github.md).
 */
export interface WorkflowShape {
  /** Waves of the plan. */
  waves: number;
  /** Wave jobs per workflow run: min(waves, wavesPerRun). */
  slots: number;
  /** Matrix jobs per wave job: ⌈largest wave / MATRIX_LIMIT⌉, at least 1. */
  chunks: number;
  /** `max-parallel` of each chunk: the plan's cap shared among the chunks of a wave. */
  chunkParallel: number;
}

export function workflowShape(plan: Plan, wavesPerRun = DEFAULT_WAVES_PER_RUN): WorkflowShape {
  const largest = Math.max(0, ...plan.waves.map((w) => w.items.length));
  const chunks = Math.max(1, Math.ceil(largest / MATRIX_LIMIT));
  return {
    waves: plan.waves.length,
    slots: Math.min(plan.waves.length, Math.max(1, wavesPerRun)),
    chunks,
    chunkParallel: Math.max(1, Math.floor(plan.settings.max_parallel / chunks)),
  };
}

/** The step output that feeds wave job `slot` (1-based), chunk `chunk` (1-based). */
export function outputName(slot: number, chunk: number): string {
  return chunk === 1 ? `wave-${slot}` : `wave-${slot}-${chunk}`;
}

/** One matrix job: the item, its plan wave, and a title that only names the job. */
export interface MatrixEntry {
  id: string;
  wave: number;
  title: string;
}

export interface WaveLists {
  /** Step outputs in slot, chunk order: name → the chunk's entries. */
  outputs: Array<[name: string, entries: MatrixEntry[]]>;
  /** First wave of the next run, or undefined when this run reaches the plan's end. */
  next?: number;
  /** Plan waves this run covers, 1-based and inclusive ([1, 0] when none). */
  range: [first: number, last: number];
}

/**
 * The matrix lists of one run that starts at plan wave `fromWave`: each slot gets the
 * items of one plan wave that are still to run now (`status`: pending or in_progress in
 * the queue as checked out), so a re-run after a partial run resumes instead of redoing.
 */
export function waveLists(plan: Plan, shape: WorkflowShape, fromWave: number, status: (id: string) => Status | undefined): WaveLists {
  const waves = [...plan.waves].sort((a, b) => a.index - b.index);
  const titles = new Map(plan.items.map((i) => [i.id, i.title]));
  const outputs: WaveLists['outputs'] = [];
  const first = Math.max(1, fromWave);
  for (let slot = 1; slot <= shape.slots; slot++) {
    const position = first + slot - 1;
    const wave = waves[position - 1];
    const ids = wave ? [...wave.items].filter((id) => isToRun(status(id))).sort(compareIds) : [];
    const entries = ids.map((id) => ({ id, wave: position, title: shorten(titles.get(id) ?? id) }));
    for (let chunk = 1; chunk <= shape.chunks; chunk++) {
      outputs.push([outputName(slot, chunk), entries.slice((chunk - 1) * MATRIX_LIMIT, chunk * MATRIX_LIMIT)]);
    }
  }
  const last = Math.min(waves.length, first + shape.slots - 1);
  return { outputs, next: last < waves.length ? last + 1 : undefined, range: [first, last] };
}

function isToRun(status: Status | undefined): boolean {
  return status === 'pending' || status === 'in_progress';
}

function shorten(title: string): string {
  const flat = title.replace(/\s+/g, ' ').trim();
  return flat.length > TITLE_CHARS ? `${flat.slice(0, TITLE_CHARS - 1)}…` : flat;
}

/** `name=value` lines for $GITHUB_OUTPUT: one JSON list per chunk, `next`, and the range. */
export function formatWaveOutputs(lists: WaveLists): string {
  const lines = lists.outputs.map(([name, entries]) => `${name}=${JSON.stringify(entries)}`);
  lines.push(`next=${lists.next ?? ''}`, `first=${lists.range[0]}`, `last=${lists.range[1]}`);
  return `${lines.join('\n')}\n`;
}
