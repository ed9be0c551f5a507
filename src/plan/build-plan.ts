import { readAnalysisInput } from '../analyze/read-analysis.js';
import { cacheDirOf, readCacheBytes, writeCacheText } from '../io/cache-dir.js';
import { BUILD_ID } from '../package-root.js';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics.js';
import type { GitPort } from '../io/git.js';
import type { TreeReader } from '../io/ports.js';
import { namePosition } from '../queue/check-references.js';
import { loadQueue, type LoadedQueue } from '../tracking/load-queue.js';
import type { Analysis, FootprintMode, Item, Plan } from '../types.js';
import { computeFingerprint, sha256 } from './fingerprint.js';
import { parsePlanCache, planCacheKey, planCacheParts, type PlanCache } from './plan-cache.js';
import { fingerprintFreeSum, orderedPlanBytes, toOrderedPlan, withFingerprint } from './serialize-plan.js';
import { readBlockYaml } from '../block-yaml.js';
import { fromPlanFile, type PlanFile } from './plan-file.js';
import { openParseMemo } from '../io/parse-memo.js';
import { pathProblem } from '../io/inside-repo.js';
import { projectPathDiagnostics } from './project-paths.js';

const CACHE_DIR = '.agent/cache';

const PLAN_CACHE = 'plan.json';

export interface BuildPlanOptions {
  /** Absolute project root. */
  root: string;
  /** Where files are read: the work tree, or the git index for the pre-commit hook. */
  tree: TreeReader;
  /** Git facts from the same place as `tree` (blob ids from the index for the hook). */
  git: GitPort;
  /** Treat unknown footprints as disjoint instead of running them alone. Default false. */
  assumeDisjoint?: boolean;
  /** Overrides autonomy.max_parallel (1..64). Default: the config's. */
  maxParallel?: number;
  /** GITHUB_API_URL / GITHUB_TOKEN for tracking.provider: github; default process.env. */
  env?: Record<string, string | undefined>;
  /**
   * Read source texts through `tree` too (the pre-commit hook: `tree` is the index), not
   * only the queue and config. Default false: sources are read from disk on demand.
   */
  sourcesFromTree?: boolean;
  /** `declared` turns off footprint inference for items that declare nothing. Default `inferred`. */
  footprints?: FootprintMode;
  /** Cache folder (default `<root>/.agent/cache`: the import graph and the last plan); false: no cache. */
  cacheDir?: string | false;
  /**
   * Take a plan from `.agent/cache/plan.json` when its key matches (default true). `plan --check`
   * passes false: the check that gates a merge compiles, never answering from a file anyone
   * could have rewritten together with the plan file (docs/reliability.md).
   */
  readPlanCache?: boolean;
  /** The caller writes the plan file with the compiled bytes (`plan`): the cache names that file rather than keep a copy of a plan over 1 MB. */
  writesPlanFile?: boolean;
  /**
   * The caller needs every conflict's evidence (a report): the plan file, and so the cached plan,
   * holds it only for the conflicts that pin an item (docs/plan-file.md), so compile. Default false.
   */
  detail?: boolean;
}

export interface BuiltPlan {
  /** Undefined when the queue or config has errors (see diagnostics). Always passes plan.schema.json. */
  plan?: Plan;
  /** The plan file as written, serializePlan(plan) in UTF-8; set with plan. */
  bytes?: Buffer;
  /** serializePlan(plan), decoded from `bytes` when first read; set with plan. */
  text?: string;
  /** Whether the plan file (config plan.file, through `tree`) held exactly `bytes` when this was built (undefined: not looked at): a command comparing them need not look again. */
  planFileHolds?: boolean;
  /** The repo files whose blob ids the fingerprint hashes (write sets, evidence chains), sorted; set with plan. */
  inputs?: string[];
  /** plan.stats; set with plan. On a cache hit the plan is parsed from `bytes` when first read (text decoded when first read), the stats are not. */
  stats?: Plan['stats'];
  loaded: LoadedQueue;
  /** The footprints and conflicts; absent when the queue has errors, or when the plan came from the cache (same inputs). */
  analysis?: Analysis;
  diagnostics: Diagnostic[];
  /** The plan file's bytes (through `tree`) when building read them whole (a cache hit checks them): a command comparing with the plan file need not read it again. */
  planFileBytes?: Buffer;
  /**
   * Say that the plan file (through `tree`) now holds `bytes` (the command wrote or staged it, or
   * found it so): for a plan over 1 MB the cache then names that file instead of keeping a second
   * copy, which a 500-item queue's every run would read and check whole (23 MB).
   */
  planFileHoldsBytes?(): Promise<void>;
}

/** A BuiltPlan that compiled: plan, bytes, text and stats are all set. */
export type CompiledPlan = BuiltPlan & Required<Pick<BuiltPlan, 'plan' | 'bytes' | 'text' | 'stats'>>;

/** Whether the queue compiled (tests `bytes`: reading `plan` or `text` would parse or decode a cached one). */
export function compiled(built: BuiltPlan): built is CompiledPlan {
  return built.bytes !== undefined;
}

/**
 * Read the queue, analyse the items still to run, fingerprint the inputs and compile
 * the plan. Every file is read through `tree`/`git`, so the same call plans the work
 * tree or the staged state.
 */
export async function buildPlan(options: BuildPlanOptions): Promise<BuiltPlan> {
  // One read of the file list and blob ids, shared by the analysis and the fingerprint; git
  // lists the tree while the queue is parsed.
  const snapshotting = options.git.snapshot();
  snapshotting.catch(() => undefined); // awaited below, unless the queue has errors
  // A cache folder that a link leads out of the repository is not used (docs/reliability.md).
  let cacheDir = options.cacheDir ?? (pathProblem(options.root, CACHE_DIR) ? false : cacheDirOf(options.root));
  const memo = openParseMemo(cacheDir);
  const loaded = await loadQueue(options.tree, { root: options.root, env: options.env, memo });
  memo.save();
  const diagnostics = [...loaded.diagnostics, ...projectPathDiagnostics(options.root, loaded.config, loaded.configText)];
  const { maxParallel } = options;
  if (maxParallel !== undefined && !(Number.isInteger(maxParallel) && maxParallel >= 1 && maxParallel <= 64)) {
    diagnostics.push(
      diagnostic({
        file: '(command line)',
        code: 'PLAN_MAX_PARALLEL',
        message: `--max-parallel must be a whole number from 1 to 64`,
        expected: '1..64',
        found: String(maxParallel),
        hint: 'e.g. --max-parallel 3',
      }),
    );
  }
  if (hasErrors(diagnostics)) return { loaded, diagnostics };
  const toRun = loaded.items.filter((i) => i.status === 'pending' || i.status === 'in_progress');
  const snapshot = await snapshotting;
  // A cache that came with the repository (committed by someone) is not ours: not trusted, not used.
  const cacheFromRepo = cacheDir !== false && options.cacheDir === undefined && [...snapshot.versions.keys()].some((file) => file.startsWith(`${CACHE_DIR}/`));
  if (cacheFromRepo) {
    diagnostics.push(
      diagnostic({
        severity: 'warning',
        file: CACHE_DIR,
        code: 'CACHE_IN_REPO',
        message: `git tracks files in ${CACHE_DIR}/: a cache that comes with the repository is not trusted, so none is used`,
        expected: `${CACHE_DIR}/ ignored by git`,
        found: 'tracked cache files',
        hint: `git rm -r --cached ${CACHE_DIR} && git commit`,
      }),
    );
    cacheDir = false;
  }
  if (toRun.length > 0 && !(await options.git.isRepo())) {
    // git lists the files globs match and imports are followed through; without it only plain paths count.
    diagnostics.push(
      diagnostic({
        severity: 'warning',
        file: '(project)',
        code: 'NOT_A_REPO',
        message: `${options.root} is not in a git repository: globs match no files and no imports are followed (only plain paths count), so conflicts through them are missed`,
        expected: 'a git work tree',
        found: 'no .git',
        hint: 'run `git init && git add -A` (waveplan lists files and blob ids with git), or run waveplan inside the repository',
      }),
    );
  }
  const tree = options.sourcesFromTree ? options.tree : undefined;
  const [read, cached] = await Promise.all([
    readAnalysisInput({
      root: options.root,
      items: toRun,
      config: loaded.config,
      git: options.git,
      assumeDisjoint: options.assumeDisjoint,
      footprints: options.footprints,
      snapshot,
      tree,
      cacheDir,
    }),
    cacheDir === false || options.readPlanCache === false ? undefined : readCacheBytes(cacheDir, PLAN_CACHE),
  ]);
  diagnostics.push(...read.diagnostics, ...(await emptyBranches(toRun, read.input.branchFiles, loaded.config.git.base, options.tree)));
  const key =
    read.graphDigest === undefined
      ? undefined
      : planCacheKey({
          version: BUILD_ID,
          items: loaded.items,
          config: loaded.config,
          repoFiles: read.input.repoFiles,
          branchFiles: read.input.branchFiles ?? new Map(),
          graphDigest: read.graphDigest,
          inference: read.input.inference,
          maxParallel,
          assumeDisjoint: options.assumeDisjoint,
          footprints: options.footprints,
        });
  const hit = key === undefined || options.detail ? undefined : await cachedPlan(parsePlanCache(cached, key), options.tree, loaded.config.plan.file);
  // The search and the scheduler (and their modules) load only when the cache cannot answer.
  const compile = hit ? undefined : await loadCompiler();
  const analysis = compile?.analyzeQueue(read.input);
  const files = hit?.files ?? analysis!.files;
  // An issue (tracking.provider: github) has no file: its fields stand in for the bytes.
  const itemFiles = await Promise.all(
    loaded.items.map(async (item) => ({ file: item.file, sha256: sha256((await options.tree.read(item.file)) ?? issueText(item)) })),
  );
  const blobIds = new Map(
    files.flatMap((file) => {
      const id = snapshot.versions.get(file);
      return id === undefined ? [] : [[file, id] as const];
    }),
  );
  const fingerprint = computeFingerprint({ configText: loaded.configText, itemFiles, files, blobIds, maxParallel, assumeDisjoint: options.assumeDisjoint });
  if (hit) {
    // A 500-item plan is 20 MB: kept as bytes, decoded and parsed only for a command that reads it.
    const bytes = withFingerprint(hit.bytes, fingerprint);
    // An entry with its own copy of a large plan: once the plan file holds it, the entry can name the file.
    const nameThePlanFile = hit.fromPlanFile || cacheDir === false || hit.bytes.length <= KEEP_COPY_UP_TO ? undefined : () => rememberPlanFile(cacheDir, hit);
    let text: string | undefined;
    let plan: Plan | undefined;
    const decoded = () => (text ??= bytes.toString('utf8'));
    return {
      bytes,
      get text() {
        return decoded();
      },
      get plan() {
        return (plan ??= planOfText(decoded()));
      },
      stats: hit.stats,
      planFileHolds: hit.fromPlanFile ? bytes.equals(hit.bytes) : undefined,
      planFileBytes: hit.planFileBytes,
      ...(nameThePlanFile ? { planFileHoldsBytes: nameThePlanFile } : {}),
      inputs: files,
      loaded,
      diagnostics,
    };
  }
  const plan = compile!.compilePlan({
    items: loaded.items,
    config: loaded.config,
    analysis: analysis!,
    fingerprint,
    maxParallel,
    assumeDisjoint: options.assumeDisjoint,
  });
  const ordered = toOrderedPlan(plan);
  compile!.assertValidOrderedPlan(ordered);
  // The plan file's size, when there is one, is the best guess at this plan's.
  const bytes = orderedPlanBytes(ordered, await options.tree.size?.(loaded.config.plan.file));
  const held = await options.tree.holds?.(loaded.config.plan.file, bytes);
  const cache = key === undefined || cacheDir === false ? undefined : { cacheDir, key, files, stats: plan.stats, bytes };
  // `plan` is about to write a large plan to the plan file: the entry can name it from the start.
  const large = bytes.length > KEEP_COPY_UP_TO;
  const namesFile = options.writesPlanFile === true && large;
  if (cache) {
    // When the plan file already holds this plan (a cold run on a clean checkout, `plan --check`
    // in CI), the cache names it instead of keeping a second copy.
    const planSum = held || namesFile ? fingerprintFreeSum(bytes) : undefined;
    await writeCacheText(cache.cacheDir, PLAN_CACHE, planCacheParts(planSum ? { ...cache, bytes: undefined, planSum } : cache));
  }
  let text: string | undefined;
  return {
    plan,
    bytes,
    get text() {
      return (text ??= bytes.toString('utf8'));
    },
    stats: plan.stats,
    planFileHolds: held,
    ...(cache && large && !held && !namesFile ? { planFileHoldsBytes: () => rememberPlanFile(cache.cacheDir, cache) } : {}),
    inputs: files,
    loaded,
    analysis,
    diagnostics,
  };
}

/**
 * Items whose only footprint is a branch with no changes since it left `git.base` (it is the
 * base, or nothing was committed to it yet): their footprint is unknown, and the warning says why.
 */
async function emptyBranches(
  items: readonly Item[],
  branchFiles: ReadonlyMap<string, readonly string[]> | undefined,
  base: string,
  tree: TreeReader,
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const item of items) {
    if (!item.branch || (branchFiles?.get(item.id)?.length ?? 0) > 0 || item.files.length > 0 || item.components.length > 0 || item.resources.length > 0)
      continue;
    const text = await tree.read(item.file);
    const at = text ? namePosition(new TextDecoder().decode(text), 'branch', item.branch) : { line: 1, col: 1 };
    const isBase = item.branch === base;
    out.push(
      diagnostic({
        severity: 'warning',
        file: item.file,
        ...at,
        code: 'ITEM_BRANCH_EMPTY',
        message: isBase
          ? `branch "${item.branch}" is the base (config git.base): it has no changes of its own, so nothing says what the item writes; its footprint is unknown and it runs alone`
          : `branch "${item.branch}" has no changes since it left "${base}" (config git.base), so nothing says what the item writes; its footprint is unknown and it runs alone`,
        expected: "a branch with the item's commits, or files: in the item",
        found: isBase ? `branch: ${item.branch}` : `${item.branch}: no files changed`,
        hint: isBase
          ? "name the branch the item's work is on, or declare what it will change (files: [src/…])"
          : `commit the item's work to "${item.branch}", or declare what it will change (files: [src/…])`,
      }),
    );
  }
  return out;
}

/** A cache entry with the plan's bytes: its own, or the plan file's when it names that file and the file still holds that plan (then also planFileBytes). */
async function cachedPlan(
  entry: PlanCache | undefined,
  tree: TreeReader,
  planFile: string,
): Promise<(PlanCache & { bytes: Buffer; fromPlanFile: boolean; planFileBytes?: Buffer }) | undefined> {
  if (!entry) return undefined;
  if (entry.bytes) return { ...entry, bytes: entry.bytes, fromPlanFile: false };
  const held = await tree.read(planFile);
  if (!held || fingerprintFreeSum(held) !== entry.planSum) return undefined;
  const bytes = Buffer.from(held.buffer, held.byteOffset, held.byteLength);
  return { ...entry, bytes, fromPlanFile: true, planFileBytes: bytes };
}

/**
 * A plan up to this size keeps its own copy in the cache even when the plan file holds it: reading
 * and checking it costs a few milliseconds, and the copy still answers after the plan file moves
 * on (a `git reset`, a checkout); a larger one (a 500-item plan is 23 MB) names the file instead.
 */
const KEEP_COPY_UP_TO = 1 << 20;

/** The plan cache entry for `cache.key`, naming the plan file (which now holds `cache.bytes`, whatever their fingerprint) instead of holding a large plan's bytes. */
async function rememberPlanFile(cacheDir: string, cache: PlanCache & { bytes: Buffer }): Promise<void> {
  const planSum = fingerprintFreeSum(cache.bytes);
  if (planSum !== undefined) await writeCacheText(cacheDir, PLAN_CACHE, planCacheParts({ key: cache.key, files: cache.files, stats: cache.stats, planSum }));
}

/** The plan a cached text holds: it passed the schema when it was compiled, and the cache's checksum since. */
function planOfText(text: string): Plan {
  const read = readBlockYaml(text);
  if (!read) throw new Error('the cached plan could not be read back; delete .agent/cache/plan.json');
  return fromPlanFile(read.value as unknown as PlanFile);
}

async function loadCompiler() {
  const [{ analyzeQueue }, { compilePlan }, { assertValidOrderedPlan }] = await Promise.all([
    import('../analyze/analyze-queue.js'),
    import('./compile-plan.js'),
    import('./validate-plan.js'),
  ]);
  return { analyzeQueue, compilePlan, assertValidOrderedPlan };
}

function issueText(item: LoadedQueue['items'][number]): string {
  return JSON.stringify([item.id, item.status, item.title, item.priority, item.body]);
}
