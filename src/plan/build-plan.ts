import { prereadAnalysisCaches, readAnalysisInput } from '../analyze/read-analysis.js';
import { waveplanOwnFiles } from '../analyze/own-files.js';
import { cacheDirOf } from '../io/cache-dir.js';
import { committedPlanBase } from '../io/changed-since.js';
import { BUILD_ID } from '../package-root.js';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics.js';
import type { GitPort } from '../io/git.js';
import type { TreeReader } from '../io/ports.js';
import { namePosition } from '../queue/check-references.js';
import { loadQueue, type LoadedQueue } from '../tracking/load-queue.js';
import type { Analysis, Config, FootprintMode, Item, Plan } from '../types.js';
import { computeFingerprint, sha256, textSha256 } from './fingerprint.js';
import { hitPlanFileState, lookupPlanCache, planCacheKey, readPlanCacheFile, storePlanCache, type PlanFileState } from './plan-cache.js';
import { withFingerprint } from './serialize-plan.js';
import { readBlockYaml } from '../block-yaml.js';
import { fromPlanFile, type PlanFile } from './plan-file.js';
import { openParseMemo } from '../io/parse-memo.js';
import { writeTargetProblem } from '../io/inside-repo.js';
import { notARepo } from './not-a-repo.js';
import { projectPathDiagnostics } from './project-paths.js';
import { emptyGlobs } from './empty-globs.js';

const CACHE_DIR = '.agent/cache';

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
   * Compile even when the plan cache holds this plan, and return the analysis (default false).
   * `plan --check` and `ci review` pass true: the check that gates a merge compiles, never answering
   * from a file anyone could have rewritten together with the plan file (docs/reliability.md); a
   * report needs every conflict's evidence, which the cached plan holds only for the conflicts that
   * pin an item (docs/plan-file.md).
   */
  fresh?: boolean;
  /**
   * `committed`: inference reads the history the committed plan was compiled on, the parent of the
   * commit that last changed the plan file, when the plan file is committed unchanged
   * (committedPlanBase): `plan --check`, `ci review` and `apply` check a plan against what it was
   * compiled from, not against the commit that carried it. Default `head`: compile for now.
   */
  history?: 'head' | 'committed';
}

/** What the CLI and the hook add: they compare, write or stage the plan file. */
export interface BuildPlanForFileOptions extends BuildPlanOptions {
  /** The caller writes the plan file with the compiled bytes (`plan`): the cache names that file rather than keep a copy of a plan over 1 MB. */
  writesPlanFile?: boolean;
}

export interface BuiltPlan {
  /** Undefined when the queue or config has errors (see diagnostics). Always passes plan.schema.json. */
  plan?: Plan;
  /** The plan file as written, serializePlan(plan) in UTF-8; set with plan. */
  bytes?: Buffer;
  /** serializePlan(plan), decoded from `bytes` when first read; set with plan. */
  text?: string;
  /** The repo files whose blob ids the fingerprint hashes (write sets, evidence chains), sorted; set with plan. */
  inputs?: string[];
  /** plan.stats; set with plan. On a cache hit the plan is parsed from `bytes` when first read (text decoded when first read), the stats are not. */
  stats?: Plan['stats'];
  loaded: LoadedQueue;
  /** The footprints and conflicts; absent when the queue has errors, or when the plan came from the cache (same inputs). */
  analysis?: Analysis;
  diagnostics: Diagnostic[];
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
 * tree or the staged state. A plan compiled from the same inputs before is taken from
 * the plan cache (`.agent/cache/plan.json`, `plan-cache.ts`) unless `fresh` is set.
 */
export async function buildPlan(options: BuildPlanOptions): Promise<BuiltPlan> {
  return (await buildPlanForFile(options)).built;
}

/** `buildPlan`, and what building learnt about the plan file (what the CLI and the hook compare, write or stage). */
export async function buildPlanForFile(options: BuildPlanForFileOptions): Promise<{ built: BuiltPlan; planFile: PlanFileState }> {
  // One read of the file list and blob ids, shared by the analysis and the fingerprint; git
  // lists the tree while the queue is parsed.
  const snapshotting = options.git.snapshot();
  snapshotting.catch(() => undefined); // awaited below, unless the queue has errors
  // A cache folder that a link leads out of the repository is not used (docs/reliability.md).
  let cacheDir = options.cacheDir ?? (writeTargetProblem(options.root, CACHE_DIR) ? false : cacheDirOf(options.root));
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
  if (hasErrors(diagnostics)) return { built: { loaded, diagnostics }, planFile: {} };
  const toRun = loaded.items.filter((i) => i.status === 'pending' || i.status === 'in_progress');
  // git is still listing (~0.1 s on a large monorepo, the main thread idle): the caches that do
  // not depend on the listing are read meanwhile. Not used if the cache turns out to be the repository's.
  const preread = await prereadAnalysisCaches(cacheDir, loaded.config);
  const snapshot = await snapshotting;
  // A cache that came with the repository (committed by someone) is not ours: not trusted, not used.
  // Untracked cache files are ours: the listing may even have caught this run writing its first one.
  const cacheFromRepo =
    cacheDir !== false &&
    options.cacheDir === undefined &&
    [...snapshot.versions.keys()].some((file) => file.startsWith(`${CACHE_DIR}/`) && !snapshot.untracked?.has(file));
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
    diagnostics.push(notARepo(options.root, 'globs match no files and no imports are followed (only plain paths count), so conflicts through them are missed'));
  }
  const tree = options.sourcesFromTree ? options.tree : undefined;
  const historyAt = options.history === 'committed' ? await committedPlanBase(options.root, loaded.config.plan.file) : undefined;
  const [read, cacheFile] = await Promise.all([
    readAnalysisInput({
      root: options.root,
      ...(historyAt !== undefined ? { historyAt } : {}),
      items: toRun,
      allItems: loaded.items,
      config: loaded.config,
      git: options.git,
      assumeDisjoint: options.assumeDisjoint,
      footprints: options.footprints,
      snapshot,
      tree,
      cacheDir,
      preread: cacheDir === false ? undefined : preread,
    }),
    options.fresh ? undefined : readPlanCacheFile(cacheDir),
  ]);
  diagnostics.push(
    ...read.diagnostics,
    ...(await emptyBranches(toRun, read.input.branchFiles, loaded.config.git.base, options.tree)),
    ...(read.input.repoFiles.length > 0 ? await emptyGlobs(toRun, read.input.repoFiles, options.tree) : []),
  );
  const key =
    read.graphDigest === undefined
      ? undefined
      : planCacheKey({
          version: BUILD_ID,
          items: loaded.items,
          config: loaded.config,
          // Waveplan's own files (caches, runs, the plan file) are no input: git's listing catches them
          // or not depending on when a first write lands, and a key holding them would miss for nothing.
          repoFiles: withoutOwnFiles(read.input.repoFiles, loaded.config),
          branchFiles: read.input.branchFiles ?? new Map(),
          graphDigest: read.graphDigest,
          inference: read.input.inference,
          maxParallel,
          assumeDisjoint: options.assumeDisjoint,
          footprints: options.footprints,
        });
  const hit = key === undefined || options.fresh ? undefined : await lookupPlanCache(cacheFile, key, options.tree, loaded.config.plan.file);
  // An issue (tracking.provider: github) has no file: its fields stand in for the bytes.
  const itemFiles = await Promise.all(
    loaded.items.map(async (item) => {
      const bytes = await options.tree.read(item.file);
      return { file: item.file, sha256: bytes ? textSha256(bytes) : sha256(issueText(item)) };
    }),
  );
  const fingerprintInput = { configText: loaded.configText, itemFiles, blobIds: snapshot.versions, inference: read.input.inference };
  if (hit) {
    const files = hit.entry.files;
    const fingerprint = computeFingerprint({ ...fingerprintInput, files, maxParallel, assumeDisjoint: options.assumeDisjoint });
    // A 500-item plan is 20 MB: kept as bytes, decoded and parsed only for a command that reads it.
    const bytes = withFingerprint(hit.entry.bytes, fingerprint);
    let text: string | undefined;
    let plan: Plan | undefined;
    const decoded = () => (text ??= bytes.toString('utf8'));
    const built: BuiltPlan = {
      bytes,
      get text() {
        return decoded();
      },
      get plan() {
        return (plan ??= planOfText(decoded()));
      },
      stats: hit.entry.stats,
      inputs: files,
      loaded,
      diagnostics,
    };
    return { built, planFile: hitPlanFileState(cacheDir, hit, bytes) };
  }
  // The search and the scheduler (and their modules) load only when the cache cannot answer.
  const { compileQueuePlan } = await import('./compile-queue.js');
  const compiled = compileQueuePlan({
    items: loaded.items,
    config: loaded.config,
    input: read.input,
    fingerprint: fingerprintInput,
    maxParallel,
    assumeDisjoint: options.assumeDisjoint,
    // The plan file's size, when there is one, is the best guess at this plan's.
    sizeHint: await options.tree.size?.(loaded.config.plan.file),
  });
  const { plan, bytes, stats, analysis } = compiled;
  const files = analysis.files;
  const held = await options.tree.holds?.(loaded.config.plan.file, bytes);
  const planFile =
    key === undefined || cacheDir === false
      ? { holds: held }
      : await storePlanCache(cacheDir, { key, files, stats, bytes }, { held, writesPlanFile: options.writesPlanFile });
  let text: string | undefined;
  const built: BuiltPlan = {
    plan,
    bytes,
    get text() {
      return (text ??= bytes.toString('utf8'));
    },
    stats,
    inputs: files,
    loaded,
    analysis,
    diagnostics,
  };
  return { built, planFile };
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

/** The plan a cached text holds: it passed the schema when it was compiled, and the cache's checksum since. */
function planOfText(text: string): Plan {
  const read = readBlockYaml(text);
  if (!read) throw new Error('the cached plan could not be read back; delete .agent/cache/plan.json');
  return fromPlanFile(read.value as unknown as PlanFile);
}

function issueText(item: LoadedQueue['items'][number]): string {
  return JSON.stringify([item.id, item.status, item.title, item.priority, item.body]);
}

function withoutOwnFiles(files: readonly string[], config: Config): string[] {
  const isOwn = waveplanOwnFiles(config);
  return files.filter((f) => !isOwn(f));
}
