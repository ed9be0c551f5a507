import { WaveplanError } from '../errors.js';
import { currentBranch } from '../land/index.js';
import type { Config } from '../types.js';
import type { LandingSetup } from './land-item.js';
import { LandingQueue } from './landing-queue.js';

/**
 * How this run lands items, from the config and the main work tree: with isolation
 * worktree, on the branch checked out there (run.land: merge), or nowhere (keep).
 * Undefined without isolation: items run in the main work tree itself.
 */
export async function landingSetup(root: string, config: Config, order: readonly string[], onStep: LandingSetup['onStep'], env: Record<string, string | undefined>): Promise<LandingSetup | undefined> {
  if (config.run.isolation !== 'worktree') return undefined;
  const rank = new Map(order.map((id, index) => [id, index]));
  if (config.run.land === 'keep') return { target: config.git.base, keep: true, queue: new LandingQueue(), rank, onStep };
  const target = await currentBranch({ cwd: root, env });
  if (!target) {
    throw new WaveplanError('run.land: merge lands each item on the branch checked out in the main work tree, but HEAD is detached: check out the branch to land on (e.g. `git switch main`), or set run.land: keep to leave the work on waveplan/<id> branches');
  }
  return { target, keep: false, queue: new LandingQueue(), rank, onStep };
}
