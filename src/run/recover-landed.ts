import { finishLanding, recoverLanding, removeItemWorktree } from '../land/index.js';
import { workTreeReader } from '../io/node-fs.js';
import { loadQueue } from '../tracking/load-queue.js';
import { openTracker } from '../tracking/open-tracker.js';
import type { MoveWatch } from '../tracking/tracker.js';
import type { EventInput } from './event-log.js';

/**
 * At the start of `apply` (holding its lock): finish or undo a landing that a crash cut short
 * (docs/apply.md, "Crash safety"). Finished: the item is recorded completed and its worktree
 * removed, so it is not run again. Undone: the item stays in_progress and this run resumes it.
 * Returns what to tell the user and the events to log once the run's log is open.
 */
export async function recoverLandingAtStart(
  root: string,
  env: Record<string, string | undefined>,
  watch?: MoveWatch,
): Promise<{ messages: string[]; events: EventInput[] }> {
  const repo = { cwd: root, env };
  const recovery = await recoverLanding(repo);
  if (!recovery) return { messages: [], events: [] };
  const { record } = recovery;
  const at = `${record.target} ${record.old.slice(0, 12)} → ${record.new.slice(0, 12)}`;
  if (recovery.action === 'undone') {
    const reason = `the landing of ${record.item} (run ${record.run}) was cut short before ${record.target} moved: undone; ${record.item} runs again`;
    return { messages: [reason], events: [{ type: 'landing_recovered', item: record.item, target: record.target, reason }] };
  }
  const loaded = await loadQueue(workTreeReader(root));
  const item = loaded.items.find((i) => i.id === record.item);
  if (item?.status === 'in_progress') {
    // `watch`: the killed run's ledger, so this move counts as the run's (docs/reliability.md).
    const tracker = await openTracker(loaded, { root, env, watch });
    await tracker.complete(item);
  }
  await removeItemWorktree(repo, record.item);
  await finishLanding(repo);
  const reason = `the landing of ${record.item} (run ${record.run}) was cut short after ${at}: finished (work tree synced, item completed)`;
  return { messages: [reason], events: [{ type: 'landing_recovered', item: record.item, commit: record.new, target: record.target, reason }] };
}
