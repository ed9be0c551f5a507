import {
  branchTip,
  collectWork,
  finishLanding,
  freshWorktree,
  landBranch,
  parkWorktree,
  landedWriters,
  pinBranch,
  releaseMoves,
  removeItemWorktree,
  footprintExcess,
  type GitContext,
  type ItemWorktree,
  type LandingStep,
  type PredictedWrites,
} from '../land/index.js';
import { formatNote, tailLines } from '../queue/item-text.js';
import { git } from '../land/git.js';
import type { Item } from '../types.js';
import type { LandingQueue } from './landing-queue.js';
import { runCommand } from './run-command.js';
import type { ItemResult, ItemRunContext } from './run-item.js';

/** How an apply run lands items (run.isolation: worktree); undefined when it does not. */
export interface LandingSetup {
  /** The branch checked out in the main work tree. */
  target: string;
  /** `run.land: keep`: branches only. */
  keep: boolean;
  queue: LandingQueue;
  /** Plan position of each id: who lands first when several wait. */
  rank: Map<string, number>;
  /** Told of each landing step (crash tests stop the process at one). */
  onStep?: (step: LandingStep | 'recorded', id: string) => void;
  /** The plan's write set of each item with a known footprint (audited after its command). */
  predicted: Map<string, PredictedWrites>;
  /** Each item's declared `reads:` (the footprint audit waits for a running item that reads what another changed). */
  reads: Map<string, readonly string[]>;
  /** waveplan's own files: nobody's footprint. */
  ownFile: (path: string) => boolean;
  /** What the footprint audit never counts (unauditedFiles): own files, change notes. */
  unaudited: (path: string) => boolean;
  /** Items of this run whose command is running: settles when the item is done (landed or not). */
  running: Map<string, Promise<void>>;
}

export type HomeResult =
  /** `released`: the landing's ref transaction already detached the worktree and deleted the branch. */
  | { kind: 'landed'; commit: string; paths: string[]; item: Item; released: boolean }
  | { kind: 'no_changes'; item: Item }
  /** `run.land: keep`: the work is committed on the branch, nothing merged. */
  | { kind: 'kept'; paths: string[]; head: string }
  | { kind: 'conflict'; paths: string[]; writers: Map<string, string>; paths_written: string[] }
  | { kind: 'refused'; reason: string; output?: string[] };

/** A fresh worktree for the item, from the target's tip as it is now. */
export async function startWorktree(ctx: ItemRunContext, id: string): Promise<ItemWorktree> {
  const repo = { cwd: ctx.root, env: ctx.env };
  const target = ctx.landing?.target ?? ctx.config.git.base;
  return freshWorktree(repo, id, (await branchTip(repo, target)) ?? target);
}

/**
 * After the item's command exited 0: collect its work onto its branch, then (unless kept)
 * land it, serially, and record it as completed inside the same turn so the journal of one
 * landing is closed before the next begins (docs/apply.md).
 */
export async function bringHome(
  ctx: ItemRunContext,
  item: Item,
  tree: ItemWorktree,
  record: (exceeded: string[]) => Promise<Item>,
  freed: () => void = () => undefined,
): Promise<HomeResult & { exceeded: string[]; parked?: string }> {
  const repo: GitContext = { cwd: ctx.root, env: ctx.env };
  const landing = ctx.landing!;
  const worktree = { cwd: tree.path, env: ctx.env };
  const gate = ctx.config.run.gate ?? undefined;
  // An item about to land keeps its branch where it was: the landing deletes it in its own ref
  // transaction, and `pinBranch` moves it when the item does not land. A gate checks out the
  // merge in the worktree, which needs HEAD and the index to agree, so the branch moves then.
  const moveHead = landing.keep || Boolean(gate);
  const collected = await collectWork({ worktree, base: tree.base, id: item.id, title: item.title, moveHead });
  // The landing needs only the commit: without a gate the worktree goes back to the pool now, and the
  // item's slot is free once it has (the next item starts in it instead of in a new checkout).
  const parked = !moveHead && collected.head !== tree.base && (await parkWorktree(repo, item.id, collected.head, collected.ignored));
  freed();
  const predicted = landing.predicted.get(item.id);
  const exceeded = predicted ? footprintExcess(collected.paths, predicted, landing.unaudited) : [];
  if (exceeded.length > 0) await auditFindings(ctx, item.id, exceeded);
  if (landing.keep) return { kind: 'kept', paths: collected.paths, head: collected.head, exceeded };
  if (collected.head === tree.base) {
    const done = await record([]);
    await removeItemWorktree(repo, item.id, { pool: true, leftovers: collected.ignored });
    return { kind: 'no_changes', item: done, exceeded };
  }
  const landed = await landing.queue.run<HomeResult>(landing.rank.get(item.id) ?? Number.MAX_SAFE_INTEGER, async () => {
    for (;;) {
      const outcome = await landBranch({
        repo,
        target: landing.target,
        id: item.id,
        title: item.title,
        head: collected.head,
        run: ctx.log.run,
        gate: gate ? (merged) => runGate(ctx, item.id, tree, merged) : undefined,
        release: (merged) =>
          parked ? `delete refs/heads/${tree.branch} ${collected.head}\n` : releaseMoves(tree.path, tree.branch, gate ? merged : collected.head),
        onStep: (step) => landing.onStep?.(step, item.id),
      });
      switch (outcome.kind) {
        case 'moved':
          continue;
        case 'landed':
        case 'already_landed': {
          const done = await record(exceeded);
          landing.onStep?.('recorded', item.id);
          await finishLanding(repo);
          const [commit, released] = outcome.kind === 'landed' ? [outcome.new, outcome.released] : [outcome.tip, false];
          return { kind: 'landed', commit, paths: collected.paths, item: done, released };
        }
        case 'conflict':
          return {
            kind: 'conflict',
            paths: outcome.paths,
            writers: await landedWriters(repo, tree.base, outcome.old, outcome.paths),
            paths_written: collected.paths,
          };
        case 'gate_failed':
          return {
            kind: 'refused',
            reason: `the gate \`${ctx.config.run.gate}\` failed on the merged tree, so nothing landed`,
            output: tailLines(outcome.detail, 20),
          };
        case 'refused':
          return {
            kind: 'refused',
            reason: `not landed: the main work tree has uncommitted changes in ${outcome.paths.join(', ')}, which ${item.id} also changes; its work is kept on branch ${tree.branch}. Commit or discard those changes, then \`git merge ${tree.branch}\`, rename ${item.id} from -blocked- to -completed- and set its **Status**: line to completed (the pre-commit hook updates the plan), or \`waveplan requeue ${item.id}\` to run it again`,
          };
      }
    }
  });
  // Not awaited, and outside the serial turn: the next item lands meanwhile, and items waiting for
  // this one start now. Worktree changes queue per repository, so the next worktree (and the pool's
  // removal at the end of the run) comes after this one; a failure only leaves it for `waveplan clean`.
  // After a gate the worktree holds whatever the gate left: the pool scans it (`git clean`) before reuse.
  const leftovers = gate ? undefined : collected.ignored;
  if (parked) {
    // Landed: its branch went with the landing's transaction (or, if that could not, is left for the next
    // run's clean-up, as its work is on the target). Not landed: the park moved the branch to the work.
    return { ...landed, exceeded, parked: collected.head };
  }
  if (landed.kind === 'landed') void removeItemWorktree(repo, item.id, { pool: true, released: landed.released, leftovers }).catch(() => undefined);
  // Not landed: its work is kept on its branch for the user (docs/apply.md, "Clean-up").
  else if (!moveHead && collected.committedLeftovers) await pinBranch(worktree, collected.head);
  return { ...landed, exceeded };
}

/**
 * Files outside the predicted write set: say so (a `footprint_exceeded` event), and when an item
 * of this run that is still running or not yet landed predicted writing one of them, or declared
 * reading one, land only after it, so the merge decides between the two (docs/apply.md,
 * "Footprint audit").
 */
async function auditFindings(ctx: ItemRunContext, id: string, exceeded: string[]): Promise<void> {
  const landing = ctx.landing!;
  const touches = (other: string) => {
    const writes = landing.predicted.get(other);
    const reads = { writes: landing.reads.get(other) ?? [] };
    return exceeded.some((path) => (writes && footprintExcess([path], writes).length === 0) || footprintExcess([path], reads).length === 0);
  };
  const waitFor = [...landing.running.keys()].filter((other) => other !== id && touches(other));
  ctx.log.emit({
    type: 'footprint_exceeded',
    item: id,
    paths: exceeded,
    ...(landing.predicted.get(id)?.inferred ? { inferred: true } : {}),
    reason: `changed ${exceeded.length} file${exceeded.length === 1 ? '' : 's'} outside its predicted write set${waitFor.length > 0 ? `; lands after ${waitFor.join(', ')}, which predicted writing or reading them` : ''}`,
  });
  // Not itself running any more: an item waiting here never makes another wait on it.
  landing.running.delete(id);
  await Promise.all(waitFor.map((other) => landing.running.get(other)));
}

/** The line the footprint audit adds to an item's `## Notes`. */
export function auditNote(ctx: ItemRunContext, exceeded: string[]): string | undefined {
  if (exceeded.length === 0) return undefined;
  return formatNote({
    time: ctx.now(),
    message: `footprint audit (waveplan apply run ${ctx.log.run}): it changed files outside its predicted write set: ${exceeded.join(', ')}. Add them to its \`files:\` so the plan can order it against items that touch them.`,
  });
}

/** The note of an item blocked by a conflict: the paths, and the landed items that wrote them. */
export function conflictNote(ctx: ItemRunContext, id: string, result: Extract<HomeResult, { kind: 'conflict' }>, attempts: number): string {
  const paths = result.paths.map((p) => (result.writers.has(p) ? `${p} (written by ${result.writers.get(p)})` : p));
  return formatNote({
    time: ctx.now(),
    message: `blocked by waveplan apply run ${ctx.log.run}: its work conflicts with what landed on ${ctx.landing!.target} in ${paths.join(', ')}${attempts > 1 ? ` (after ${attempts} runs, each from the then tip)` : ''}. Its last attempt is on branch waveplan/${id}; \`waveplan requeue ${id}\` runs it again from the new tip.`,
  });
}

/** Run `run.gate` in the item's worktree on the merge commit; ok or the end of its output. */
async function runGate(ctx: ItemRunContext, id: string, tree: ItemWorktree, merged: string): Promise<{ ok: true } | { ok: false; detail: string }> {
  await git({ cwd: tree.path, env: ctx.env }, ['checkout', '--quiet', '--detach', merged]);
  const output = ctx.log.openItemLog(id);
  output.write(`\n--- gate: ${ctx.config.run.gate} (on merge ${merged.slice(0, 12)})\n`);
  const result = await runCommand({
    command: ctx.config.run.gate!,
    cwd: tree.path,
    env: { ...ctx.env, WAVEPLAN_ITEM_ID: id, WAVEPLAN_RUN_ID: ctx.log.run },
    output,
  }).done;
  return result.exitCode === 0 ? { ok: true } : { ok: false, detail: result.tail || `exit code ${result.exitCode}` };
}

/**
 * An item's command exited 0 in its worktree: bring its work home and record how that went
 * (completed: landed, no changes or kept; failed: conflict, gate or refusal), or `again`
 * when it conflicted and has a re-run left (run.retry_on_conflict).
 */
export async function landWork(
  ctx: ItemRunContext,
  item: Item,
  wave: number,
  tree: ItemWorktree,
  run: { attempt: number; durationMs: number; logPath: string },
  /** Told once the item's worktree is free for another item (its command slot with it). */
  freed: () => void = () => undefined,
): Promise<Omit<ItemResult, 'exitCode' | 'durationMs'> | 'again'> {
  const { log, tracker } = ctx;
  const landing = ctx.landing!;
  const done = { item: item.id, wave, exit_code: 0, duration_ms: run.durationMs, log: run.logPath };
  let free = freed;
  const freeOnce = () => {
    const f = free;
    free = () => undefined;
    f();
  };
  const home = await bringHome(ctx, item, tree, (exceeded) => tracker.complete(item, auditNote(ctx, exceeded)), freeOnce)
    .catch((error: Error): HomeResult & { exceeded: string[]; parked?: string } => ({ kind: 'refused', reason: `not landed: ${error.message}`, exceeded: [] }))
    .finally(freeOnce);
  const exceeded = home.exceeded.length > 0 ? { exceeded: home.exceeded } : {};
  if (home.kind === 'conflict' && run.attempt <= ctx.config.run.retry_on_conflict) {
    log.emit({
      type: 'landing_conflict',
      item: item.id,
      wave,
      paths: home.paths,
      reason: `its work conflicts with what landed on ${landing.target}; running it again from the new tip (run ${run.attempt + 1} of ${ctx.config.run.retry_on_conflict + 1})`,
    });
    return 'again';
  }
  // Parked before a landing that did not happen: its worktree comes back, at its work, for inspection.
  if (home.parked && (home.kind === 'conflict' || home.kind === 'refused')) {
    await freshWorktree({ cwd: ctx.root, env: ctx.env }, item.id, home.parked).catch(() => undefined);
  }
  if (home.kind === 'landed' || home.kind === 'no_changes' || home.kind === 'kept') {
    const current = home.kind === 'kept' ? await tracker.complete(item, auditNote(ctx, home.exceeded)) : home.item;
    const writes = home.kind === 'no_changes' ? [] : home.paths;
    const branch = home.kind === 'kept' ? tree.branch : undefined;
    if (home.kind === 'landed') log.emit({ type: 'item_landed', item: item.id, wave, commit: home.commit, target: landing.target, paths: writes });
    const reason =
      home.kind === 'no_changes'
        ? 'no changes'
        : home.kind === 'landed'
          ? `landed on ${landing.target} as ${home.commit.slice(0, 12)}`
          : `${home.paths.length === 0 ? 'no changes; ' : ''}kept on ${tree.branch} (run.land: keep)`;
    log.emit({ type: 'item_completed', ...done, file: current.file, branch, reason });
    return { outcome: 'completed', branch, reason, landed: home.kind === 'landed' ? home.commit : undefined, writes, ...exceeded, item: current };
  }
  const reason = home.kind === 'conflict' ? `not landed: conflicts on ${landing.target} in ${home.paths.join(', ')}` : home.reason;
  const note =
    home.kind === 'conflict'
      ? conflictNote(ctx, item.id, home, run.attempt)
      : formatNote({ time: ctx.now(), message: `blocked by waveplan apply run ${log.run}: ${reason} (log: ${run.logPath}).`, output: home.output });
  const current = await tracker.block(item, note);
  log.emit({ type: 'item_failed', ...done, file: current.file, reason, ...(home.kind === 'conflict' ? { paths: home.paths } : {}) });
  return { outcome: 'failed', reason, branch: tree.branch, ...exceeded, item: current };
}
