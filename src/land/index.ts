/**
 * The landing core (docs/apply.md): bring an item's work home to the target branch.
 * No CLI, no listr2, no tracker: `apply` and `waveplan land` (CI) both build on it.
 */
export { dropLandedLeftovers, findLeftovers, removeLeftovers, tidyKilledRun, type CleanPlan } from './clean-up.js';
export { collectWork, itemMessage, pinBranch, type CollectedWork, type CollectRequest } from './collect-work.js';
export { footprintExcess, unionOf, type PredictedWrites } from './audit-footprint.js';
export { branchTip, changedPaths, commitOf, currentBranch, isAncestor, type GitContext } from './git.js';
export { changedBetween, workTreeState } from './work-tree-state.js';
export {
  drainWorktreePool,
  freshWorktree,
  itemBranch,
  parkWorktree,
  releaseMoves,
  removeItemWorktree,
  WORKTREES_DIR,
  type ItemWorktree,
} from './item-worktree.js';
export { readJournal, type LandingRecord } from './journal.js';
export { finishLanding, landBranch, LandingStep, type LandOutcome, type LandRequest } from './land-branch.js';
export { landedWriters, mergeOnto, type MergeResult } from './merge-onto.js';
export { recoverLanding, type Recovery } from './recover-landing.js';
export { editedPaths, syncWorkTree } from './sync-work-tree.js';
