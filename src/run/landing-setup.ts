import { WaveplanError } from '../errors.js';
import { currentBranch } from '../land/index.js';
import { waveplanOwnFiles } from '../analyze/own-files.js';
import type { PredictedWrites } from '../land/index.js';
import type { Config, Item, Plan } from '../types.js';
import type { LandingSetup } from './land-item.js';
import { LandingQueue } from './landing-queue.js';
import { plannedWrites } from '../plan/planned-writes.js';
import { isChangeNote } from '../analyze/infer/change-notes.js';
import { readChangeNoteFolders } from '../analyze/infer/read-change-history.js';

/**
 * How this run lands items, from the config and the main work tree: with isolation
 * worktree, on the branch checked out there (run.land: merge), or nowhere (keep).
 * Undefined without isolation: items run in the main work tree itself.
 */
export async function landingSetup(
  root: string,
  config: Config,
  plan: Plan,
  items: readonly Item[],
  order: readonly string[],
  onStep: LandingSetup['onStep'],
  env: Record<string, string | undefined>,
): Promise<LandingSetup | undefined> {
  if (config.run.isolation !== 'worktree') return undefined;
  const shared = {
    queue: new LandingQueue(),
    rank: new Map(order.map((id, index) => [id, index])),
    onStep,
    predicted: predictedWrites(plan, items),
    reads: new Map(items.map((i) => [i.id, i.reads])),
    ownFile: waveplanOwnFiles(config),
    unaudited: await unauditedFiles(root, config),
    running: new Map<string, Promise<void>>(),
  };
  if (config.run.land === 'keep') return { target: config.git.base, keep: true, ...shared };
  const target = await currentBranch({ cwd: root, env });
  if (!target) {
    throw new WaveplanError(
      'run.land: merge lands each item on the branch checked out in the main work tree, but HEAD is detached: check out the branch to land on (e.g. `git switch main`), or set run.land: keep to leave the work on waveplan/<id> branches',
    );
  }
  return { target, keep: false, ...shared };
}

/**
 * What the footprint audit never counts as outside a write set (docs/apply.md): waveplan's own
 * files, and a change note in a folder the history shows releases consume (`.changeset/x.md`),
 * which every change adds under a name nobody predicts.
 */
export async function unauditedFiles(root: string, config: Config): Promise<(path: string) => boolean> {
  const own = waveplanOwnFiles(config);
  const folders = await readChangeNoteFolders(root, config).catch(() => []);
  return folders.length === 0 ? own : (path) => own(path) || isChangeNote(path, folders);
}

/** Each item's predicted write set (the plan's, plus its declared globs); none for unknown footprints. */
export function predictedWrites(plan: Plan, items: readonly Item[]): Map<string, PredictedWrites> {
  const globs = new Map(items.map((i) => [i.id, i.files]));
  return new Map(
    plan.items
      .filter((i) => !i.unknown_footprint)
      .map((i) => [i.id, { writes: plannedWrites(i), globs: globs.get(i.id) ?? [], ...(i.inferred && i.inferred.length > 0 ? { inferred: true } : {}) }]),
  );
}
