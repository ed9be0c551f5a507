import type { LoadedQueue } from '../queue/load-queue.js';
import { fileQueue } from './file-queue.js';
import type { Tracker } from './tracker.js';

/**
 * The tracker for the queue as it was loaded: labels on GitHub issues when the items
 * came from GitHub, else renames in the queue folder (also after a fallback to files).
 * The GitHub client is imported only when needed.
 */
export async function openTracker(
  loaded: Pick<LoadedQueue, 'config' | 'githubRepo'>,
  options: { root: string; env: Record<string, string | undefined> },
): Promise<Tracker> {
  if (!loaded.githubRepo) return fileQueue(options.root);
  const { githubClientFor } = await import('./github-queue.js');
  const { GithubTracker } = await import('./github-tracker.js');
  const config = { ...loaded.config, tracking: { ...loaded.config.tracking, github: { ...loaded.config.tracking.github, repo: loaded.githubRepo } } };
  return new GithubTracker(await githubClientFor({ config, env: options.env, root: options.root }));
}
