import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportGraph } from '../types.js';
import type { SourceHost } from './source-host.js';

export interface ReadImportGraphOptions {
  /** Absolute repository root. */
  root: string;
  /** Every file of the repository (repo-relative, sorted): `git ls-files` plus untracked-not-ignored. */
  files: readonly string[];
  /** The root tsconfig (config `analysis.tsconfig`). */
  tsconfig?: string;
}

/** The work tree as a SourceHost: the given file list, texts read from disk. */
export function workTreeSourceHost(root: string, files: readonly string[]): SourceHost {
  return {
    files,
    readText(path) {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The repository's import graph (IO edge). TypeScript is loaded lazily, only here, so
 * commands that never need the graph do not pay for it.
 */
export async function readImportGraph(options: ReadImportGraphOptions): Promise<ImportGraph> {
  const { buildImportGraph } = await import('./import-graph.js');
  return buildImportGraph(workTreeSourceHost(options.root, options.files), { tsconfig: options.tsconfig }).graph;
}
