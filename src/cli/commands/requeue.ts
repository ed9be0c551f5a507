import { WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { workTreeReader } from '../../io/node-fs.js';
import { idNumber } from '../../order.js';
import { loadQueue } from '../../queue/load-queue.js';
import { newRunId } from '../../run/event-log.js';
import { acquireLock } from '../../run/lock.js';
import { recoverMoves } from '../../tracking/file-queue.js';
import { openTracker } from '../../tracking/open-tracker.js';
import { formatNote } from '../../tracking/item-text.js';
import type { CommandAction } from '../context.js';

/** `waveplan requeue ID`: a blocked item back to pending, with why under its Notes. */
const requeue: CommandAction<{ reason?: string; json?: boolean }> = async (ctx, args, options) => {
  const [wanted] = args;
  const lock = await acquireLock(ctx.root, newRunId());
  try {
    const first = await loadQueue(workTreeReader(ctx.root), { root: ctx.root, env: ctx.io.env });
    await recoverMoves(ctx.root, first.config.queue.dir);
    const loaded = first.githubRepo ? first : await loadQueue(workTreeReader(ctx.root), { root: ctx.root, env: ctx.io.env });
    const matches = loaded.items.filter((i) => i.id === wanted || (/^#?\d+$/.test(wanted) && idNumber(i.id) === idNumber(wanted)));
    const blocked = loaded.items.filter((i) => i.status === 'blocked').map((i) => i.id);
    const listed = blocked.length > 0 ? `blocked items: ${blocked.join(', ')}` : 'no item is blocked';
    if (matches.length === 0) throw new WaveplanError(`no item ${wanted} in ${loaded.config.queue.dir} (${listed})`);
    if (matches.length > 1) throw new WaveplanError(`${wanted} matches ${matches.map((m) => m.file).join(' and ')}; fix the duplicate id first`);
    const item = matches[0];
    if (item.status !== 'blocked') {
      throw new WaveplanError(`item ${item.id} is ${item.status}, not blocked (${item.file}); requeue moves blocked items back to pending (${listed})`);
    }
    const reason = options.reason?.trim() || 'no reason given';
    const note = formatNote({ time: new Date(), message: `requeued by \`waveplan requeue\`: ${reason}` });
    const moved = await (await openTracker(loaded, { root: ctx.root, env: ctx.io.env })).requeue(item, note);
    if (options.json) {
      ctx.io.stdout(`${JSON.stringify({ id: item.id, from: item.file, to: moved.file, status: moved.status, reason }, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (loaded.githubRepo) ctx.io.stdout(`requeued ${item.id} of ${loaded.githubRepo}: status/blocked → status/backlog (the reason is an issue comment)\n`);
    else ctx.io.stdout(`requeued ${item.id}: ${item.file} → ${moved.file} (noted under ## Notes)\n`);
    ctx.io.stdout(`the plan no longer matches the queue: run \`waveplan plan\` to schedule ${item.id} again, review, then \`waveplan apply\`\n`);
    return ExitCode.ok;
  } finally {
    await lock.release();
  }
};

export default requeue;
