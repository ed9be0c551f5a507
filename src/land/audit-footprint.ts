import picomatch from 'picomatch';
import { compareStrings } from '../order.js';

export interface PredictedWrites {
  /** The plan's write set for the item: repo-relative paths (a folder entry covers what is under it). */
  writes: readonly string[];
  /** The item's declared `files:` globs, so a new file a glob names counts as predicted. */
  globs?: readonly string[];
  /** The write set was inferred from the item's words: what it misses is the inference's miss. */
  inferred?: boolean;
}

/**
 * The footprint audit (docs/apply.md, "Footprint audit"), pure: of the files an item really
 * changed, those its predicted write set does not cover, sorted. `ignore` drops waveplan's own
 * files (queue, plan, runs), which are nobody's footprint.
 */
export function footprintExcess(changed: readonly string[], predicted: PredictedWrites, ignore: (path: string) => boolean = () => false): string[] {
  const exact = new Set(predicted.writes);
  const folders = predicted.writes.map((w) => `${w.replace(/\/+$/, '')}/`);
  const patterns = (predicted.globs ?? []).map((g) => (g.endsWith('/') ? `${g}**` : g));
  const isGlobMatch = patterns.length > 0 ? picomatch(patterns, { dot: true }) : () => false;
  return changed.filter((path) => !ignore(path) && !exact.has(path) && !folders.some((f) => path.startsWith(f)) && !isGlobMatch(path)).sort(compareStrings);
}

/** The union of several predicted write sets (a wave's, audited together without isolation). */
export function unionOf(sets: readonly PredictedWrites[]): PredictedWrites {
  return { writes: sets.flatMap((s) => s.writes), globs: sets.flatMap((s) => s.globs ?? []) };
}
