import { uniqueSorted } from '../order.js';
import type { Analysis, Config, ImportGraph, Item } from '../types.js';
import { findConflictsWithFiles } from './conflicts.js';
import { compileFootprint, globExpander, type FootprintInput } from './footprint.js';
import { createReach, type Reached } from './reach.js';
import { createDirectReach, type ModuleView } from './direct-reads.js';
import type { DeclaredSymbol } from './declared-symbols.js';

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
  /** Module shapes for `analysis.reads: direct` (readModuleView); without them reads are `transitive`. */
  modules?: { view: ModuleView; files: readonly string[] };
  /** The symbols each file named in a `path#symbol` entry declares (readSymbolTable). */
  symbolTable?: ReadonlyMap<string, readonly DeclaredSymbol[]>;
  /** Glob expansion shared with the IO stage (globExpander over repoFiles). */
  expand?: (globs: readonly string[]) => string[];
}

/** Footprints and conflicts for the items still to run (pure). */
export function analyzeQueue(input: AnalyzeInput): Analysis {
  const graph = input.graph ?? new Map();
  const direct = input.config.analysis.reads === 'direct' && input.modules !== undefined;
  const reach = memoReach(direct ? createDirectReach(graph, input.modules!.view) : createReach(graph));
  const expand = input.expand ?? globExpander(input.repoFiles);
  const footprints = input.items.map((item) =>
    compileFootprint({
      item,
      config: input.config,
      repoFiles: input.repoFiles,
      branchFiles: input.branchFiles?.get(item.id),
      graph: input.graph,
      reach: input.graph && reach,
      expand,
      inference: input.inference?.get(item.id),
      symbolTable: input.symbolTable,
    }),
  );
  const { conflicts, files, shared } = findConflictsWithFiles(footprints, input.graph, { reach });
  for (const f of footprints) for (const file of f.writes) files.add(file);
  // Under `direct` the shapes of the modules read decide the reads: the fingerprint hashes them.
  if (direct) for (const file of input.modules!.files) files.add(file);
  return { footprints, conflicts, files: uniqueSorted(files), ...(shared.length > 0 ? { shared } : {}) };
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
