import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WaveplanError } from '../../errors.js';
import { packagePath } from '../../package-root.js';
import { ExitCode } from '../../exit-code.js';
import { missingCommands, noCommandMessage, type Schedule } from '../../run/apply-plan.js';
import { startDetached } from '../../run/detach.js';
import { newRunId, RUNS_DIR } from '../../run/event-log.js';
import { findKilledRun } from '../../run/killed-run.js';
import { acquireLock, LOCK_FILE } from '../../run/lock.js';
import { landingTarget } from '../../run/landing-setup.js';
import { readReviewedPlan, type PlanInputs } from '../../run/reviewed-plan.js';
import type { CommandContext } from '../context.js';

export interface DetachOptions {
  yes?: boolean;
  json?: boolean;
  schedule: Schedule;
  maxParallel?: number;
}

const CLI = packagePath('bin', 'waveplan.js');

/**
 * `apply --detach`: every refusal apply would make (a level that asks, a held lock, a
 * stale or edited plan, items without a command) happens here, in front of the user; then
 * the same apply runs in the background under a run id chosen now, and we return.
 */
export async function applyDetached(ctx: CommandContext, inputs: PlanInputs, options: DetachOptions): Promise<number> {
  const run = newRunId();
  // Refuse now if another apply holds the queue, before reading the plan: a live run's status
  // moves make the plan look stale, and the true reason is the other run. The child takes the
  // lock itself; one that starts in between wins, and this run then ends at once (status shows why).
  await (await acquireLock(ctx.root, run)).release();
  const reviewed = await readReviewedPlan(inputs, findKilledRun(ctx.root));
  const { plan, loaded } = reviewed.built;
  const level = loaded.config.autonomy.level;
  if (level !== 'L3' && !options.yes) {
    throw new WaveplanError(
      `autonomy level ${level} asks before running ${level === 'L1' ? 'each item' : 'the plan'}, and a detached run has no terminal to ask on: pass --yes to run without asking (or set autonomy.level: L3)`,
    );
  }
  const missing = missingCommands(plan, loaded.items, loaded.config);
  if (missing.length > 0) throw new WaveplanError(noCommandMessage(missing));
  // Where the work lands (a detached HEAD, a repository with no commit) is a refusal too.
  if (loaded.config.run.isolation === 'worktree') await landingTarget(ctx.root, loaded.config, { ...process.env, ...ctx.io.env });
  if (plan.waves.every((w) => w.items.length === 0)) {
    ctx.io.stdout(
      `nothing to run: every item is completed${plan.held.length > 0 ? ` or held (${plan.held.map((h) => `${h.item}: ${h.reason}`).join('; ')})` : ''}\n`,
    );
    return plan.held.length > 0 ? ExitCode.failed : ExitCode.ok;
  }
  const args = ['--cwd', ctx.root, 'apply', '--yes', '--run-id', run, '--schedule', options.schedule];
  if (options.maxParallel !== undefined) args.push('--max-parallel', String(options.maxParallel));
  const detached = startDetached({
    root: ctx.root,
    run,
    command: [process.execPath, CLI, ...args],
    env: { ...process.env, ...ctx.io.env },
  });
  // The child takes the lock first thing; one that loses it (another apply started in between)
  // or dies before is a refusal, and refusals are exits here, in front of the user (docs/reliability.md).
  const took = await tookLock(ctx.root, run, detached.exited);
  if (took === false) {
    const output = readText(join(ctx.root, detached.dir, 'output.log')).trim();
    rmSync(join(ctx.root, detached.dir), { recursive: true, force: true });
    ctx.io.stderr(`the background apply did not start${output ? `:\n${output}` : ''}\n`);
    return ExitCode.error;
  }
  if (options.json) ctx.io.stdout(`${JSON.stringify({ run: detached.run, pid: detached.pid, dir: detached.dir }, null, 2)}\n`);
  else {
    ctx.io.stdout(`${run}\n`);
    ctx.io.stderr(
      `started run ${run} in the background (pid ${detached.pid}, output in ${detached.dir}/output.log); follow it with \`waveplan status ${run}\`, block on it with \`waveplan wait ${run}\`\n`,
    );
  }
  return ExitCode.ok;
}

/** Whether the child took the apply lock (true), died first (false), or neither within 60 s (undefined: it may be slow to load). */
async function tookLock(root: string, run: string, exited: Promise<number | null>): Promise<boolean | undefined> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (readText(join(root, LOCK_FILE)).includes(`"run":"${run}"`)) return true;
    if (gone) return readText(join(root, LOCK_FILE)).includes(`"run":"${run}"`) || existsSync(join(root, RUNS_DIR, run, 'events.jsonl'));
    await new Promise((r) => setTimeout(r, 25));
  }
  return undefined;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
