import type { GitPort } from '../io/git.js';
import type { Analysis, Config, Item } from '../types.js';
import { analyzeQueue } from './analyze-queue.js';

export interface ReadAnalysisOptions {
  /** Absolute project root. */
  root: string;
  items: readonly Item[];
  config: Config;
  git: GitPort;
  /** Treat unknown footprints as disjoint instead of running them alone. */
  assumeDisjoint?: boolean;
}

/**
 * The IO edge of the analysis stage: gather repo files (and, as the analysis grows,
 * branch change sets and the import graph), then run the pure analysis.
 */
export async function readAnalysis(options: ReadAnalysisOptions): Promise<Analysis> {
  const repoFiles = (await options.git.isRepo()) ? await options.git.listFiles() : [];
  return analyzeQueue({ items: options.items, config: options.config, repoFiles });
}
