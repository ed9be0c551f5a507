import { join } from 'node:path';
import type { Tracker } from '../tracking/tracker.js';
import { formatNote, tailLines } from '../queue/item-text.js';
import type { Config, Item } from '../types.js';
import type { EventLog } from './event-log.js';
import type { Outcome } from './run-graph.js';
import { runCommand, type CommandResult, type CommandRun } from './run-command.js';
import type { ItemWorktree } from '../land/index.js';
import { landWork, startWorktree, type LandingSetup } from './land-item.js';

/** What one item's run shares with the others. */
export interface ItemRunContext {
  root: string;
  config: Config;
  tracker: Tracker;
  log: EventLog;
  env: Record<string, string | undefined>;
  /** Commands running now, so an interrupt can reach them. */
  running: Set<CommandRun>;
  /** The signal that interrupted the run, once one has. */
  interrupted(): string | undefined;
  now(): Date;
  /** Set with run.isolation: worktree: where and how items land (docs/apply.md). */
  landing?: LandingSetup;
  /**
   * `--schedule dynamic`: told when an item's command ends (its slot is free while it lands) and
   * asked for a slot again before a re-run (docs/apply.md#--schedule-dynamic).
   */
  commandSlot?: { ended(id: string): void; again(id: string): Promise<void> };
}

export interface ItemResult {
  outcome: Outcome;
  reason?: string;
  exitCode?: number | null;
  durationMs?: number;
  branch?: string;
  /** The merge commit that landed the item's work on the target branch. */
  landed?: string;
  /** Files the item really changed (isolation: worktree), sorted. */
  writes?: string[];
  /** The footprint audit: changed files outside the predicted write set. */
  exceeded?: string[];
  /** The item after its last status change. */
  item: Item;
}

/**
 * The command an item runs: its own `run`, else config `run.command`. In a run the items carry
 * the plan's commands, placeholders already expanded (withPlannedCommands): never expand again.
 */
export function itemCommand(item: Item, config: Config): string | undefined {
  return item.run ?? config.run.command ?? undefined;
}

/**
 * Claim (or resume), run, then complete / block / release one item. The claim is a
 * compare-and-swap: losing it means someone else took the item, and we leave it alone.
 */
export async function runItem(ctx: ItemRunContext, item: Item, wave: number): Promise<ItemResult> {
  const { log, tracker } = ctx;
  let current = item;
  if (item.status === 'pending') {
    const claimed = await tracker.claim(item);
    if (!claimed) {
      const reason = `not run: ${item.file} was moved by someone else before the claim`;
      log.emit({ type: 'item_lost', item: item.id, wave, reason });
      return { outcome: 'lost', reason, item };
    }
    current = claimed;
  } else if (item.status === 'in_progress') {
    log.emit({ type: 'item_resumed', item: item.id, wave, file: item.file, reason: 'in_progress when the run started (left by an interrupted or killed run)' });
  }
  const command = itemCommand(current, ctx.config)!;
  for (let attempt = 1; ; attempt++) {
    let tree: ItemWorktree | undefined;
    if (attempt > 1) await ctx.commandSlot?.again(current.id);
    try {
      if (ctx.config.run.isolation === 'worktree') tree = await startWorktree(ctx, current.id);
    } catch (error) {
      const reason = (error as Error).message;
      current = await tracker.block(current, formatNote({ time: ctx.now(), message: `blocked by waveplan apply run ${log.run}: ${reason}` }));
      log.emit({ type: 'item_failed', item: current.id, wave, file: current.file, exit_code: null, reason });
      return { outcome: 'failed', reason, exitCode: null, item: current };
    }
    const logPath = log.itemLog(current.id);
    const run = runCommand({
      command,
      cwd: tree?.path ?? ctx.root,
      env: {
        ...ctx.env,
        WAVEPLAN_ITEM_ID: current.id,
        // An issue (tracking.provider: github) has no file: its id `#N` stands in.
        WAVEPLAN_ITEM_FILE: current.file.startsWith('#') ? current.file : join(ctx.root, current.file),
        WAVEPLAN_WAVE: String(wave),
        WAVEPLAN_RUN_ID: log.run,
      },
      output: log.openItemLog(current.id),
    });
    ctx.running.add(run);
    log.emit({ type: 'item_started', item: current.id, wave, file: current.file, log: logPath, pid: run.pid, branch: tree?.branch });
    const result = await run.done;
    ctx.running.delete(run);
    const landing = result.exitCode === 0 && tree !== undefined && ctx.landing !== undefined;
    // An item about to land frees its slot once its worktree is free (landWork says when).
    const freed = () => ctx.commandSlot?.ended(current.id);
    if (!landing) freed();
    const base = { exitCode: result.exitCode, durationMs: result.durationMs, branch: tree?.branch };
    if (result.exitCode === 0 && (!tree || !ctx.landing)) {
      try {
        current = await tracker.complete(current);
      } catch (error) {
        return statusNotSet(ctx, current, wave, command, result, logPath, base, error);
      }
      log.emit({
        type: 'item_completed',
        item: current.id,
        wave,
        file: current.file,
        exit_code: 0,
        duration_ms: result.durationMs,
        log: logPath,
        branch: tree?.branch,
      });
      return { outcome: 'completed', ...base, item: current };
    }
    if (result.exitCode === 0) {
      let home: Awaited<ReturnType<typeof landWork>>;
      try {
        home = await landWork(ctx, current, wave, tree!, { attempt, durationMs: result.durationMs, logPath }, freed);
      } catch (error) {
        return statusNotSet(ctx, current, wave, command, result, logPath, base, error);
      }
      if (home === 'again') continue;
      return { ...base, ...home };
    }
    return failed(ctx, current, wave, command, result, logPath, base);
  }
}

/**
 * The command exited 0 but what follows failed (its file was moved by the command or by someone
 * else, a read-only queue): the run record keeps the command's exit code, time and log, and the
 * reason, so `status` does not report a command that never ended (docs/reliability.md).
 */
function statusNotSet(
  ctx: ItemRunContext,
  item: Item,
  wave: number,
  command: string,
  result: CommandResult,
  logPath: string,
  base: Pick<ItemResult, 'exitCode' | 'durationMs' | 'branch'>,
  error: unknown,
): ItemResult {
  const reason = `\`${command}\` exited 0 after ${(result.durationMs / 1000).toFixed(1)}s, but then: ${(error as Error)?.message ?? String(error)}`;
  ctx.log.emit({ type: 'item_failed', item: item.id, wave, file: item.file, exit_code: result.exitCode, duration_ms: result.durationMs, reason, log: logPath });
  return { outcome: 'failed', reason, ...base, item };
}

async function failed(
  ctx: ItemRunContext,
  item: Item,
  wave: number,
  command: string,
  result: CommandResult,
  logPath: string,
  base: Pick<ItemResult, 'exitCode' | 'durationMs' | 'branch'>,
): Promise<ItemResult> {
  const { log, tracker } = ctx;
  let current = item;
  const signal = ctx.interrupted();
  const ended = (type: 'item_released' | 'item_failed', at: Item, reason: string) =>
    log.emit({
      type,
      item: at.id,
      wave,
      file: at.file,
      exit_code: result.exitCode,
      signal: result.signal,
      duration_ms: result.durationMs,
      reason,
      log: logPath,
    });
  const how = result.error ? `could not start (${result.error})` : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  const seconds = `${(result.durationMs / 1000).toFixed(1)}s`;
  if (signal) {
    const reason = `interrupted by ${signal}: released to pending`;
    const note = formatNote({
      time: ctx.now(),
      message: `waveplan apply run ${log.run} was interrupted by ${signal} after ${seconds}; the item went back to pending (log: ${logPath}).`,
    });
    current = await tracker.release(current, note);
    ended('item_released', current, reason);
    return { outcome: 'interrupted', reason, ...base, item: current };
  }
  const reason = `\`${command}\` ${how} after ${seconds}`;
  const output = tailLines(result.tail, 20);
  const note = formatNote({
    time: ctx.now(),
    message: `blocked by waveplan apply run ${log.run}: ${reason} (log: ${logPath}).${output.length > 0 ? (output.length === 1 ? ' The last line of output:' : ` Last ${output.length} lines of output:`) : ' No output.'}`,
    output,
  });
  current = await tracker.block(current, note);
  ended('item_failed', current, reason);
  return { outcome: 'failed', reason, ...base, item: current };
}
