/**
 * `run.max_load` and `run.min_free_memory`: when may a new item start? Pure: the numbers
 * come from a sampler (resource-gate.ts), so the decision is testable with any machine state.
 */

/** `10%` of total memory, or an absolute number of bytes. */
export type MemoryFloor = { percent: number } | { bytes: number };

export interface ResourceLimits {
  /** Hold new starts while the 1-minute load average is at or above this. */
  maxLoad: number | null;
  minFreeMemory: MemoryFloor | null;
  /** The config text of min_free_memory, for messages. */
  minFreeMemoryText?: string | null;
}

/** What the machine looks like now. */
export interface ResourceSample {
  load1: number;
  freeBytes: number;
  totalBytes: number;
}

export type StartVerdict = { go: true } | { go: false; reason: string };

const UNITS: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

/**
 * Parse `10%`, `2GiB`, `2Gi`, `512MB`, `512M`, `1048576` (the pattern of config.schema.json).
 * An `i` means powers of 1024 (GiB), without it powers of 1000 (GB), as Kubernetes reads them.
 */
export function parseMemoryFloor(text: string): MemoryFloor | undefined {
  const match = /^(\d+(?:\.\d+)?)(%|([KMG]i?)B?)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  if (match[2] === '%') return value <= 100 ? { percent: value } : undefined;
  return { bytes: Math.round(value * UNITS[match[3] ?? '']!) };
}

export function hasLimits(limits: ResourceLimits): boolean {
  return limits.maxLoad !== null || limits.minFreeMemory !== null;
}

/**
 * May one more item start? `running` = items of this run running now. Like GNU make's
 * `-l`, a run with nothing running always starts one: the load is then not ours, and
 * holding would only wait, maybe forever, on the rest of the machine.
 */
export function decideStart(limits: ResourceLimits, sample: ResourceSample, running: number): StartVerdict {
  if (running === 0) return { go: true };
  const reasons: string[] = [];
  if (limits.maxLoad !== null && sample.load1 >= limits.maxLoad) {
    reasons.push(`load ${sample.load1.toFixed(2)} ≥ max_load ${limits.maxLoad}`);
  }
  const floor = limits.minFreeMemory;
  if (floor !== null) {
    const need = 'percent' in floor ? (sample.totalBytes * floor.percent) / 100 : floor.bytes;
    if (sample.freeBytes < need) {
      reasons.push(`free memory ${formatBytes(sample.freeBytes)} < min_free_memory ${limits.minFreeMemoryText ?? formatBytes(need)}`);
    }
  }
  return reasons.length === 0 ? { go: true } : { go: false, reason: reasons.join(', ') };
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
