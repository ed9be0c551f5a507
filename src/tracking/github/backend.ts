import { diagnostic } from '../../diagnostics.js';
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
      return { items: read.items, diagnostics: read.diagnostics, exists: true, itemsAreFiles: false, githubRepo: read.repo };
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
    const config = { ...read.config, tracking: { ...read.config.tracking, github: { ...read.config.tracking.github, repo: read.githubRepo } } };
    return new GithubTracker(await githubClientFor({ config, env: options.env, root: options.root }));
  },
};
