import { ExitCode } from '../../exit-code.js';
import { workTreeReader } from '../../io/node-fs.js';
import { checkPlan } from '../../plan/check-plan.js';
import { formatChanges } from '../../plan/format-changes.js';
import { formatCheckMarkdown } from '../../plan/format-check-md.js';
import { readPlanFileAfterCompile } from '../../plan/parse-plan.js';
import { writePlanFile } from '../../plan/write-plan-file.js';
import type { CommandAction } from '../context.js';
import { CHECK_EXIT, checkCommitted } from './plan-check.js';
import { buildOrReport, type PlanOptions } from './plan-shared.js';

const plan: CommandAction<PlanOptions & { check?: boolean; dryRun?: boolean }> = async (ctx, _args, options) => {
  // Only --dry-run prints a report: its modules (the report formats, the runs and landing state
  // it reads, with src/land/) are a sixth of the code a warm plan would load otherwise.
  if (options.dryRun) return (await import('./report.js')).printReport(ctx, options);
  // A check reads the history the committed plan was compiled on (docs/plan-file.md).
  const built = await buildOrReport(ctx, options, {
    writesPlanFile: !options.check,
    fresh: options.check,
    ...(options.check ? { history: 'committed' as const } : {}),
  });
  const file = built.loaded.config.plan.file;
  const check = options.check
    ? await checkCommitted(ctx.root, built, built.planFile)
    : checkPlan(await readPlanFileAfterCompile(workTreeReader(ctx.root), built.loaded.config, built.bytes, built.planFile), built);
  const { stats } = built;
  const summary = `${count(stats.scheduled, 'item')} in ${count(stats.waves, 'wave')}, makespan ${stats.makespan} (lower bound ${stats.lower_bound})`;
  if (options.check) {
    if (check.status === 'same') await built.planFile.nowHolds?.();
    if (options.json || options.format === 'json') ctx.io.stdout(`${JSON.stringify({ file, status: check.status, messages: check.messages }, null, 2)}\n`);
    else if (options.format === 'md') ctx.io.stdout(formatCheckMarkdown(file, check));
    else if (check.status === 'same') ctx.io.stdout(`✓ ${file} is up to date: ${summary}\n`);
    else {
      const out = check.status === 'differs' || check.status === 'missing' ? ctx.io.stdout : ctx.io.stderr;
      const head = check.status === 'differs' ? `${file} is stale; a fresh compile differs:` : check.messages[0];
      const rest = check.status === 'differs' ? check.messages : check.messages.slice(1);
      const lines = check.status === 'differs' ? formatChanges(rest, 'waveplan plan --check --json lists every change') : rest.map((m) => `  - ${m}`);
      out(`${[head, ...lines].join('\n')}\n`);
      if (check.status === 'differs') out('run `waveplan plan` to write it\n');
    }
    return CHECK_EXIT[check.status];
  }
  if (check.status !== 'same') writePlanFile(ctx.root, file, check.bytes);
  // The plan file holds the plan now: the cache can name it instead of keeping a copy.
  await built.planFile.nowHolds?.();
  if (!built.loaded.queueExists) await sayNoQueue(ctx, built.loaded.config.queue.dir);
  if (options.json) {
    ctx.io.stdout(
      `${JSON.stringify({ file, written: check.status !== 'same', previous: check.status, changes: check.status === 'differs' ? check.messages : [], stats }, null, 2)}\n`,
    );
    return ExitCode.ok;
  }
  if (check.status === 'same') ctx.io.stdout(`✓ ${file} unchanged: ${summary}\n`);
  else {
    const lines = [`✓ wrote ${file}: ${summary}`];
    // One line per change, the first 40: a loop, as 125k lost conflicts overflow the stack as push arguments.
    if (check.status === 'differs') for (const line of formatChanges(check.messages, `git diff -- ${file} shows every change`)) lines.push(line);
    if (check.status === 'hand-edited') lines.push('  - replaced a version that had been edited by hand');
    if (check.status === 'invalid') lines.push('  - replaced a version that was not a valid plan');
    ctx.io.stdout(`${lines.join('\n')}\n`);
  }
  return ExitCode.ok;
};

export default plan;

/**
 * An empty plan because there is no queue folder: say so, and where the queues are when they live
 * in the repository's packages (run at the top of a monorepo by mistake).
 */
async function sayNoQueue(ctx: Parameters<CommandAction>[0], dir: string): Promise<void> {
  const { projectsInIndex } = await import('../projects.js');
  const below = (await projectsInIndex(ctx.root, ctx.io.env, true).catch(() => [])).filter((d) => d !== '');
  ctx.io.stderr(
    below.length > 0
      ? `no queue folder at ${dir}, so the plan is empty; queues below: ${below.map((d) => `${d} (waveplan -C ${d} plan)`).join(', ')}\n`
      : `no queue folder at ${dir}, so the plan is empty: write items there as NNN-pending-slug.md (docs/queue-items.md)\n`,
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
