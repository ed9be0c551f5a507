import { WaveplanError } from '../errors.js';
import type { FileSnapshot, GitPort } from '../io/git.js';
import type { TreeReader } from '../io/ports.js';
import { compareIds } from '../order.js';
import type { Analysis, Config, FootprintMode, ImportGraph, Item } from '../types.js';
import type { AnalyzeInput } from './analyze-queue.js';
import { needsInference } from './infer/needs-inference.js';
import { readImportGraph } from './read-import-graph.js';
import { readGraphCache } from './graph-cache-file.js';
import type { GraphCache } from './graph-cache.js';
import { loadOxcBinding } from './fast-scan.js';
import { compileFootprint, globExpander, submodulePaths } from './footprint.js';
import { readModuleView } from './read-module-view.js';
import { linkOnDisk, readOnDisk } from './read-sources.js';
import { readSymbolTable } from './symbol-table.js';
import type { Diagnostic } from '../diagnostics.js';

export interface ReadAnalysisOptions {
  /** Absolute project root. */
  root: string;
  /** The commit whose history inference reads (ReadInferenceOptions.historyAt); default HEAD. */
  historyAt?: string | null;
  items: readonly Item[];
  /**
   * Every item of the queue, when `items` are the ones to run: inference finds the items of past
   * runs here by id (their whole text, not only the title their summary kept), so what a run
   * taught does not depend on which command saw it first. Default `items`.
   */
  allItems?: readonly Item[];
  config: Config;
  git: GitPort;
  /** Treat unknown footprints as disjoint instead of running them alone. */
  assumeDisjoint?: boolean;
  /** A prebuilt import graph (tests, or a caller that already has one); read from the repo when absent. */
  graph?: ImportGraph;
  /** Where source texts come from: default the work tree; the pre-commit hook passes the index. */
  tree?: TreeReader;
  /** The files and their blob ids, when the caller has read them already; default `git.snapshot()`. */
  snapshot?: FileSnapshot;
  /** `inferred` (default): items that declare nothing get a footprint inferred from their words; `declared`: no inference. */
  footprints?: FootprintMode;
  /** Cache folder for the import graph (default `<root>/.agent/cache`); false: no cache. */
  cacheDir?: string | false;
  /** What `prereadAnalysisCaches(cacheDir, config)` read of that folder. */
  preread?: AnalysisCaches;
}

/** The analysis' caches that do not depend on the file list (see prereadAnalysisCaches). */
export interface AnalysisCaches {
  graph?: { cache: GraphCache | undefined };
}

/**
 * Read what the analysis will need from the cache folder whatever git lists: the import graph's
 * cache (parsed), and oxc's binding when `direct` reads will parse modules. A caller runs it while
 * git lists the tree: on a large monorepo the listing takes ~0.1 s with the main thread idle
 * (docs/benchmarks.md, a warm plan).
 */
export async function prereadAnalysisCaches(cacheDir: string | false, config: Config): Promise<AnalysisCaches> {
  if (!config.analysis.import_graph) return {};
  if (config.analysis.reads === 'direct') void loadOxcBinding();
  return cacheDir === false ? {} : { graph: { cache: await readGraphCache(cacheDir) } };
}

/**
 * The IO edge of the analysis stage: gather repo files, branch change sets and the import
 * graph, then run the pure analysis. A missing branch or base stops with a WaveplanError
 * naming the item file and the ref.
 */
export async function readAnalysis(options: ReadAnalysisOptions): Promise<Analysis> {
  const [{ input }, { analyzeQueue }] = await Promise.all([readAnalysisInput(options), import('./analyze-queue.js')]);
  return analyzeQueue(input);
}

export interface AnalysisInput {
  /** What analyzeQueue takes; its `graph` is built on first use. */
  input: AnalyzeInput;
  /** graphDigest of the graph read from the repository ('none': no graph); undefined for a graph passed in. */
  graphDigest?: string;
  /** Warnings about the input: a `path#symbol` entry whose file does not declare the symbol. */
  diagnostics: Diagnostic[];
}

/** Everything the analysis reads, read (IO); analyzeQueue(result.input) is the analysis. */
export async function readAnalysisInput(options: ReadAnalysisOptions): Promise<AnalysisInput> {
  const { config, git } = options;
  // The snapshot's git process also answers isRepo (the work-tree port records it).
  const snapshot = options.snapshot ?? (await git.snapshot());
  const isRepo = await git.isRepo();
  const { files: repoFiles, versions } = snapshot;
  const branchFiles = await readBranchFiles(options.items, config, git, isRepo);
  const read =
    !options.graph && isRepo && config.analysis.import_graph
      ? await readImportGraph({
          root: options.root,
          files: repoFiles,
          tsconfig: config.analysis.tsconfig,
          tree: options.tree,
          versions,
          cacheDir: options.cacheDir,
          cached: options.preread?.graph,
        })
      : undefined;
  let inference: AnalyzeInput['inference'];
  if ((options.footprints ?? 'inferred') === 'inferred' && options.items.some(needsInference)) {
    const { readInference } = await import('./infer/read-inference.js');
    inference = await readInference({
      root: options.root,
      items: options.items,
      allItems: options.allItems,
      config,
      repoFiles,
      tree: options.tree,
      versions,
      historyLimit: isRepo ? undefined : 0,
      ...(options.historyAt !== undefined ? { historyAt: options.historyAt } : {}),
    });
  }
  const prebuilt = options.graph;
  // A files: path through a committed link to a folder is the file it leads to (the work tree's
  // links: a staged link that differs from the work tree's is rare enough to leave).
  const submodules = repoFiles.includes('.gitmodules') ? submodulePaths(readOnDisk(options.root, '.gitmodules')) : [];
  const expand = globExpander(repoFiles, (path) => linkOnDisk(options.root, path), submodules);
  const modules =
    config.analysis.reads === 'direct' && (prebuilt || read)
      ? await readModuleView({
          root: options.root,
          writes: options.items.flatMap(
            (item) => compileFootprint({ item, config, repoFiles, branchFiles: branchFiles.get(item.id), expand, inference: inference?.get(item.id) }).writes,
          ),
          edges: prebuilt ? (file) => prebuilt.get(file) ?? [] : read!.importsOf,
          resolve: read?.resolve,
          graphKey: read ? `${read.env}\0${read.digest}` : undefined,
          tree: options.tree,
          versions,
          cacheDir: options.cacheDir,
        })
      : undefined;
  const symbols = await readSymbolTable({ root: options.root, items: options.items, tree: options.tree });
  const input: AnalyzeInput = {
    items: options.items,
    config,
    repoFiles,
    branchFiles,
    get graph() {
      return prebuilt ?? read?.graph;
    },
    inference,
    modules,
    expand,
    ...(symbols.table.size > 0 ? { symbolTable: symbols.table } : {}),
  };
  // The reads depend on the shapes too (which names an import takes), not only on the edges.
  // ... and `path#symbol` entries on what the named files declare.
  const base = prebuilt ? undefined : read ? (modules ? `${read.digest}+${modules.digest}` : read.digest) : 'none';
  const graphDigest = base === undefined || symbols.table.size === 0 ? base : `${base}+symbols:${symbols.digest}`;
  return { input, graphDigest, diagnostics: symbols.diagnostics };
}

/**
 * An item's `branch:` that plan cannot compare. `plan` prints it as one line (the message: the
 * problem and the fix); `validate` as a diagnostic at the `branch:` line with its expected, found
 * and hint, as every diagnostic has them (docs/queue-items.md).
 */
export class BranchError extends WaveplanError {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly detail: { expected: string; found: string; hint: string },
    code: 'GIT_BRANCH' | 'GIT_BASE',
  ) {
    super(`${file}: ${problem}; ${detail.hint}`, code);
  }
}

/** Files changed on each item's branch since it left `git.base`: merge-base(base, branch)..branch. */
export async function readBranchFiles(items: readonly Item[], config: Config, git: GitPort, isRepo = true): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const withBranch = [...items].filter((i) => i.branch).sort((a, b) => compareIds(a.id, b.id));
  if (withBranch.length === 0) return out;
  const base = config.git.base;
  const remove = 'or remove "branch:" from the item';
  if (!isRepo) {
    const item = withBranch[0];
    throw new BranchError(
      item.file,
      `branch "${item.branch}" cannot be read: this is not a git repository`,
      {
        expected: 'a git repository, where the branch is compared with git.base',
        found: 'no .git in this folder or above it',
        hint: `run waveplan in the repository that has the branch, ${remove}`,
      },
      'GIT_BRANCH',
    );
  }
  // As for branches: a CI checkout of a pull request has origin/main but no local main.
  const baseCommit = (await git.commitOf(base)) ?? (await git.commitOf(`origin/${base}`));
  if (baseCommit === undefined) {
    // A repository older than `main` (express, many others) has master: name the one that exists.
    let found: string | undefined;
    for (const name of ['master', 'trunk', 'develop'])
      if (found === undefined && name !== base && ((await git.commitOf(name)) ?? (await git.commitOf(`origin/${name}`))) !== undefined) found = name;
    const item = withBranch[0];
    throw new BranchError(
      item.file,
      `branch "${item.branch}" cannot be compared: the base "${base}" (config git.base) does not exist`,
      {
        expected: `git.base naming a branch of this repository (local, or origin/${base})`,
        found: `no branch "${base}" and no origin/${base}`,
        hint: `set git.base in parallel.config.yaml to your main branch${found ? ` (this repository has ${found}: \`git: { base: ${found} }\`)` : ''}`,
      },
      'GIT_BASE',
    );
  }
  for (const item of withBranch) {
    const branch = item.branch!;
    const tip = (await git.commitOf(branch)) ?? (await git.commitOf(`origin/${branch}`));
    if (tip === undefined) {
      throw new BranchError(
        item.file,
        `branch "${branch}" does not exist`,
        {
          expected: `a local branch "${branch}", or origin/${branch}`,
          found: 'neither',
          hint: `create it (git branch ${branch}), fetch it (git fetch origin ${branch}), ${remove}`,
        },
        'GIT_BRANCH',
      );
    }
    const fork = await git.mergeBase(baseCommit, tip);
    if (fork === undefined) {
      throw new BranchError(
        item.file,
        `branch "${branch}" shares no history with "${base}" (config git.base)`,
        {
          expected: `a branch made from "${base}" (git merge-base ${base} ${branch} names a commit)`,
          found: 'no commit in common',
          hint: `set git.base to the branch ${branch} was made from, rebase it onto ${base} (git rebase ${base} ${branch}), ${remove}`,
        },
        'GIT_BRANCH',
      );
    }
    out.set(item.id, await git.changedFiles(fork, tip));
  }
  return out;
}
