import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isInNodeModules } from '../analyze/source-host.js';
import { CONFIG_FILE, DEFAULT_QUEUE_DIR } from '../config/defaults.js';
import { gitText } from '../io/git-exec.js';
import { compareStrings } from '../order.js';

/**
 * The projects of the repository at `root` (docs/hooks.md): `root` itself when it is one (a config
 * file or a queue folder; an `.agent/` holding only a plan, a cache or runs is not), else every
 * folder of the index that holds a config file or items in the default queue folder (a monorepo
 * whose queue lives in packages/x), as repo-relative folders ('' for the top); none, when the
 * repository has no queue. A project whose config moves `queue.dir` elsewhere is found by its
 * config file.
 */
export async function queueProjects(root: string, env: Record<string, string | undefined>): Promise<string[]> {
  if (existsSync(join(root, CONFIG_FILE)) || existsSync(join(root, DEFAULT_QUEUE_DIR))) return [''];
  return projectsInIndex(root, env);
}

/**
 * The folders of the index (with `untracked`, of the work tree too, ignored files left out) that
 * hold a config file or items in the default queue folder.
 */
export async function projectsInIndex(root: string, env: Record<string, string | undefined>, untracked = false): Promise<string[]> {
  const listed = (await gitText(['ls-files', '-z', ...(untracked ? ['--cached', '--others', '--exclude-standard'] : [])], { cwd: root, env })).split('\0');
  const dirs = new Set<string>();
  const marker = new RegExp(`^(?:(.*)/)?(?:${escapeRegExp(CONFIG_FILE)}|${escapeRegExp(DEFAULT_QUEUE_DIR)}/[^/]+\\.md)$`);
  for (const path of listed) {
    const match = marker.exec(path);
    if (match && !isInNodeModules(path)) dirs.add(match[1] ?? '');
  }
  return [...dirs].sort(compareStrings);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
