import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '../../config/read-config.js';
import { WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { gitPort } from '../../io/git.js';
import { workTreeReader } from '../../io/node-fs.js';
import { compareIds } from '../../order.js';
import { applyPlan, missingCommands, noCommandMessage, type RendererName, type Schedule } from '../../run/apply-plan.js';
import { newRunId, openEventLog } from '../../run/event-log.js';
import { dryRun, formatApplyResult, formatDryRun } from '../../run/format-run.js';
import { findKilledRun, SETTLED_FILE, stopOrphans } from '../../run/killed-run.js';
import { RUNS_DIR } from '../../run/event-log.js';
import { acquireLock, type HeldLock } from '../../run/lock.js';
import { withPlannedCommands } from '../../run/planned-commands.js';
import { sweepTempFiles } from '../../run/sweep-temp.js';
import { readReviewedPlan, rewritePlan, type PlanInputs } from '../../run/reviewed-plan.js';
import { currentBranch, tidyKilledRun } from '../../land/index.js';
import { recoverLandingAtStart } from '../../run/recover-landed.js';
import { accountForKilledRun, killedRunLedger, startTrustedQueue } from '../../run/trusted-queue.js';
import { recoverMoves } from '../../tracking/file/file-queue.js';
import { trackerBackend } from '../../tracking/backend.js';
import type { CommandAction, CommandContext } from '../context.js';

interface ApplyOptions {
  dryRun?: boolean;
  yes?: boolean;
  schedule?: Schedule;
  json?: boolean;
  detach?: boolean;
  maxParallel?: number;
  /** Set by `--detach` for its child: the run id the parent already printed. */
  runId?: string;
}

const RENDERERS: readonly RendererName[] = ['default', 'simple', 'verbose', 'silent'];

const apply: CommandAction<ApplyOptions> = async (ctx, _args, options) => {
  const schedule = options.schedule ?? 'waves';
  const inputs: PlanInputs = { root: ctx.root, tree: workTreeReader(ctx.root), git: gitPort(ctx.root) };
  const { maxParallel } = options;
  if (options.detach && !options.dryRun) {
    return (await import('./apply-detach.js')).applyDetached(ctx, inputs, { ...options, schedule, maxParallel });
  }
  if (options.dryRun) {
    const reviewed = await readReviewedPlan(inputs, findKilledRun(ctx.root));
    const planned = withPlannedCommands(reviewed.built.plan, reviewed.built.loaded.items, reviewed.built.loaded.config);
    const preview = dryRun(
      reviewed.built.plan,
      planned.items,
      planned.config,
      schedule,
      await currentBranch({ cwd: ctx.root, env: { ...process.env, ...ctx.io.env } }),
    );
    ctx.io.stdout(options.json ? `${JSON.stringify(preview, null, 2)}\n` : formatDryRun(preview));
    // The preview says what apply would do, exit code included: apply refuses items without a command.
    const missing = missingCommands(reviewed.built.plan, planned.items, planned.config);
    if (missing.length > 0) {
      ctx.io.stderr(`waveplan: ${noCommandMessage(missing)}\n`);
      return ExitCode.error;
    }
    return ExitCode.ok;
  }
  const run = parseRunId(options.runId) ?? newRunId();
  const lock = await acquireLock(ctx.root, run);
  try {
    return await applyLocked(ctx, inputs, lock, schedule, options);
  } finally {
    await lock.release();
  }
};

async function applyLocked(ctx: CommandContext, inputs: PlanInputs, lock: HeldLock, schedule: Schedule, options: ApplyOptions): Promise<number> {
  const say = (text: string) => ctx.io.stderr(`${text}\n`);
  if (lock.takenOver)
    say(
      `took over ${'.agent/apply.lock'} from run ${lock.takenOver.run} (pid ${lock.takenOver.pid}, started ${lock.takenOver.started}), whose process is gone`,
    );
  const { config, text: configText } = await readConfig(inputs.tree);
  sweepTempFiles(ctx.root, config.plan.file);
  // A killed run's commands are stopped before anything is read or moved: they could still
  // change the queue (docs/reliability.md).
  const killed = findKilledRun(ctx.root, true);
  if (killed) {
    const stopped = await stopOrphans(killed);
    if (stopped.length > 0) say(`stopped commands still running from run ${killed.run}: ${stopped.join(', ')}`);
  }
  for (const r of await recoverMoves(ctx.root, config.queue.dir)) {
    say(`recovered an interrupted status change of ${r.id}: ${r.from} → ${r.to} ${r.action === 'forward' ? 'finished' : 'undone'}`);
  }
  const fileBased = config.tracking.provider !== 'github';
  const backend = await trackerBackend(config.tracking.provider);
  const where = { root: ctx.root, env: ctx.io.env };
  const killedLedger = killed ? killedRunLedger(ctx.root, killed) : undefined;
  const recovered = await recoverLandingAtStart(ctx.root, { ...process.env, ...ctx.io.env }, killedLedger?.watch);
  for (const message of recovered.messages) say(message);
  // Crash tests: die between finishing a killed run's landing and opening this run's log.
  if (recovered.messages.length > 0) crashAt(ctx.io.env.WAVEPLAN_CRASH_AT)?.('recovered');
  if (killed) {
    const now = await backend.itemStates({ config }, { ...where, ids: [...(killedLedger?.ledger.keys() ?? [])] });
    killed.unaccounted = accountForKilledRun(now, configText, killed, killedLedger?.ledger);
  }
  const reviewed = await readReviewedPlan(inputs, killed);
  const { plan } = reviewed.built;
  const loaded = { ...reviewed.built.loaded, ...withPlannedCommands(plan, reviewed.built.loaded.items, reviewed.built.loaded.config) };
  if (reviewed.resumes) {
    say(`resuming run ${reviewed.resumes.run}, killed while applying this plan; since then:\n${reviewed.moved.map((m) => `  - ${m}`).join('\n')}`);
  }
  const missing = missingCommands(plan, loaded.items, loaded.config);
  if (missing.length > 0) throw new WaveplanError(noCommandMessage(missing));
  const toRun = plan.waves.flatMap((w) => w.items).sort(compareIds);
  const orphans = loaded.items.filter((i) => i.status === 'in_progress' && toRun.includes(i.id)).map((i) => i.id);
  if (orphans.length > 0) say(`resuming ${orphans.join(', ')}: in_progress when this run started${killed ? ` (left by run ${killed.run})` : ''}`);
  if (toRun.length === 0) {
    const run = loaded.config.run;
    if (run.isolation === 'worktree' && run.land !== 'keep') {
      // A run killed after its last landing may have left worktrees (pooled, or a landed item's): as a run's end would.
      const repo = { cwd: ctx.root, env: { ...process.env, ...ctx.io.env } };
      const target = await currentBranch(repo);
      const completed = loaded.items.filter((i) => i.status === 'completed').map((i) => i.id);
      if (target) await tidyKilledRun(repo, completed, target);
    }
    // The killed run did all the work and died before rewriting the plan: settle it now.
    if (reviewed.resumes) {
      const rewritten = await rewritePlan(inputs, reviewed.settings);
      if (rewritten.file) ctx.io.stdout(`updated ${rewritten.file} to the new statuses; commit it with the item files\n`);
      if (rewritten.warning) say(rewritten.warning);
      markSettled(join(ctx.root, RUNS_DIR, reviewed.resumes.run));
    }
    ctx.io.stdout(
      `nothing to run: every item is completed${plan.held.length > 0 ? ` or held (${plan.held.map((h) => `${h.item}: ${h.reason}`).join('; ')})` : ''}\n`,
    );
    return plan.held.length > 0 ? ExitCode.failed : ExitCode.ok;
  }
  const level = loaded.config.autonomy.level;
  const asks = level !== 'L3' && !options.yes;
  if (asks && !ctx.io.ask) {
    throw new WaveplanError(
      `autonomy level ${level} asks before running ${level === 'L1' ? 'each item' : 'the plan'}, and there is no terminal to ask on: pass --yes to run without asking (or set autonomy.level: L3)`,
    );
  }
  if (asks && level === 'L2') {
    ctx.io.stderr(
      formatDryRun(dryRun(plan, loaded.items, loaded.config, schedule, await currentBranch({ cwd: ctx.root, env: { ...process.env, ...ctx.io.env } }))).replace(
        /--dry-run: nothing was changed\n$/,
        '',
      ),
    );
    if (!(await ctx.io.ask!(`Run ${toRun.length} item${toRun.length === 1 ? '' : 's'}?`))) {
      say('apply cancelled; nothing was changed');
      return ExitCode.error;
    }
  }
  const log = openEventLog(ctx.root, lock.info.run);
  for (const t of lock.takenOver ? [lock.takenOver] : [])
    log.emit({ type: 'lock_taken_over', pid: t.pid, host: t.host, reason: `run ${t.run} started ${t.started} is gone` });
  for (const event of recovered.events) log.emit(event);
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupt.signal.aborted) return say(`${signal} again: still stopping (commands get SIGKILL after the grace period)`);
    say(`${signal}: starting nothing new, stopping running commands, returning them to pending…`);
    interrupt.abort(signal);
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  // The reviewed plan's fingerprint: a resumed run keeps the one its killed run applied.
  const reviewedFingerprint = reviewed.resumes?.fingerprint ?? plan.fingerprint;
  // The items' states come from where they were read: the issues, or the queue folder (also after a fallback to files).
  // The issues' are the states the plan check just read (checked against the plan, and no second listing).
  const source = fileBased || loaded.githubRepo ? backend : await trackerBackend('file-based');
  const trusted = startTrustedQueue({
    root: ctx.root,
    states: loaded.itemStates ?? (await source.itemStates(loaded, where)),
    readStates: (ids) => source.itemStates(loaded, { ...where, ids }),
    configText,
    reviewedFingerprint,
    log,
  });
  const tracker = await source.openTracker(loaded, { ...where, watch: trusted.watch });
  let result;
  try {
    result = await applyPlan({
      root: ctx.root,
      plan,
      items: loaded.items,
      config: loaded.config,
      tracker,
      log,
      schedule,
      renderer: pickRenderer(ctx, level === 'L1' && asks),
      confirmItem: level === 'L1' && asks ? (item) => ctx.io.ask!(`Run ${item.id} ${item.title}?`) : undefined,
      interrupt: interrupt.signal,
      killGraceMs: Number(ctx.io.env.WAVEPLAN_KILL_GRACE_MS ?? 5000),
      env: { ...process.env, ...ctx.io.env },
      maxParallel: options.maxParallel,
      onLandingStep: crashAt(ctx.io.env.WAVEPLAN_CRASH_AT),
      beforeStart: (item) => trusted.refuse(item),
    });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  ctx.io.stdout(formatApplyResult(result, log.dir));
  // The plan is rewritten only when every change to the queue is one this run made: never to
  // approve an edit made by an item's command, or by anyone during the run.
  const unaccounted = await trusted.unaccounted((await readConfig(inputs.tree)).text);
  if (unaccounted.length > 0) {
    say(
      `${loaded.config.plan.file} was not updated: these changes were not made by this run and need a review:\n${unaccounted.map((m) => `  - ${m}`).join('\n')}\nrun \`waveplan plan\`, review the change, then \`waveplan apply\``,
    );
    markSettled(join(ctx.root, log.dir));
    return result.exitCode;
  }
  const rewritten = await rewritePlan(inputs, reviewed.settings);
  if (rewritten.file) ctx.io.stdout(`updated ${rewritten.file} to the new statuses; commit it with the item files\n`);
  if (rewritten.warning) say(rewritten.warning);
  markSettled(join(ctx.root, log.dir));
  return result.exitCode;
}

/** The run's last word on the plan file is said: a later apply need not resume it (killed-run.ts). */
function markSettled(runDir: string): void {
  try {
    writeFileSync(join(runDir, SETTLED_FILE), '');
  } catch {
    // A run folder that cannot take the marker is resumed (conservatively) by the next apply.
  }
}

/**
 * `WAVEPLAN_CRASH_AT=<step>` (`merged`, `journaled`, `ref_moved`, `synced`, `recorded`) kills
 * apply with SIGKILL at that step of its first landing: how the crash-safety tests and
 * docs/apply.md's recovery claims are checked against the real process.
 */
function crashAt(step: string | undefined): ((at: string) => void) | undefined {
  if (!step) return undefined;
  return (at) => {
    if (at === step) process.kill(process.pid, 'SIGKILL');
  };
}

function parseRunId(value: string | undefined): string | undefined {
  if (value === undefined || /^\d{8}T\d{6}-[0-9a-f]{4}$/.test(value)) return value;
  throw new WaveplanError(`--run-id must look like 20261127T223000-ab12, got "${value}"`);
}

/** TTY: the live task list; CI and pipes: plain lines; WAVEPLAN_RENDERER overrides (silent in tests). */
function pickRenderer(ctx: CommandContext, prompting: boolean): RendererName {
  const wanted = ctx.io.env.WAVEPLAN_RENDERER;
  if (wanted && (RENDERERS as readonly string[]).includes(wanted)) return wanted as RendererName;
  if (wanted) throw new WaveplanError(`WAVEPLAN_RENDERER must be one of ${RENDERERS.join(', ')}, got "${wanted}"`);
  // The live list redraws the screen, which would eat the L1 question; plain lines do not.
  return ctx.io.isTTY && !prompting ? 'default' : 'simple';
}

export default apply;
