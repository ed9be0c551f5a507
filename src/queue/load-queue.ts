import { readConfig } from '../config/read-config.js';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics.js';
import type { ParseMemo } from '../io/parse-memo.js';
import type { TreeReader } from '../io/ports.js';
import type { GithubClientOptions } from '../tracking/github-client.js';
import type { Config, Item } from '../types.js';
import { checkQueue } from './check-queue.js';
import { checkReferences, namePosition } from './check-references.js';
import { readQueue } from './read-queue.js';

export interface LoadedQueue {
  config: Config;
  /** The config file read (undefined: defaults). */
  configSource?: string;
  configText?: string;
  /** Items with BlockedBy resolved and merged with Blocks. */
  items: Item[];
  diagnostics: Diagnostic[];
  queueExists: boolean;
  /** `owner/name` when the items are GitHub issues (tracking.provider: github). */
  githubRepo?: string;
}

/** What the GitHub backend needs beyond the tree; ignored for the file queue. */
export interface LoadQueueOptions {
  /** Project root: its origin remote names the repository when tracking.github.repo is unset. */
  root?: string;
  /** GITHUB_API_URL and GITHUB_TOKEN; default process.env. */
  env?: Record<string, string | undefined>;
  /** Client overrides (tests: tiny retry delays). */
  github?: Partial<GithubClientOptions>;
  /** Parses remembered from earlier runs (openParseMemo); the caller saves it. Default: parse everything. */
  memo?: ParseMemo;
}

/** Config, then the queue it names (folder or GitHub issues), then the cross-item checks. */
export async function loadQueue(tree: TreeReader, options: LoadQueueOptions = {}): Promise<LoadedQueue> {
  const configRead = await readConfig(tree, options.memo);
  const config = configRead.config;
  const source =
    config.tracking.provider === 'github' && !hasErrors(configRead.diagnostics)
      ? await readIssues(tree, config, options)
      : { ...(await readQueue(tree, config.queue.dir, options.memo)), repo: undefined };
  const checked = checkQueue(source.items);
  let references = checkReferences(checked.items, config);
  if (references.length > 0 && config.tracking.provider !== 'github') {
    // Only on this error path: the items' texts, to point at the name itself.
    const texts = new Map(
      await Promise.all(references.map(async (d) => [d.file, new TextDecoder().decode((await tree.read(d.file)) ?? new Uint8Array())] as const)),
    );
    references = checkReferences(checked.items, config, (item, field, name) => namePosition(texts.get(item.file) ?? '', field, name));
  }
  const loaded: LoadedQueue = {
    config,
    configSource: configRead.source,
    configText: configRead.text,
    items: checked.items,
    diagnostics: [...configRead.diagnostics, ...source.diagnostics, ...checked.diagnostics, ...references],
    queueExists: source.exists,
  };
  if (source.repo) loaded.githubRepo = source.repo;
  return loaded;
}

/** The GitHub backend, loaded only when configured; the queue folder when unreachable and allowed. */
async function readIssues(tree: TreeReader, config: Config, options: LoadQueueOptions) {
  const { readGithubQueue } = await import('../tracking/github-queue.js');
  const { GithubUnreachableError } = await import('../tracking/github-client.js');
  try {
    const read = await readGithubQueue({ config, env: options.env ?? process.env, root: options.root, client: options.github });
    return { ...read, exists: true };
  } catch (error) {
    if (!(error instanceof GithubUnreachableError) || !config.tracking.github?.fallback_to_files) throw error;
    const folder = await readQueue(tree, config.queue.dir);
    const warning = diagnostic({
      severity: 'warning',
      file: config.queue.dir,
      code: 'GITHUB_FALLBACK',
      message: `${error.message}; using the queue folder instead (tracking.github.fallback_to_files)`,
    });
    return { ...folder, diagnostics: [warning, ...folder.diagnostics], repo: undefined };
  }
}
