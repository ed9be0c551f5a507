import { createHash } from 'node:crypto';
import { readCacheBytes, writeCacheText } from '../io/cache-dir.js';
import type { TreeReader } from '../io/ports.js';
import type { Config, FootprintMode, Item, Plan } from '../types.js';
import { sha256 } from './fingerprint.js';
import { fingerprintFreeSum } from './serialize-plan.js';

/**
 * `.agent/cache/plan.json`: the last compiled plan with the hash of everything the analysis and
 * the scheduler read. The plan is a pure function of those inputs and the fingerprint, so a run
 * whose inputs hash the same (a file edited without changing the import graph, a status renamed
 * back) takes the plan from here and sets its fingerprint, instead of searching the graph and
 * scheduling again.
 *
 * It keeps the plan as the file's bytes, not as an object: what `plan`, `plan --check`, `apply`
 * and the hook do with a plan is compare or write those bytes, and a 500-item plan takes longer
 * to serialize (again) than to analyse.
 */
export interface PlanCache {
  key: string;
  /** The analysis' `files` (write sets and evidence chains): what the fingerprint hashes. */
  files: string[];
  /** The plan's stats, for a summary line without parsing the text. */
  stats: Plan['stats'];
  /** serializePlan(plan) of that compile (its fingerprint then), UTF-8; absent when the plan file held them (`planSum`). */
  bytes?: Buffer;
  /**
   * Set instead of `bytes` when the plan file held exactly the compiled plan: the sha-256 of its
   * bytes without the fingerprint line (fingerprintFreeSum). A run that takes this entry reads the
   * plan file and uses it only if it still sums to this; a 500-item plan is 23 MB not written twice.
   */
  planSum?: string;
}

/** Bumped whenever what a key covers, or the file's layout, changes. */
const FORMAT = 'waveplan-plan-cache/3';

export interface PlanCacheKeyInput {
  /** waveplan's version and build (BUILD_ID): other code may compile the same inputs differently. */
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
  hash.update(
    JSON.stringify([
      input.items,
      input.config,
      [...input.branchFiles],
      input.inference ? [...input.inference] : null,
      input.maxParallel ?? null,
      input.assumeDisjoint ?? false,
      input.footprints ?? 'inferred',
    ]),
  );
  hash.update(`\0${input.repoFiles.join('\0')}`);
  return hash.digest('hex');
}

/**
 * The file is a line `waveplan-plan-cache/3 <key> <sha-256 of the rest>`, a line of JSON (files,
 * stats, planSum), then the plan file's bytes (none with planSum). A run with another key stops at the first line (a 500-item
 * plan's cache is 20 MB); one with the same key reads on only if the bytes hash to the line, so
 * a truncated or edited cache is ignored.
 */
export function serializePlanCache(cache: PlanCache): Buffer {
  return Buffer.concat(planCacheParts(cache));
}

/** serializePlanCache(cache) in parts, the plan's bytes last and not copied: what the file write takes. */
export function planCacheParts(cache: PlanCache): Buffer[] {
  const bytes = cache.planSum === undefined ? (cache.bytes ?? Buffer.alloc(0)) : Buffer.alloc(0);
  const head = Buffer.from(
    `${JSON.stringify({ files: cache.files, stats: cache.stats, ...(cache.planSum === undefined ? {} : { planSum: cache.planSum }) })}\n`,
  );
  const sum = createHash('sha256').update(head).update(bytes).digest('hex');
  return [Buffer.from(`${FORMAT} ${cache.key} ${sum}\n`), head, bytes];
}

/** The cached plan when the file holds one for `key`, else undefined. */
export function parsePlanCache(bytes: Uint8Array | undefined, key: string): PlanCache | undefined {
  if (bytes === undefined) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const newline = buffer.indexOf(10);
  const head = `${FORMAT} ${key} `;
  if (newline === -1 || buffer.toString('latin1', 0, Math.min(newline, head.length)) !== head) return undefined;
  const body = buffer.subarray(newline + 1);
  if (buffer.toString('latin1', head.length, newline) !== sha256(body)) return undefined;
  const split = body.indexOf(10);
  if (split === -1) return undefined;
  try {
    const data = JSON.parse(body.toString('utf8', 0, split)) as Partial<PlanCache>;
    if (!Array.isArray(data.files) || typeof data.stats !== 'object' || data.stats === null) return undefined;
    if (data.planSum !== undefined) return typeof data.planSum === 'string' ? { key, files: data.files, stats: data.stats, planSum: data.planSum } : undefined;
    return { key, files: data.files, stats: data.stats, bytes: body.subarray(split + 1) };
  } catch {
    return undefined;
  }
}

/** The cache file in the cache folder. */
export const PLAN_CACHE_FILE = 'plan.json';

/**
 * A plan up to this size keeps its own copy in the cache even when the plan file holds it: reading
 * and checking it costs a few milliseconds, and the copy still answers after the plan file moves
 * on (a `git reset`, a checkout); a larger one (a 500-item plan is 23 MB) names the file instead.
 */
export const KEEP_COPY_UP_TO = 1 << 20;

/** What a lookup found: the compiled plan's bytes (with the fingerprint of that compile), from the entry or the plan file it names. */
export interface PlanCacheHit {
  entry: PlanCache & { bytes: Buffer };
  /** The bytes came from the plan file (the entry names it), which then held them exactly. */
  fromPlanFile: boolean;
  /** The plan file's bytes, when the lookup read them. */
  planFileBytes?: Buffer;
}

/** What the caller learns about the plan file, and the one thing it may tell the cache back. */
export interface PlanFileState {
  /** Whether the plan file held exactly the built bytes (undefined: not looked at). */
  holds?: boolean;
  /** The plan file's bytes, when building read them whole. */
  bytes?: Buffer;
  /** Say that the plan file now holds the built bytes (written, staged or found so): a large plan's entry then names the file instead of keeping a copy. */
  nowHolds?(): Promise<void>;
}

/** The raw cache file, read while the analysis input is gathered (its key is known only after). */
export function readPlanCacheFile(cacheDir: string | false): Buffer | undefined {
  return cacheDir === false ? undefined : readCacheBytes(cacheDir, PLAN_CACHE_FILE);
}

/** The entry for `key` with the plan's bytes: its own, or the plan file's when it names that file and the file still holds that plan. */
export async function lookupPlanCache(file: Uint8Array | undefined, key: string, tree: TreeReader, planFile: string): Promise<PlanCacheHit | undefined> {
  const entry = parsePlanCache(file, key);
  if (!entry) return undefined;
  if (entry.bytes) return { entry: { ...entry, bytes: entry.bytes }, fromPlanFile: false };
  const held = await tree.read(planFile);
  if (!held || fingerprintFreeSum(held) !== entry.planSum) return undefined;
  const bytes = Buffer.from(held.buffer, held.byteOffset, held.byteLength);
  return { entry: { ...entry, bytes }, fromPlanFile: true, planFileBytes: bytes };
}

/** The plan file state after a hit whose bytes now carry `fingerprint`. */
export function hitPlanFileState(cacheDir: string | false, hit: PlanCacheHit, bytes: Buffer): PlanFileState {
  const nameThePlanFile =
    hit.fromPlanFile || cacheDir === false || hit.entry.bytes.length <= KEEP_COPY_UP_TO ? undefined : () => rememberPlanFile(cacheDir, hit.entry);
  return {
    holds: hit.fromPlanFile ? bytes.equals(hit.entry.bytes) : undefined,
    bytes: hit.planFileBytes,
    ...(nameThePlanFile ? { nowHolds: nameThePlanFile } : {}),
  };
}

/**
 * Store a fresh compile. When the plan file already holds it (a cold run on a clean checkout,
 * `plan --check` in CI), or the caller is about to write a large plan there, the entry names the
 * file instead of keeping a second copy; otherwise a large plan's entry can be switched to naming
 * the file once the caller says it holds the bytes (`nowHolds`).
 */
export async function storePlanCache(
  cacheDir: string,
  cache: PlanCache & { bytes: Buffer },
  planFile: { held?: boolean; writesPlanFile?: boolean },
): Promise<PlanFileState> {
  const large = cache.bytes.length > KEEP_COPY_UP_TO;
  const namesFile = planFile.writesPlanFile === true && large;
  const planSum = planFile.held || namesFile ? fingerprintFreeSum(cache.bytes) : undefined;
  await writeCacheText(cacheDir, PLAN_CACHE_FILE, planCacheParts(planSum ? { ...cache, bytes: undefined, planSum } : cache));
  return { holds: planFile.held, ...(large && !planFile.held && !namesFile ? { nowHolds: () => rememberPlanFile(cacheDir, cache) } : {}) };
}

/** The entry for `cache.key`, naming the plan file (which now holds `cache.bytes`, whatever their fingerprint) instead of holding a large plan's bytes. */
async function rememberPlanFile(cacheDir: string, cache: PlanCache & { bytes: Buffer }): Promise<void> {
  const planSum = fingerprintFreeSum(cache.bytes);
  if (planSum !== undefined)
    await writeCacheText(cacheDir, PLAN_CACHE_FILE, planCacheParts({ key: cache.key, files: cache.files, stats: cache.stats, planSum }));
}
