import { diagnostic } from '../../diagnostics.js';
import type { Config } from '../../types.js';
import type { TrackerBackend } from '../backend.js';
import { fileBackend } from '../file/backend.js';
import { GithubUnreachableError } from './github-client.js';
import { githubClientFor, readGithubQueue } from './github-queue.js';
import { GithubTracker } from './github-tracker.js';

/**
 * GitHub issues (docs/github.md): open issues are the items, labels the statuses. When the API
 * cannot be reached and `tracking.github.fallback_to_files` allows it, the queue folder stands in,
 * and so does its tracker.
 */
export const githubBackend: TrackerBackend = {
  async readItems(tree, config, options) {
    try {
      const read = await readGithubQueue({ config, env: options.env ?? process.env, root: options.root, client: options.github });
      return { items: read.items, diagnostics: read.diagnostics, exists: true, itemsAreFiles: false, githubRepo: read.repo, states: read.states };
    } catch (error) {
      if (!(error instanceof GithubUnreachableError) || !config.tracking.github?.fallback_to_files) throw error;
      const folder = await fileBackend.readItems(tree, config, { ...options, memo: undefined });
      const warning = diagnostic({
        severity: 'warning',
        file: config.queue.dir,
        code: 'GITHUB_FALLBACK',
        message: `${error.message}; using the queue folder instead (tracking.github.fallback_to_files)`,
      });
      return { ...folder, diagnostics: [warning, ...folder.diagnostics] };
    }
  },
  async openTracker(read, options) {
    if (!read.githubRepo) return fileBackend.openTracker(read, options);
    return new GithubTracker(await githubClientFor({ config: pinned(read.config, read.githubRepo), env: options.env, root: options.root }), options.watch);
  },
  async itemStates(read, options) {
    const config = read.githubRepo ? pinned(read.config, read.githubRepo) : read.config;
    try {
      return (await readGithubQueue({ config, env: options.env, root: options.root, include: options.ids })).states;
    } catch (error) {
      if (!(error instanceof GithubUnreachableError) || !config.tracking.github?.fallback_to_files) throw error;
      return fileBackend.itemStates(read, options);
    }
  },
};

/** The config with the repository the items were read from, so later reads and moves go there. */
function pinned(config: Config, repo: string): Config {
  return { ...config, tracking: { ...config.tracking, github: { ...config.tracking.github, repo } } };
}
