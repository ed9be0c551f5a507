import { trackerBackend } from './backend.js';
import type { LoadedQueue } from './load-queue.js';
import type { MoveWatch, Tracker } from './tracker.js';

/**
 * The tracker for the queue as it was loaded, from its provider's backend: labels on GitHub issues
 * when the items came from GitHub, else renames in the queue folder (also after a fallback to files).
 */
export async function openTracker(
  loaded: Pick<LoadedQueue, 'config' | 'githubRepo'>,
  options: { root: string; env: Record<string, string | undefined>; watch?: MoveWatch },
): Promise<Tracker> {
  return (await trackerBackend(loaded.config.tracking.provider)).openTracker(loaded, options);
}
