import { readFileSync } from 'node:fs';
import { freemem, loadavg, totalmem } from 'node:os';
import { ConfigError } from '../errors.js';
import type { RunConfig } from '../types.js';
import { decideStart, hasLimits, parseMemoryFloor, type ResourceLimits, type ResourceSample } from './resource-limits.js';

/**
 * Where the 1-minute load average is read from: a file in `/proc/loadavg` format. Unset,
 * os.loadavg(). Useful where the kernel's figure is not the machine you share (a
 * container seeing the host's load), and in tests, which write the load they want.
 */
export const LOADAVG_FILE_ENV = 'WAVEPLAN_LOADAVG_FILE';

/** A hold in progress: why, and the figures that caused it. */
export interface ResourceHold {
  reason: string;
  sample: ResourceSample;
}

export interface ResourceWait {
  /** True once the run starts nothing new (a failure at L1/L2, an interrupt). */
  stopped(): boolean;
  /** Called when a hold begins (once per hold, not per poll). */
  onHold(hold: ResourceHold): void;
}

/**
 * Awaited before each start. `acquire` resolves true to start (the caller then owes one
 * `release` when the item ends), false when the run stopped while the start was held.
 * It counts the items it let through itself, so items that ask at the same moment see
 * each other and do not all pass as "nothing running".
 */
export interface ResourceGate {
  acquire(wait: ResourceWait): Promise<boolean>;
  release(): void;
}

export function sampleResources(env: Record<string, string | undefined> = process.env): ResourceSample {
  const file = env[LOADAVG_FILE_ENV];
  let load1 = loadavg()[0]!;
  if (file) {
    const first = Number(readFileSync(file, 'utf8').trim().split(/\s+/)[0]);
    if (!Number.isFinite(first))
      throw new ConfigError(`${LOADAVG_FILE_ENV}=${file} does not start with a number (expected /proc/loadavg format, e.g. "0.42 0.30 0.25 1/123 4567")`);
    load1 = first;
  }
  return { load1, freeBytes: freemem(), totalBytes: totalmem() };
}

export function resourceLimits(run: RunConfig): ResourceLimits {
  const floor = run.min_free_memory === null ? null : parseMemoryFloor(run.min_free_memory);
  if (floor === undefined)
    throw new ConfigError(`run.min_free_memory: cannot read ${JSON.stringify(run.min_free_memory)}; expected a percentage or a size, e.g. 10% or 2GiB`);
  return { maxLoad: run.max_load, minFreeMemory: floor, minFreeMemoryText: run.min_free_memory };
}

export interface GateOptions {
  sample?: () => ResourceSample;
  /** How often a held start looks again; default 500 ms. */
  pollMs?: number;
}

/** The gate for `run.max_load` / `run.min_free_memory`; undefined when neither is set. */
export function resourceGate(limits: ResourceLimits, options: GateOptions = {}): ResourceGate | undefined {
  if (!hasLimits(limits)) return undefined;
  const sample = options.sample ?? (() => sampleResources());
  const pollMs = options.pollMs ?? 500;
  let active = 0;
  return {
    async acquire(wait) {
      let holding = false;
      for (;;) {
        if (wait.stopped()) return false;
        const now = sample();
        const verdict = decideStart(limits, now, active);
        if (verdict.go) {
          active += 1;
          return true;
        }
        if (!holding) wait.onHold({ reason: verdict.reason, sample: now });
        holding = true;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    release() {
      active = Math.max(0, active - 1);
    },
  };
}
