import { readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isAlive } from './lock.js';

/**
 * Remove the temp files a killed waveplan process left half-written (docs/reliability.md): a
 * write goes to `NAME.PID[.RAND].tmp` and is renamed into place, a lock taken over is moved to
 * `apply.lock.stale.PID.RAND`; a kill -9 between the two leaves them. Run under the apply lock:
 * only files whose writer (PID) is gone, or unnamed ones (`summary.json.tmp`), are removed.
 */
export function sweepTempFiles(root: string, planFile: string): string[] {
  const removed: string[] = [];
  const visit = (rel: string, deep: boolean) => {
    let names: string[];
    try {
      names = readdirSync(join(root, rel));
    } catch {
      return;
    }
    for (const name of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      let isDir: boolean;
      try {
        isDir = statSync(join(root, path)).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        if (deep && name !== 'worktrees' && name !== '.git') visit(path, true);
        continue;
      }
      const owner = /\.(\d+)(?:\.[a-z0-9]+)?\.tmp$/.exec(name) ?? /^apply\.lock\.stale\.(\d+)\./.exec(name);
      const orphan = owner ? !isAlive(Number(owner[1])) : /^(summary|launch)\.json\.tmp$/.test(name);
      if (!orphan) continue;
      rmSync(join(root, path), { force: true });
      removed.push(path);
    }
  };
  visit('.agent', true);
  const planDir = dirname(planFile);
  if (planDir !== '.agent' && !planDir.startsWith('.agent/')) visit(planDir === '.' ? '' : planDir, false);
  return removed.sort();
}
