/**
 * waveplan as a library (`import { buildPlan } from 'waveplan'`): the steps the CLI runs, and
 * the ports to run them on the work tree (workTreeReader + gitPort) or on the git index
 * (readStagedTree + stagedGitPort, as the pre-commit hook does).
 */
export { buildPlan, type BuildPlanOptions, type BuiltPlan } from './plan/build-plan.js';
export { serializePlan } from './plan/serialize-plan.js';
export { parsePlanFile, readPlanFile, type PlanFileRead } from './plan/parse-plan.js';
export { checkPlan, type PlanCheck, type PlanCheckStatus } from './plan/check-plan.js';
export { loadQueue, type LoadedQueue } from './tracking/load-queue.js';
export { parseConfig } from './config/parse-config.js';
export { readAnalysis, type ReadAnalysisOptions } from './analyze/read-analysis.js';
export { readImportGraph, type ReadImportGraphOptions, type ReadImportGraphResult } from './analyze/read-import-graph.js';
export { findConflicts } from './analyze/conflicts.js';
export { gitPort, type FileSnapshot, type GitPort } from './io/git.js';
export { workTreeReader } from './io/node-fs.js';
export { readStagedTree, stagedGitPort, type StagedTree } from './io/git-index.js';
export type { TreeReader } from './io/ports.js';
export { formatDiagnostics, type Diagnostic } from './diagnostics.js';
export type * from './types.js';
