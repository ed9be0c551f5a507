import { uniqueSorted } from '../order.js';
import type { Analysis, Config, Item } from '../types.js';
import { findConflicts } from './conflicts.js';
import { compileFootprint } from './footprint.js';

export interface AnalyzeInput {
  items: readonly Item[];
  config: Config;
  /** Every file of the repository, repo-relative, sorted. */
  repoFiles: readonly string[];
  /** Files changed on each item's branch, by item id. */
  branchFiles?: ReadonlyMap<string, readonly string[]>;
}

/** Footprints and conflicts for the items still to run (pure). */
export function analyzeQueue(input: AnalyzeInput): Analysis {
  const footprints = input.items.map((item) =>
    compileFootprint({ item, config: input.config, repoFiles: input.repoFiles, branchFiles: input.branchFiles?.get(item.id) }),
  );
  const conflicts = findConflicts(footprints);
  return { footprints, conflicts, files: uniqueSorted(footprints.flatMap((f) => f.writes)) };
}
