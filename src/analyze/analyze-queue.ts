import { uniqueSorted } from '../order.js';
import type { Analysis, Config, ImportGraph, Item } from '../types.js';
import { findConflicts } from './conflicts.js';
import { compileFootprint, globExpander, type FootprintInput } from './footprint.js';
import { createReach, type Reached } from './reach.js';

export interface AnalyzeInput {
  items: readonly Item[];
  config: Config;
  /** Every file of the repository, repo-relative, sorted. */
  repoFiles: readonly string[];
  /** Files changed on each item's branch, by item id. */
  branchFiles?: ReadonlyMap<string, readonly string[]>;
  /** The import graph (absent when `analysis.import_graph` is false). */
  graph?: ImportGraph;
  /** Footprints inferred from the words of items that declare none, by id. */
  inference?: ReadonlyMap<string, NonNullable<FootprintInput['inference']>>;
}

/** Footprints and conflicts for the items still to run (pure). */
export function analyzeQueue(input: AnalyzeInput): Analysis {
  const reach = memoReach(createReach(input.graph ?? new Map()));
  const expand = globExpander(input.repoFiles);
  const footprints = input.items.map((item) =>
    compileFootprint({ item, config: input.config, repoFiles: input.repoFiles, branchFiles: input.branchFiles?.get(item.id), graph: input.graph, reach: input.graph && reach, expand, inference: input.inference?.get(item.id) }),
  );
  const conflicts = findConflicts(footprints, input.graph, { reach });
  return { footprints, conflicts, files: uniqueSorted([...footprints.flatMap((f) => f.writes), ...conflicts.flatMap(evidenceFiles)]) };
}

/** The repo files an evidence string names: a shared file, a declared read, or every file of an import chain. */
export function evidenceFiles(conflict: { kind: string; evidence: string }): string[] {
  const { kind, evidence } = conflict;
  if (kind === 'component' || evidence.startsWith('resource ')) return [];
  const read = / reads (.+)$/.exec(evidence);
  if (read && !evidence.includes(' → ')) return [read[1]];
  return evidence.split(' → ');
}

/** One search per distinct write set: footprints and conflicts ask for the same ones. */
function memoReach(reach: (starts: readonly string[]) => Reached): (starts: readonly string[]) => Reached {
  const memo = new Map<string, Reached>();
  return (starts) => {
    const key = starts.join('\0');
    let found = memo.get(key);
    if (!found) memo.set(key, (found = reach(starts)));
    return found;
  };
}
