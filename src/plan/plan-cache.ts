import { createHash } from 'node:crypto';
import type { Config, FootprintMode, Item, Plan } from '../types.js';

/**
 * `.agent/cache/plan.json`: the last compiled plan with the hash of everything the analysis and
 * the scheduler read. The plan is a pure function of those inputs and the fingerprint, so a run
 * whose inputs hash the same (a file edited without changing the import graph, a status renamed
 * back) takes the plan from here and sets its fingerprint, instead of searching the graph and
 * scheduling again.
 */
export interface PlanCache {
  key: string;
  /** The analysis' `files` (write sets and evidence chains): what the fingerprint hashes. */
  files: string[];
  plan: Plan;
}

/** Bumped whenever what a key covers changes. */
const FORMAT = 'waveplan-plan-cache/1';

export interface PlanCacheKeyInput {
  /** waveplan's version: another compiler may compile the same inputs differently. */
  version: string;
  /** Every item of the queue (the plan lists completed ones too). */
  items: readonly Item[];
  config: Config;
  /** Every file of the repository, sorted (globs expand against it). */
  repoFiles: readonly string[];
  branchFiles: ReadonlyMap<string, readonly string[]>;
  /** graphDigest of the import graph, or 'none' without one. */
  graphDigest: string;
  /** Footprints inferred for items that declare none, by id. */
  inference?: ReadonlyMap<string, unknown>;
  maxParallel?: number;
  assumeDisjoint?: boolean;
  footprints?: FootprintMode;
}

/** sha-256 over every input of analyzeQueue and compilePlan except the fingerprint (pure). */
export function planCacheKey(input: PlanCacheKeyInput): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\0${input.version}\0${input.graphDigest}\0`);
  hash.update(JSON.stringify([input.items, input.config, [...input.branchFiles], input.inference ? [...input.inference] : null, input.maxParallel ?? null, input.assumeDisjoint ?? false, input.footprints ?? 'inferred']));
  hash.update(`\0${input.repoFiles.join('\0')}`);
  return hash.digest('hex');
}

/**
 * The file is `<sha-256 of the JSON>\n<JSON>`: a cache whose bytes do not hash to their first
 * line (truncated, edited, from another tool) is ignored, never trusted.
 */
export function serializePlanCache(cache: PlanCache): string {
  const json = JSON.stringify({ format: FORMAT, ...cache });
  return `${sha256(json)}\n${json}`;
}

export function parsePlanCache(text: string | undefined): PlanCache | undefined {
  if (text === undefined) return undefined;
  const newline = text.indexOf('\n');
  const json = text.slice(newline + 1);
  if (newline !== 64 || text.slice(0, 64) !== sha256(json)) return undefined;
  try {
    const data = JSON.parse(json) as { format?: unknown } & Partial<PlanCache>;
    if (data.format !== FORMAT || typeof data.key !== 'string' || !Array.isArray(data.files) || typeof data.plan !== 'object' || data.plan === null) return undefined;
    return { key: data.key, files: data.files, plan: data.plan };
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
