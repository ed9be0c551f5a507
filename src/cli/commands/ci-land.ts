import { join } from 'node:path';
import { Writable } from 'node:stream';
import { auditFootprint, landItem, type StatusMove } from '../../ci/land-item.js';
import { earlierInWave, waitForEarlier } from '../../ci/land-order.js';
import { hasErrors } from '../../diagnostics.js';
import { DiagnosticsError, WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { gitText } from '../../io/git-exec.js';
import { collectWork } from '../../land/index.js';
import { workTreeReader } from '../../io/node-fs.js';
import { readPlanFile } from '../../plan/parse-plan.js';
import { loadQueue } from '../../tracking/load-queue.js';
import { runCommand } from '../../run/run-command.js';
import { plannedCommands } from '../../run/planned-commands.js';
import { tailLines } from '../../queue/item-text.js';
import { openTracker } from '../../tracking/open-tracker.js';
import type { Item } from '../../types.js';
import type { CommandAction } from '../context.js';
import { plannedWrites } from '../../plan/planned-writes.js';

interface LandOptions {
  target?: string;
  remote?: string;
  attempts?: number;
  waitMinutes?: number;
}

/**
 * `waveplan ci land ID`: one matrix job of the exported workflow (docs/github.md). In the
 * job's checkout of the target's tip: run the item's command, collect its work, audit it,
 * land it on the remote target with a compare-and-swap push. Exit 0 landed (or nothing to
 * do: already landed, held), 3 blocked, 1 error.
 */
const ciLand: CommandAction<LandOptions> = async (ctx, args, options) => {
  const [id] = args;
  const say = (line: string) => ctx.io.stdout(`${line}\n`);
  const tree = workTreeReader(ctx.root);
  const loaded = await loadQueue(tree, { root: ctx.root, env: ctx.io.env });
  if (hasErrors(loaded.diagnostics)) throw new DiagnosticsError(loaded.diagnostics);
  const read = await readPlanFile(tree, loaded.config);
  if (!read.plan || hasErrors(read.diagnostics)) throw read.exists ? new DiagnosticsError(read.diagnostics) : new WaveplanError(`no plan at ${read.file}`);
  const plan = read.plan;
  const item = loaded.items.find((i) => i.id === id);
  const planned = plan.items.find((i) => i.id === id);
  const wave = plan.waves.find((w) => w.items.includes(id));
  if (!item || !planned || !wave)
    throw new WaveplanError(`item ${id} is not in a wave of ${read.file} (its waves: ${plan.waves.map((w) => w.items.join(' ')).join(' | ')})`);
  if (item.status === 'completed' || item.status === 'blocked') {
    say(`${id} is already ${item.status} on this branch (${item.file}): nothing to do`);
    return ExitCode.ok;
  }
  const status = new Map(loaded.items.map((i) => [i.id, i.status]));
  const waiting = plan.edges.blocked_by
    .filter((e) => e.item === id && status.get(e.on) !== 'completed')
    .map((e) => `${e.on} (${status.get(e.on) ?? 'missing'})`);
  if (waiting.length > 0) {
    say(`${id} held: blocked by ${waiting.join(', ')}, not completed on this branch; it stays ${item.status}`);
    return ExitCode.ok;
  }
  // The command the plan was reviewed with, never one re-read from the item or the config, as apply does (docs/github.md).
  const command = plannedCommands(plan).get(id);
  if (!command)
    throw new WaveplanError(
      `${read.file} records no command for ${id}: give the item a \`run:\` field or set run.command, run \`waveplan plan\`, review, commit and export again`,
    );
  const git = { cwd: ctx.root, env: ctx.io.env };
  const start = (await gitText(['rev-parse', 'HEAD'], git)).trim();
  const statusMove = await trackerMove(loaded, ctx, item);
  if (statusMove === undefined) {
    say(`${id} was claimed by someone else (no longer status/backlog): nothing to do`);
    return ExitCode.ok;
  }
  say(`${id} ${item.title}: running \`${command}\` on ${start.slice(0, 12)}`);
  const run = runCommand({
    command,
    cwd: ctx.root,
    env: {
      ...ctx.io.env,
      WAVEPLAN_ITEM_ID: id,
      WAVEPLAN_ITEM_FILE: item.file.startsWith('#') ? item.file : join(ctx.root, item.file),
      WAVEPLAN_WAVE: String(wave.index),
    },
    output: new Writable({ write: (chunk: Buffer, _encoding, done) => (ctx.io.stdout(chunk.toString('utf8')), done()) }),
  });
  const result = await run.done;
  const { head: work, paths } = await collectWork({ worktree: git, base: start, id, title: item.title });
  const outside = auditFootprint(paths, item, plannedWrites(planned));
  if (outside.length > 0) say(`${id}: changed files outside its predicted write set: ${outside.join(', ')}`);
  const how = result.error ? `could not start (${result.error})` : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  const tail = tailLines(result.tail, 10);
  const failure = result.exitCode === 0 ? undefined : `\`${command}\` ${how}${tail.length > 0 ? `; last output: ${tail.join(' ⏎ ').slice(-600)}` : ''}`;
  const remote = options.remote ?? 'origin';
  const target = options.target ?? loaded.config.git.base;
  const earlier = earlierInWave(plan, id, (other) => status.get(other));
  const late = await waitForEarlier({ git, remote, target, start, earlier, timeoutMs: (options.waitMinutes ?? 30) * 60_000, pollMs: 1000, say });
  if (late.length > 0) say(`${id}: ${late.join(', ')} did not land within ${options.waitMinutes ?? 30} minutes; landing anyway`);
  const notes = [
    ...(outside.length > 0 ? [`footprint exceeded: changed ${outside.join(', ')} outside its predicted write set`] : []),
    ...(late.length > 0 ? [`landed before ${late.join(', ')} of its wave, which had not landed after ${options.waitMinutes ?? 30} minutes`] : []),
  ];
  const outcome = await landItem({
    git,
    remote,
    target,
    item,
    start,
    work,
    failure,
    note: notes.length > 0 ? notes.join('; ') : undefined,
    status: statusMove,
    attempts: options.attempts ?? 10,
    say,
  });
  const tries = outcome.attempts === 1 ? '' : ` after ${outcome.attempts} attempts`;
  if (outcome.kind === 'landed') {
    say(`${id} landed${outcome.changed ? '' : ' (no changes)'} as ${outcome.commit.slice(0, 12)}${tries}: completed`);
    return ExitCode.ok;
  }
  say(`${id} blocked${tries}: ${outcome.reason}`);
  return ExitCode.failed;
};

/** The file queue moves statuses in the landed tree; the GitHub backend moves labels (claimed now). */
async function trackerMove(loaded: Awaited<ReturnType<typeof loadQueue>>, ctx: Parameters<CommandAction>[0], item: Item): Promise<StatusMove | undefined> {
  if (!loaded.githubRepo) return { kind: 'tree' };
  const tracker = await openTracker(loaded, { root: ctx.root, env: ctx.io.env });
  const claimed = item.status === 'in_progress' ? item : await tracker.claim(item);
  if (!claimed) return undefined;
  return {
    kind: 'tracker',
    move: async (to, note) => void (to === 'completed' ? await tracker.complete(claimed) : await tracker.block(claimed, note ?? 'blocked')),
  };
}

export default ciLand;
