import type { Config } from '../types.js';

/**
 * Where waveplan keeps its own state, besides the configured queue folder and plan file (docs/inference.md):
 * the caches, `ci review`'s local report, the runs, the item worktrees, the apply lock and the `.gitignore` that `apply` writes next to
 * the lock (committed by a `git add -A` after a run, it must not join a `**` write set), and what runs
 * taught inference (`.agent/learned.json`, committed with the plan).
 */
const STATE_DIRS = ['.agent/cache/', '.agent/review/', '.agent/runs/', '.agent/worktrees/'];
const STATE_FILES = ['.agent/apply.lock', '.agent/.gitignore', '.agent/learned.json'];

/**
 * Whether a repo-relative path is waveplan's own: the queue folder, the plan file, the caches,
 * the runs, the item worktrees, the apply lock and its `.gitignore`. They are nobody's footprint: an item whose words happen to name
 * "plan" or "queue" must not conflict with every other item, and `apply` must not find its own
 * lock in a write set and call the plan stale (pure).
 */
export function waveplanOwnFiles(config: Pick<Config, 'queue' | 'plan'>): (path: string) => boolean {
  const queueDir = `${trimSlashes(config.queue.dir)}/`;
  const planFile = trimSlashes(config.plan.file);
  return (path) => path === planFile || path.startsWith(queueDir) || STATE_FILES.includes(path) || STATE_DIRS.some((dir) => path.startsWith(dir));
}

function trimSlashes(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}
