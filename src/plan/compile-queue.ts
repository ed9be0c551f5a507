import { analyzeQueue, type AnalyzeInput } from '../analyze/analyze-queue.js';
import type { Analysis, Config, Item, Plan } from '../types.js';
import { compilePlan } from './compile-plan.js';
import { computeFingerprint, type FingerprintInput } from './fingerprint.js';
import { orderedPlanBytes, toOrderedPlan } from './serialize-plan.js';
import { assertValidOrderedPlan } from './validate-plan.js';

export interface CompileQueueInput {
  /** Every item of the queue (the plan lists completed ones too). */
  items: readonly Item[];
  config: Config;
  /** What the analysis reads, gathered by `readAnalysisInput`. */
  input: AnalyzeInput;
  /** What the fingerprint hashes besides the analysis' files: the config text, each item file's sha-256, the repo's blob ids. */
  fingerprint: Omit<FingerprintInput, 'files' | 'maxParallel' | 'assumeDisjoint'>;
  maxParallel?: number;
  assumeDisjoint?: boolean;
  /** The expected size of the bytes (the plan file's), so they are written into one buffer. */
  sizeHint?: number;
}

export interface CompiledQueue {
  plan: Plan;
  /** serializePlan(plan), UTF-8: the plan file's bytes. */
  bytes: Buffer;
  stats: Plan['stats'];
  analysis: Analysis;
}

/**
 * Compile a queue into its plan (pure): analyse the items, fingerprint the inputs, schedule, and
 * serialize, checking the plan against schemas/plan.schema.json (docs/plan-file.md). The plan
 * cache (`plan-cache.ts`) sits around this in `buildPlan`; nothing here reads or writes a file.
 */
export function compileQueuePlan(input: CompileQueueInput): CompiledQueue {
  const analysis = analyzeQueue(input.input);
  const fingerprint = computeFingerprint({ ...input.fingerprint, files: analysis.files, maxParallel: input.maxParallel, assumeDisjoint: input.assumeDisjoint });
  const plan = compilePlan({
    items: input.items,
    config: input.config,
    analysis,
    fingerprint,
    maxParallel: input.maxParallel,
    assumeDisjoint: input.assumeDisjoint,
  });
  const ordered = toOrderedPlan(plan);
  assertValidOrderedPlan(ordered);
  return { plan, bytes: orderedPlanBytes(ordered, input.sizeHint), stats: plan.stats, analysis };
}
