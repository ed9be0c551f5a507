import { cacheDirOf, readCacheText, writeCacheText } from '../../io/cache-dir.js';
import { workTreeReader } from '../../io/node-fs.js';
import type { TreeReader } from '../../io/ports.js';
import { dependabotStrategies } from './dependabot-strategy.js';
import { compareStrings } from '../../order.js';
import type { Config, Item } from '../../types.js';
import type { InferContext, Manifest, WorkspacePackage } from './find-hits.js';
import type { Inference, InferOptions } from './infer-footprint.js';
import { inferQueue } from './infer-queue.js';
import { needsInference } from './needs-inference.js';
import { waveplanOwnFiles } from '../own-files.js';
import { readSymbolIndex } from './read-symbol-index.js';
import { buildRepoShape, dirOf, isOwnPath } from './repo-shape.js';
import { contentTerms } from './content-terms.js';
import { buildNameWords } from './name-words.js';
import { readVocabulary } from './read-vocabulary.js';
import { BUILD_ID } from '../../package-root.js';
import { buildChangeHistory } from './change-history.js';
import { ownFilesOf, readChangeLog, readHead } from './read-change-history.js';
import { hashOf, INFERENCE_CACHE_FILE, inferenceKey, parseInferenceCache, serializeInferenceCache, withInferenceEntry } from './inference-cache.js';
import { itemText } from './text-evidence.js';
import { readRunMemory } from './read-run-memory.js';
import { buildScopeHistory } from './scope-history.js';
import { indexPast } from './similar-past.js';
import { TUNING, tuningOf, type Tuning } from './tuning.js';
import { hubsOf } from './near-guess.js';

export interface ReadInferenceOptions extends InferOptions {
  /** Absolute project root. */
  root: string;
  items: readonly Item[];
  /** Every item of the queue, when `items` is a part of it: past runs' items are found here by id. Default `items`. */
  allItems?: readonly Item[];
  config: Config;
  /** Every file of the repository, repo-relative, sorted. */
  repoFiles: readonly string[];
  /**
   * Where file bytes come from when not the work tree: the pre-commit hook's staged tree. The
   * vocabulary lookup then reads the index too (`git grep --cached`). Default the work tree.
   */
  tree?: TreeReader;
  /** How many past commits to read for scope history; 0 turns history off. Default 1000. */
  historyLimit?: number;
  /**
   * The commit whose history inference reads (its last `historyLimit` commits, it included); null:
   * none. Default HEAD. `plan --check` and `apply` read the history the committed plan was
   * compiled on (committedPlanBase).
   */
  historyAt?: string | null;
  /** Use the symbol cache under `.agent/cache/`. Default true. */
  cache?: boolean;
  /** Known git blob ids by path (the index's in the pre-commit hook): cached files are not read. */
  versions?: ReadonlyMap<string, string>;
  /** Overrides of the ranking knobs (tuning.ts), for the evaluation. */
  tuning?: Partial<Tuning>;
}

/**
 * The IO edge of inference: gather the symbol index, workspace packages and scope history,
 * then infer (pure). Does nothing, and loads nothing, when every item declares its footprint.
 */
export async function readInference(options: ReadInferenceOptions): Promise<Map<string, Inference>> {
  const items = options.items.filter(needsInference);
  if (items.length === 0) return new Map();
  // Waveplan's own files (queue, plan, caches, runs, lock) are never a guess for anyone's footprint.
  const isOwn = waveplanOwnFiles(options.config);
  options = { ...options, repoFiles: options.repoFiles.filter((f) => !isOwn(f)) };
  const tree = options.tree ?? workTreeReader(options.root);
  const cacheDir = (options.cache ?? true) ? cacheDirOf(options.root) : undefined;
  const historyLimit = options.historyLimit ?? 1000;
  const [head, memory] = await Promise.all([
    historyLimit > 0
      ? options.historyAt !== undefined
        ? Promise.resolve(options.historyAt ?? undefined)
        : readHead(options.root)
      : Promise.resolve(undefined),
    readRunMemory(options.root, options.allItems ?? options.items, tree),
  ]);
  // A warm plan of the same queue on the same tree reads its inferences from one file
  // (inference-cache.ts); only with blob ids, which say when a file's symbols changed.
  const key =
    cacheDir !== undefined && options.versions !== undefined
      ? inferenceKey({
          build: BUILD_ID,
          head: head ?? '',
          files: options.repoFiles,
          versions: options.versions,
          memory: JSON.stringify(memory),
          settings: JSON.stringify([options.config.analysis.components, options.widen ?? null, options.tuning ?? null, historyLimit]),
        })
      : undefined;
  const stored = key === undefined ? [] : parseInferenceCache(readCacheText(cacheDir!, INFERENCE_CACHE_FILE));
  const cached = stored.find((entry) => entry.key === key);
  const wordsOf = (item: Item) => hashOf([JSON.stringify(itemText(item))]);
  const missing = items.filter((item) => !cached?.items[wordsOf(item)]);
  let fresh = new Map<string, Inference>();
  if (missing.length > 0) {
    const shape = buildRepoShape(options.repoFiles);
    const [{ index: symbols }, { packages, manifests }, commits, vocabulary] = await Promise.all([
      readSymbolIndex({ root: options.root, repoFiles: options.repoFiles, tree, cache: options.cache, versions: options.versions }),
      readManifests(options.repoFiles, tree, tuningOf(options)),
      head === undefined ? Promise.resolve([]) : readChangeLog(options.root, cacheDir, historyLimit, head, ownFilesOf(options.config)),
      // Only in a repository (git grep lists what git tracks); the same switch as history.
      head === undefined
        ? Promise.resolve(undefined)
        : readVocabulary(
            options.root,
            missing.map((item) => contentTerms(itemText(item))),
            options.repoFiles.filter(isOwnPath),
            options.tree,
          ),
    ]);
    const changes = buildChangeHistory(commits);
    const dependabot = await readDependabotStrategies(options.repoFiles, tree);
    const context: InferContext = {
      shape,
      nameWords: buildNameWords(options.repoFiles),
      ...(vocabulary ? { vocabulary } : {}),
      symbols,
      components: options.config.analysis.components,
      packages,
      manifests,
      ...(dependabot ? { dependabot } : {}),
      history: buildScopeHistory(commits),
      changes,
      // What past runs really changed counts as much as the newest commit.
      past: indexPast([...memory, ...changes.past]),
      pastText: indexPast([...memory, ...changes.pastText]),
      hubs: hubsOf(commits, (f) => shape.files.has(f) && isOwnPath(f)),
      ...(options.tuning ? { tuning: options.tuning } : {}),
    };
    fresh = inferQueue(missing, context, options);
  }
  const out = new Map<string, Inference>();
  for (const item of items) out.set(item.id, fresh.get(item.id) ?? cached!.items[wordsOf(item)]);
  if (key !== undefined && missing.length > 0) {
    const entries = Object.fromEntries(items.map((item) => [wordsOf(item), out.get(item.id)!]));
    await writeCacheText(cacheDir!, INFERENCE_CACHE_FILE, serializeInferenceCache(withInferenceEntry(stored, { key, items: entries })));
  }
  return out;
}

/** Dependabot's npm versioning strategies (dependabot-strategy.ts), when `.github/dependabot.yml` sets any. */
async function readDependabotStrategies(repoFiles: readonly string[], tree: TreeReader): Promise<Record<string, string> | undefined> {
  const file = ['.github/dependabot.yml', '.github/dependabot.yaml'].find((f) => repoFiles.includes(f));
  const bytes = file === undefined ? undefined : await tree.read(file);
  if (!bytes) return undefined;
  const strategies = dependabotStrategies(new TextDecoder().decode(bytes));
  return Object.keys(strategies).length > 0 ? strategies : undefined;
}

/** Every package.json below the root that has a name: the workspace packages, wherever the workspace globs put them. */
export async function readWorkspacePackages(repoFiles: readonly string[], tree: TreeReader): Promise<WorkspacePackage[]> {
  return (await readManifests(repoFiles, tree)).packages;
}

/** A GitHub workflow or composite action: the manifest of the actions it uses (`uses: actions/checkout@v4`). */
const WORKFLOW = /^\.github\/(?:workflows\/[^/]+|actions\/.+\/action)\.ya?ml$/;
const USES = /^\s*(?:-\s*)?uses:\s*['"]?([\w.-]+\/[\w.-]+)(\/[^@\s'"]*)?@([^\s'"#]+)['"]?(?:[ \t]+#[ \t]*(v?\d[\w.+-]*))?/gm;

/**
 * The actions a workflow uses, name → the refs it pins (space-separated when several). An action
 * in a folder of its repository (`github/codeql-action/init`) is listed under both names. A commit
 * pin's comment (`@2d11466… # v2.4.3`, how Dependabot and Renovate pin by digest) is its version:
 * the ref is `2d11466…#v2.4.3`.
 */
export function actionsOf(text: string, tuning: Pick<Tuning, 'pinnedActionVersions'> = TUNING): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, repo, path, pin, version] of text.matchAll(USES)) {
    const ref = version !== undefined && tuning.pinnedActionVersions ? `${pin}#${version}` : pin;
    const names = path !== undefined && path !== '/' && tuning.pinnedActionVersions ? [repo, `${repo}${path.replace(/\/+$/, '')}`] : [repo];
    for (const name of names) {
      const refs = out[name]?.split(' ') ?? [];
      if (!refs.includes(ref)) out[name] = [...refs, ref].join(' ');
    }
  }
  return out;
}

/** Dependency fields of a manifest: whoever updates a dependency changes the manifests that list it. */
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * Every package.json (the root's too): the workspace packages (those with a name, below the root)
 * and each manifest's dependencies with their version ranges; and every GitHub workflow with the
 * actions it uses (docs/inference.md, "Dependency updates").
 */
export async function readManifests(
  repoFiles: readonly string[],
  tree: TreeReader,
  tuning: Pick<Tuning, 'pinnedActionVersions'> = TUNING,
): Promise<{ packages: WorkspacePackage[]; manifests: Manifest[] }> {
  const packages: WorkspacePackage[] = [];
  const manifests: Manifest[] = [];
  for (const file of repoFiles) {
    if (WORKFLOW.test(file)) {
      const bytes = await tree.read(file);
      const actions = bytes ? actionsOf(new TextDecoder().decode(bytes), tuning) : {};
      if (Object.keys(actions).length > 0) manifests.push({ file, dependencies: actions });
      continue;
    }
    if ((file !== 'package.json' && !file.endsWith('/package.json')) || /(?:^|\/)(?:node_modules|fixtures|__fixtures__)\//.test(file)) continue;
    const bytes = await tree.read(file);
    if (!bytes) continue;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    } catch {
      // Not JSON: not a package we can name.
      continue;
    }
    if (json === null || typeof json !== 'object') continue;
    if (file !== 'package.json' && typeof json.name === 'string' && json.name !== '') packages.push({ name: json.name, dir: dirOf(file) });
    const dependencies: Record<string, string> = {};
    for (const field of DEPENDENCY_FIELDS) {
      const deps = json[field];
      if (deps === null || typeof deps !== 'object') continue;
      for (const [name, range] of Object.entries(deps as Record<string, unknown>)) if (typeof range === 'string') dependencies[name] = range;
    }
    if (Object.keys(dependencies).length > 0) manifests.push({ file, dependencies });
  }
  return { packages: packages.sort((a, b) => compareStrings(a.dir, b.dir)), manifests };
}
