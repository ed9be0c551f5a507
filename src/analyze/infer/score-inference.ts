import { compareIds } from '../../order.js';
import { dirOf } from './repo-shape.js';

/**
 * How inferred write sets compare with the files items really changed (pure). Used by the
 * acceptance test and by `bench/infer.ts`; an `undefined` write set is an unknown footprint.
 */
export interface InferenceScore {
  items: number;
  unknown: number;
  /** Share of (item, folder of a true file) pairs where the inferred writes hold a file of that folder. Unknown items count as misses. */
  folderCoverage: number;
  /** The same share over the items that got an inferred footprint. */
  folderCoverageInferred: number;
  /** Pairs whose true write sets intersect. */
  conflictingPairs: number;
  /** Truly conflicting pairs that inference lets share a wave: both inferred, inferred writes disjoint. Target 0. */
  unsafePairs: Array<[string, string]>;
  /** Pairs inference keeps apart although their true writes are disjoint (the price of safety). */
  falseConflicts: number;
}

export function scoreInference(truth: ReadonlyMap<string, readonly string[]>, inferred: ReadonlyMap<string, readonly string[] | undefined>): InferenceScore {
  const ids = [...truth.keys()].sort(compareIds);
  let folders = 0;
  let covered = 0;
  let foldersInferred = 0;
  let unknown = 0;
  for (const id of ids) {
    const writes = inferred.get(id);
    if (!writes) unknown++;
    const have = new Set((writes ?? []).map(dirOf));
    for (const folder of new Set(truth.get(id)!.map(dirOf))) {
      folders++;
      if (writes) foldersInferred++;
      if (have.has(folder)) covered++;
    }
  }
  const sets = new Map(ids.map((id) => [id, new Set(inferred.get(id) ?? [])]));
  const unsafePairs: Array<[string, string]> = [];
  let conflictingPairs = 0;
  let falseConflicts = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i], ids[j]];
      const isTrue = intersects(truth.get(a)!, new Set(truth.get(b)!));
      const bothKnown = inferred.get(a) !== undefined && inferred.get(b) !== undefined;
      const isKeptApart = !bothKnown || intersects(inferred.get(a)!, sets.get(b)!);
      if (isTrue) conflictingPairs++;
      if (isTrue && !isKeptApart) unsafePairs.push([a, b]);
      if (!isTrue && isKeptApart) falseConflicts++;
    }
  }
  return {
    items: ids.length,
    unknown,
    folderCoverage: folders === 0 ? 1 : covered / folders,
    folderCoverageInferred: foldersInferred === 0 ? 1 : covered / foldersInferred,
    conflictingPairs,
    unsafePairs,
    falseConflicts,
  };
}

function intersects(xs: readonly string[], ys: ReadonlySet<string>): boolean {
  return xs.some((x) => ys.has(x));
}

/**
 * A greedy first-fit packing (items in id order; an unknown item alone in its wave): a
 * scheduler-independent yardstick for comparing footprints, not the plan's schedule.
 */
export function packWaves(
  ids: readonly string[],
  conflict: (a: string, b: string) => boolean,
  isAlone: (id: string) => boolean,
  maxParallel: number,
): string[][] {
  const waves: string[][] = [];
  for (const id of [...ids].sort(compareIds)) {
    const wave = isAlone(id) ? undefined : waves.find((w) => w.length < maxParallel && !isAlone(w[0]) && w.every((other) => !conflict(id, other)));
    if (wave) wave.push(id);
    else waves.push([id]);
  }
  return waves;
}

export function countWaves(ids: readonly string[], conflict: (a: string, b: string) => boolean, isAlone: (id: string) => boolean, maxParallel: number): number {
  return packWaves(ids, conflict, isAlone, maxParallel).length;
}
