import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { formatDiagnostics, hasErrors } from '../../diagnostics.js';
import { DiagnosticsError, WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { formatGithubWorkflow } from '../../export/github-actions.js';
import { resolveCommands } from '../../export/item-commands.js';
import { compileJobGraph } from '../../export/job-graph.js';
import { workTreeReader } from '../../io/node-fs.js';
import { readPlanFile } from '../../plan/parse-plan.js';
import { loadQueue } from '../../queue/load-queue.js';
import type { CommandAction } from '../context.js';

export const EXPORT_TARGETS = ['github-actions'] as const;

interface ExportOptions {
  to?: string;
  output?: string;
  runsOn?: string;
  name?: string;
}

/** `waveplan export --to github-actions [-o FILE]`: the committed plan as a workflow. */
const exportPlan: CommandAction<ExportOptions> = async (ctx, _args, options) => {
  if (!(EXPORT_TARGETS as readonly string[]).includes(options.to ?? '')) {
    throw new WaveplanError(`--to must be one of ${EXPORT_TARGETS.join(', ')}${options.to ? `, got "${options.to}"` : ''} (e.g. waveplan export --to github-actions -o .github/workflows/waveplan.yml)`);
  }
  const tree = workTreeReader(ctx.root);
  const loaded = await loadQueue(tree, { root: ctx.root, env: ctx.io.env });
  if (hasErrors(loaded.diagnostics)) throw new DiagnosticsError(loaded.diagnostics);
  const read = await readPlanFile(tree, loaded.config);
  if (!read.exists) throw new WaveplanError(`no plan at ${read.file}: run \`waveplan plan\` first, review and commit it, then export`);
  if (!read.plan || hasErrors(read.diagnostics)) throw new DiagnosticsError(read.diagnostics);
  const plan = read.plan;
  const stale = staleItems(plan, loaded.items);
  if (stale.length > 0) ctx.io.stderr(`warning: ${read.file} is out of date (${stale.join('; ')}); run \`waveplan plan\` to refresh it before exporting\n`);
  const autonomy = loaded.config.autonomy;
  const text = formatGithubWorkflow(plan, {
    commands: resolveCommands(plan, loaded.items, loaded.config),
    planFile: read.file,
    continueOnError: autonomy.level === 'L3' && autonomy.continue_on_error,
    ...(options.runsOn ? { runsOn: options.runsOn } : {}),
    ...(options.name ? { name: options.name } : {}),
  });
  if (!options.output) {
    ctx.io.stdout(text);
    return ExitCode.ok;
  }
  const path = resolve(ctx.io.cwd, options.output);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
  const jobs = compileJobGraph(plan);
  const waves = new Set(jobs.map((j) => j.wave)).size;
  ctx.io.stdout(`wrote ${relative(ctx.root, path) || path}: ${jobs.length} item job${jobs.length === 1 ? '' : 's'} in ${waves} wave${waves === 1 ? '' : 's'} (max_parallel ${plan.settings.max_parallel}) and a report job\n`);
  if (loaded.diagnostics.length > 0) ctx.io.stderr(formatDiagnostics(loaded.diagnostics));
  return ExitCode.ok;
};

/** Items the plan runs that the queue no longer has as pending or in_progress. */
function staleItems(plan: { waves: Array<{ items: string[] }> }, items: Array<{ id: string; status: string }>): string[] {
  const status = new Map(items.map((i) => [i.id, i.status]));
  return plan.waves.flatMap((w) => w.items).flatMap((id) => {
    const now = status.get(id);
    if (now === undefined) return [`${id} is no longer in the queue`];
    return now === 'pending' || now === 'in_progress' ? [] : [`${id} is ${now}`];
  });
}

export default exportPlan;
