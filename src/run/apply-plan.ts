import { hostname } from 'node:os';
import { Listr, type ListrTask, type ListrTaskWrapper } from 'listr2';
import { WaveplanError } from '../errors.js';
import { knownIds } from '../suggest.js';
import { ExitCode } from '../exit-code.js';
import { compareIds } from '../order.js';
import type { Tracker } from '../tracking/tracker.js';
import type { Config, Item, Plan } from '../types.js';
import { DynamicGate } from './dynamic-gate.js';
import type { EventLog, RunLanding } from './event-log.js';
import type { CommandRun } from './run-command.js';
import { resourceGate, resourceLimits, sampleResources, type ResourceGate } from './resource-gate.js';
import { runGraph, readiness, type Outcome } from './run-graph.js';
import { itemCommand, runItem, type ItemResult, type ItemRunContext } from './run-item.js';
import { drainWorktreePool, dropLandedLeftovers } from '../land/index.js';
import { landingSetup, predictedWrites, unauditedFiles } from './landing-setup.js';
import { RUN_SPAN, WaveAudit, type WaveFinding } from './wave-audit.js';
import { rememberRuns } from '../analyze/infer/read-run-memory.js';
import { waveplanOwnFiles } from '../analyze/own-files.js';
import type { LandingSetup } from './land-item.js';
import { fieldsPlace } from '../text.js';

export type Schedule = 'waves' | 'dynamic';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the renderer is chosen at run time
type Wrapper = ListrTaskWrapper<any, any, any>;
export type RendererName = 'default' | 'simple' | 'verbose' | 'silent';

export interface ApplyPlanOptions {
  root: string;
  /** The reviewed (fresh) plan. */
  plan: Plan;
  /** The queue as read now; the plan's items are looked up here by id. */
  items: Item[];
  config: Config;
  tracker: Tracker;
  log: EventLog;
  /** `waves` (default): the reviewed waves in order; `dynamic`: no barriers. */
  schedule?: Schedule;
  /** L1: asked before each item; undefined = do not ask. */
  confirmItem?: (item: Item) => Promise<boolean>;
  renderer?: RendererName;
  /** Aborted with the signal name (`SIGINT`) to interrupt the run. */
  interrupt?: AbortSignal;
  /** How long interrupted commands get between SIGTERM and SIGKILL; default 5000. */
  killGraceMs?: number;
  env?: Record<string, string | undefined>;
  now?: () => Date;
  /** `apply --max-parallel N`: this run's cap instead of the plan's (the plan stays as reviewed). */
  maxParallel?: number;
  /** Holds starts while the machine is saturated; default from run.max_load / run.min_free_memory. */
  resources?: ResourceGate;
  /** Told of each step of each landing (crash tests stop the process at one). */
  onLandingStep?: LandingSetup['onStep'];
  /** Why an item must not start (its file changed since the review: trusted-queue.ts), or undefined. */
  beforeStart?: (item: Item) => string | undefined;
}

/** How one item of the plan fared in this run. */
export interface ItemReport {
  id: string;
  title: string;
  wave?: number;
  outcome: Outcome;
  reason?: string;
  exit_code?: number | null;
  duration_ms?: number;
  log?: string;
  branch?: string;
  /** The merge commit that landed the item on the target branch. */
  landed?: string;
  /** Files the item really changed (isolation: worktree), sorted: the real write set. */
  writes?: string[];
  /** The footprint audit: changed files outside the predicted write set. */
  exceeded?: string[];
  /** Its write set was inferred from its words (the plan's `inferred`): `exceeded` is what the inference missed. */
  inferred?: boolean;
  /** Item file after the run. */
  file: string;
}

export interface ApplyResult {
  exitCode: number;
  items: ItemReport[];
  /** The signal that interrupted the run. */
  interrupted?: string;
  /** Without isolation: waves that changed files outside the union of their items' write sets. */
  audit?: WaveFinding[];
}

/** Items of the plan that have nothing to run: an error before anything starts. */
export function missingCommands(plan: Plan, items: Item[], config: Config): string[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  return plan.waves
    .flatMap((w) => w.items)
    .filter((id) => !byId.get(id) || !itemCommand(byId.get(id)!, config))
    .sort(compareIds);
}

/** Why apply refuses to start (and its dry run exits 1): the items `missingCommands` found. */
export function noCommandMessage(missing: readonly string[]): string {
  return `no command to run for ${knownIds(missing)}: add \`run: <command>\` to ${fieldsPlace(missing[0], "the item's frontmatter")}, or set run.command in parallel.config.yaml`;
}

/**
 * Run the plan: waves in sequence, each a listr2 list running up to `max_parallel` items
 * at once (or, `dynamic`, one list gated by the same constraints without barriers).
 * L1/L2 (and L3 without continue_on_error) start nothing new after the first failure but
 * let running items finish; L3 with continue_on_error runs everything still runnable.
 * A failed item holds its dependents. listr2's own exitOnError is off on purpose: it
 * rejects the list at the first error while concurrent siblings keep running unobserved,
 * and we must wait for them to record how they ended.
 */
export async function applyPlan(options: ApplyPlanOptions): Promise<ApplyResult> {
  const { plan, config, log } = options;
  const missing = missingCommands(plan, options.items, config);
  if (missing.length > 0) {
    throw new WaveplanError(
      `no command to run for item${missing.length === 1 ? '' : 's'} ${knownIds(missing)}: add \`run: <command>\` to ${fieldsPlace(missing[0], "the item's frontmatter")}, or set run.command in parallel.config.yaml`,
    );
  }
  const graph = runGraph(plan);
  const byId = new Map(options.items.map((i) => [i.id, i]));
  const outcomes = new Map<string, Outcome>();
  const results = new Map<string, Partial<ItemResult>>();
  const maxParallel = options.maxParallel ?? plan.settings.max_parallel;
  const keepGoing = config.autonomy.level === 'L3' && config.autonomy.continue_on_error;
  const running = new Set<CommandRun>();
  let stopReason: string | undefined;
  let interrupted: string | undefined;
  const titles = new Map<string, (suffix: string) => void>();
  const gate = options.schedule === 'dynamic' ? new DynamicGate(graph, maxParallel, outcomes, (id, why) => titles.get(id)?.(why)) : undefined;
  const stop = (reason: string) => {
    stopReason ??= reason;
    gate?.stop(reason);
  };
  const ctx: ItemRunContext = {
    root: options.root,
    config,
    tracker: options.tracker,
    log,
    running,
    env: options.env ?? process.env,
    interrupted: () => interrupted,
    now: options.now ?? (() => new Date()),
    commandSlot: gate && { ended: (id) => gate.commandEnded(id), again: (id) => gate.commandAgain(id) },
    landing: await landingSetup(options.root, config, plan, options.items, graph.order, options.onLandingStep, options.env ?? process.env),
  };
  if (ctx.landing && !ctx.landing.keep) {
    // A run killed right after a landing can leave that item's worktree and branch: gone before anything starts.
    const completed = options.items.filter((i) => i.status === 'completed').map((i) => i.id);
    await dropLandedLeftovers({ cwd: options.root, env: ctx.env }, completed, ctx.landing.target);
  }
  const resources = options.resources ?? resourceGate(resourceLimits(config.run), { sample: () => sampleResources(ctx.env) });
  const onAbort = () => {
    interrupted = String(options.interrupt?.reason ?? 'SIGINT');
    log.emit({ type: 'run_interrupted', signal: interrupted, reason: `${running.size} command(s) running get SIGTERM, then SIGKILL` });
    stop(`interrupted by ${interrupted}`);
    for (const run of running) run.kill('SIGTERM');
    setTimeout(() => running.forEach((run) => run.kill('SIGKILL')), options.killGraceMs ?? 5000).unref();
  };
  options.interrupt?.addEventListener('abort', onAbort, { once: true });
  let asking = Promise.resolve(true);
  /** Until no question is waiting: the last one asked, and any asked meanwhile. */
  const questionsAnswered = async () => {
    for (let last = asking; ; last = asking) {
      await last;
      if (last === asking) return;
    }
  };

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const itemTask = (id: string, wave: number): ListrTask<any, any, any> => {
    const item = byId.get(id)!;
    const label = `${id} ${item.title}`;
    return {
      title: label,
      task: async (_ctx, task: Wrapper) => {
        titles.set(id, (suffix) => void (task.title = `${label} — ${suffix}`));
        const skip = (outcome: Outcome, reason: string) => {
          outcomes.set(id, outcome);
          results.set(id, { outcome, reason });
          log.emit({ type: outcome === 'held' ? 'item_held' : 'item_not_started', item: id, wave, reason });
          task.skip(`${label} — ${reason}`);
        };
        if (gate) {
          const answer = await gate.wait(id);
          if (!answer.go) return skip(answer.outcome, answer.reason);
        } else {
          if (stopReason) return skip('not_started', `not started: ${stopReason}`);
          const ready = readiness(graph, id, outcomes);
          if (ready.kind !== 'ready') return skip('held', ready.kind === 'held' ? ready.reason : `held: waiting for ${ready.on.join(', ')}`);
        }
        if (options.confirmItem && item.status === 'pending') {
          const confirm = options.confirmItem;
          const answer = (asking = asking.then(() => (stopReason ? false : confirm(item))));
          const yes = await answer;
          // The questions of the items that became ready together (a wave) all come first, then
          // their work: no question shows up between a running item's lines (docs/apply.md).
          await questionsAnswered();
          if (!yes) {
            gate?.finish(id);
            return skip('not_started', stopReason ? `not started: ${stopReason}` : 'not started: declined');
          }
        }
        const go = await resources?.acquire({
          stopped: () => stopReason !== undefined,
          onHold: ({ reason, sample }) => {
            log.emit({ type: 'waiting_for_resources', item: id, wave, reason, load: sample.load1, free_memory: sample.freeBytes });
            task.title = `${label} — waiting for resources: ${reason}`;
          },
        });
        if (go === false) {
          gate?.finish(id);
          return skip('not_started', `not started: ${stopReason}`);
        }
        task.title = `${label} — running`;
        const refused = options.beforeStart?.(item);
        const settled = ctx.landing && track(ctx.landing.running, id);
        const done = () => {
          settled?.();
          resources?.release();
        };
        // A refusal or a status change that cannot be made (a read-only queue) ends the item as a
        // failure does, and stops the run the same way (docs/reliability.md).
        const result =
          refused !== undefined
            ? await Promise.resolve(failedBeforeStart(log, item, wave, refused)).finally(done)
            : await runItem(ctx, item, wave)
                .catch((error: unknown) => failedBeforeStart(log, item, wave, (error as Error).message ?? String(error)))
                .finally(done);
        outcomes.set(id, result.outcome);
        results.set(id, result);
        gate?.finish(id);
        task.title = label;
        if (result.outcome === 'completed') return;
        if (result.outcome === 'lost') return task.skip(`${label} — ${result.reason}`);
        if (result.outcome === 'failed' && !keepGoing)
          stop(`${id} failed (${config.autonomy.level}${config.autonomy.level === 'L3' ? ' without continue_on_error' : ''} stops at the first failure)`);
        throw new Error(`${label} — ${result.reason}`);
      },
    };
  };

  const started = ctx.now().toISOString();
  // Where this run puts the work (docs/apply.md): `status` shows it while it runs, `report` after.
  const landing: RunLanding = ctx.landing
    ? {
        isolation: 'worktree',
        land: ctx.landing.keep ? 'keep' : 'merge',
        ...(ctx.landing.keep ? {} : { target: ctx.landing.target }),
        gate: config.run.gate,
        retry_on_conflict: config.run.retry_on_conflict,
      }
    : { isolation: 'none' };
  log.emit({
    type: 'run_started',
    landing,
    pid: process.pid,
    host: hostname(),
    plan_fingerprint: plan.fingerprint,
    level: config.autonomy.level,
    schedule: options.schedule ?? 'waves',
    max_parallel: maxParallel,
    items: graph.order,
  });
  for (const held of plan.held) {
    outcomes.set(held.item, 'held');
    results.set(held.item, { outcome: 'held', reason: `held: ${held.reason.replace(/^held:\s*/, '')}` });
    log.emit({ type: 'item_held', item: held.item, reason: held.reason });
  }
  // Without isolation the work tree is audited per wave, or under --schedule dynamic (no waves) over the whole run.
  const audit =
    config.run.isolation !== 'worktree'
      ? new WaveAudit(options.root, log, predictedWrites(plan, options.items), waveplanOwnFiles(config), ctx.env, await unauditedFiles(options.root, config))
      : undefined;
  // A wave's line in the task list says what did not complete (`Wave 1: 001, 002 — 1 failed`):
  // listr2 shows the wave ✔ once its items ended, whatever they ended as.
  const waveTasks = new Map<number, { task: Wrapper; items: string[] }>();
  const retitleWave = (wave: number) => {
    const w = waveTasks.get(wave);
    if (!w) return;
    const counts = new Map<string, number>();
    for (const id of w.items) {
      const outcome = outcomes.get(id);
      if (outcome && outcome !== 'completed') counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    }
    const summary = [...counts].map(([outcome, n]) => `${n} ${outcome.replace('_', ' ')}`).join(', ');
    w.task.title = `Wave ${wave}: ${w.items.join(', ')}${summary ? ` — ${summary}` : ''}`;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const audited = (id: string, wave: number, span = wave): ListrTask<any, any, any> => {
    const inner = itemTask(id, wave);
    return {
      ...inner,
      task: async (c, t) => {
        try {
          return await inner.task(c, t);
        } finally {
          retitleWave(wave);
          await audit?.itemDone(span);
        }
      },
    };
  };
  const listOptions = { exitOnError: false, collectErrors: 'minimal', registerSignalListeners: false } as const;
  const list = gate
    ? new Listr(
        graph.order.map((id) => audited(id, graph.waveOf.get(id)!, RUN_SPAN)),
        { ...listOptions, concurrent: true, ...rendererOptions(options.renderer) },
      )
    : new Listr(
        [...plan.waves]
          .sort((a, b) => a.index - b.index)
          .map((wave) => ({
            title: `Wave ${wave.index}: ${[...wave.items].sort(compareIds).join(', ')}`,
            task: async (_ctx: unknown, task: Wrapper) => {
              waveTasks.set(wave.index, { task, items: [...wave.items].sort(compareIds) });
              log.emit({ type: 'wave_started', wave: wave.index, items: [...wave.items].sort(compareIds) });
              await audit?.start(wave.index, wave.items);
              return task.newListr(
                [...wave.items].sort(compareIds).map((id) => audited(id, wave.index)),
                { ...listOptions, concurrent: maxParallel },
              );
            },
          })),
        { ...listOptions, concurrent: false, ...rendererOptions(options.renderer) },
      );
  try {
    // A dynamic run has no waves: its work tree is recorded before the first item starts.
    if (gate) await audit?.start(RUN_SPAN, graph.order);
    await list.run();
  } finally {
    options.interrupt?.removeEventListener('abort', onAbort);
  }
  if (ctx.landing) await drainWorktreePool({ cwd: options.root, env: ctx.env });
  const result = finish(plan, graph.order, byId, results, log, interrupted);
  if (audit && audit.findings.length > 0) result.audit = [...audit.findings].sort((a, b) => (a.wave ?? 0) - (b.wave ?? 0));
  // What an item alone in its wave changed is its real write set, as landing records it with isolation.
  for (const r of result.items) if (r.outcome === 'completed' && !r.writes && audit?.writes.has(r.id)) r.writes = audit.writes.get(r.id);
  const counts: Record<string, number> = {};
  for (const r of result.items) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  log.emit({ type: 'run_finished', exit_code: result.exitCode, ...(interrupted ? { signal: interrupted } : {}) });
  log.writeSummary({
    v: 1,
    run: log.run,
    started,
    finished: ctx.now().toISOString(),
    exit_code: result.exitCode,
    interrupted: interrupted ?? null,
    schedule: options.schedule ?? 'waves',
    level: config.autonomy.level,
    max_parallel: maxParallel,
    plan_fingerprint: plan.fingerprint,
    counts,
    items: result.items,
    ...(result.audit ? { audit: result.audit } : {}),
    // Where this run put the work (docs/apply.md): `report` shows it with the items' outcomes.
    landing,
  });
  // What the run taught inference goes to .agent/learned.json, committed with the plan the run rewrites next.
  // Not a reason to fail a finished run: a memory that cannot be written is written by the next apply.
  try {
    rememberRuns(options.root, options.items);
  } catch {
    // a read-only .agent/: the run's summary holds what it taught
  }
  return result;
}

function failedBeforeStart(log: EventLog, item: Item, wave: number, reason: string): ItemResult {
  log.emit({ type: 'item_failed', item: item.id, wave, file: item.file, exit_code: null, reason });
  return { outcome: 'failed', reason, exitCode: null, item };
}

/** Mark an item as running for the footprint audit's waits; returns the call that settles it. */
function track(running: Map<string, Promise<void>>, id: string): () => void {
  let settle = () => {};
  running.set(id, new Promise<void>((resolve) => (settle = resolve)));
  return () => {
    running.delete(id);
    settle();
  };
}

function rendererOptions(renderer: RendererName = 'silent') {
  return {
    renderer,
    fallbackRenderer: renderer === 'silent' ? 'silent' : 'simple',
    rendererOptions: { collapseSubtasks: false, collapseErrors: false, showErrorMessage: true },
  } as const;
}

function finish(
  plan: Plan,
  order: string[],
  byId: Map<string, Item>,
  results: Map<string, Partial<ItemResult>>,
  log: EventLog,
  interrupted?: string,
): ApplyResult {
  const reports: ItemReport[] = [];
  const waveOf = new Map(plan.waves.flatMap((w) => w.items.map((id) => [id, w.index] as const)));
  const inferred = new Set(plan.items.filter((i) => i.inferred && i.inferred.length > 0).map((i) => i.id));
  for (const id of [...order, ...plan.held.map((h) => h.item).sort(compareIds)]) {
    const r = results.get(id) ?? { outcome: 'not_started' as const, reason: 'not started' };
    const item = r.item ?? byId.get(id);
    reports.push({
      id,
      title: item?.title ?? id,
      wave: waveOf.get(id),
      outcome: r.outcome ?? 'not_started',
      reason: r.reason,
      exit_code: r.exitCode,
      duration_ms: r.durationMs,
      log: r.durationMs !== undefined ? log.itemLog(id) : undefined,
      branch: r.branch,
      ...(r.landed ? { landed: r.landed } : {}),
      ...(r.writes ? { writes: r.writes } : {}),
      ...(r.exceeded ? { exceeded: r.exceeded } : {}),
      ...(inferred.has(id) ? { inferred: true } : {}),
      file: item?.file ?? '',
    });
  }
  const allDone = reports.every((r) => r.outcome === 'completed');
  const exitCode = interrupted ? (interrupted === 'SIGTERM' ? 143 : 130) : allDone ? ExitCode.ok : ExitCode.failed;
  return { exitCode, items: reports, interrupted };
}
