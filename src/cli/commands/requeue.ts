import { WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { workTreeReader } from '../../io/node-fs.js';
import { idNumber } from '../../order.js';
import { loadQueue, type LoadedQueue } from '../../tracking/load-queue.js';
import { commitOf, itemBranch, removeItemWorktree, WORKTREES_DIR } from '../../land/index.js';
import type { Item } from '../../types.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { newRunId } from '../../run/event-log.js';
import { acquireLock } from '../../run/lock.js';
import { recoverMoves } from '../../tracking/file/file-queue.js';
import { openTracker } from '../../tracking/open-tracker.js';
import { formatNote } from '../../queue/item-text.js';
import type { CommandAction } from '../context.js';

/**
 * `waveplan requeue ID…`: blocked items back to pending, with why under their Notes. Every id is
 * checked before anything moves. A failed item's worktree and branch (isolation: worktree) are
 * removed, so its next run starts from the target's tip, not from its last attempt (docs/apply.md).
 */
const requeue: CommandAction<{ reason?: string; json?: boolean }> = async (ctx, args, options) => {
  const wanted = [...new Set(args)];
  const lock = await acquireLock(ctx.root, newRunId());
  try {
    const first = await loadQueue(workTreeReader(ctx.root), { root: ctx.root, env: ctx.io.env });
    await recoverMoves(ctx.root, first.config.queue.dir);
    const loaded = first.githubRepo ? first : await loadQueue(workTreeReader(ctx.root), { root: ctx.root, env: ctx.io.env });
    const items = wanted.map((id) => blockedItem(loaded, id));
    const tracker = await openTracker(loaded, { root: ctx.root, env: ctx.io.env });
    const reason = options.reason?.trim() || 'no reason given';
    const note = formatNote({ time: new Date(), message: `requeued by \`waveplan requeue\`: ${reason}` });
    const moves = [];
    for (const item of items) {
      const moved = await tracker.requeue(item, note);
      const reset = await resetWorktree(ctx.root, item.id, ctx.io.env);
      moves.push({ item, moved, reset });
    }
    if (options.json) {
      const out = moves.map(({ item, moved, reset }) => ({
        id: item.id,
        from: item.file,
        to: moved.file,
        status: moved.status,
        reason,
        ...(reset ? { reset } : {}),
      }));
      ctx.io.stdout(`${JSON.stringify(out.length === 1 ? out[0] : out, null, 2)}\n`);
      return ExitCode.ok;
    }
    for (const { item, moved, reset } of moves) {
      if (loaded.githubRepo) ctx.io.stdout(`requeued ${item.id} of ${loaded.githubRepo}: status/blocked → status/backlog (the reason is an issue comment)\n`);
      else ctx.io.stdout(`requeued ${item.id}: ${item.file} → ${moved.file} (noted under ## Notes)\n`);
      if (reset) ctx.io.stdout(`  removed ${reset}: its next run starts from the target's tip\n`);
    }
    const ids = items.map((i) => i.id).join(', ');
    ctx.io.stdout(`the plan no longer matches the queue: run \`waveplan plan\` to schedule ${ids} again, review, then \`waveplan apply\`\n`);
    return ExitCode.ok;
  } finally {
    await lock.release();
  }
};

function blockedItem(loaded: LoadedQueue, wanted: string): Item {
  const matches = loaded.items.filter((i) => i.id === wanted || (/^#?\d+$/.test(wanted) && idNumber(i.id) === idNumber(wanted)));
  const blocked = loaded.items.filter((i) => i.status === 'blocked').map((i) => i.id);
  const listed = blocked.length > 0 ? `blocked items: ${blocked.join(', ')}` : 'no item is blocked';
  if (matches.length === 0) throw new WaveplanError(`no item ${wanted} in ${loaded.config.queue.dir} (${listed})`);
  if (matches.length > 1) throw new WaveplanError(`${wanted} matches ${matches.map((m) => m.file).join(' and ')}; fix the duplicate id first`);
  const item = matches[0];
  if (item.status !== 'blocked') {
    throw new WaveplanError(`item ${item.id} is ${item.status}, not blocked (${item.file}); requeue moves blocked items back to pending (${listed})`);
  }
  return item;
}

/** Remove the item's worktree and `waveplan/<id>` branch if an earlier run left them; what was removed. */
async function resetWorktree(root: string, id: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  const repo = { cwd: root, env: { ...process.env, ...env } };
  if (!(await isRepo(repo))) return undefined;
  const { branch, slug } = itemBranch(id);
  const had = existsSync(join(root, WORKTREES_DIR, slug)) || (await commitOf(repo, `refs/heads/${branch}`)) !== undefined;
  if (!had) return undefined;
  await removeItemWorktree(repo, id);
  return `${WORKTREES_DIR}/${slug} and branch ${branch}`;
}

async function isRepo(repo: { cwd: string; env: Record<string, string | undefined> }): Promise<boolean> {
  return (await commitOf(repo, 'HEAD')) !== undefined;
}

export default requeue;
