import { WaveplanError } from '../errors.js';
import { commitOf, currentBranch } from '../land/index.js';
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
  const target = await landingTarget(root, config, env);
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
  return target === undefined ? { target: config.git.base, keep: true, ...shared } : { target, keep: false, ...shared };
}

/**
 * The branch items land on with isolation worktree and run.land: merge (undefined with keep), or
 * the refusal a run must make before anything starts; `apply --detach` asks it in the foreground.
 */
export async function landingTarget(root: string, config: Config, env: Record<string, string | undefined>): Promise<string | undefined> {
  // Worktrees start from a commit: a fresh `git init` has none, and every item would be blocked by git's "not a valid object name".
  if (!(await commitOf({ cwd: root, env }, 'HEAD'))) {
    const branch = (await currentBranch({ cwd: root, env })) ?? 'HEAD';
    throw new WaveplanError(
      `run.isolation: worktree starts each item from the current commit, but ${branch} has no commit yet: commit first (git add -A && git commit -m "first commit"), then plan and apply`,
    );
  }
  if (config.run.land === 'keep') return undefined;
  const target = await currentBranch({ cwd: root, env });
  if (!target) {
    throw new WaveplanError(
      'run.land: merge lands each item on the branch checked out in the main work tree, but HEAD is detached: check out the branch to land on (e.g. `git switch main`), or set run.land: keep to leave the work on waveplan/<id> branches',
    );
  }
  return target;
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
