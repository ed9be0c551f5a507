import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The project root for a working directory: the nearest folder up the tree that has
 * `parallel.config.yaml` or `.agent/`, stopping at the git root; otherwise the git
 * root; otherwise the folder itself.
 */
export function findRepoRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, 'parallel.config.yaml')) || existsSync(join(dir, '.agent'))) return dir;
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}
