import { relative, resolve } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { hasErrors } from '../../diagnostics.js';
import { formatCommandDiagnostics } from '../command-diagnostics.js';
import { DiagnosticsError, WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { formatGithubWorkflow } from '../../export/github-actions.js';
import { resolveCommands } from '../../export/item-commands.js';
import { DEFAULT_WAVES_PER_RUN, workflowShape } from '../../export/wave-lists.js';
import { workTreeReader } from '../../io/node-fs.js';
import { PACKAGE_VERSION } from '../../package-root.js';
import { readPlanFile } from '../../plan/parse-plan.js';
import { loadQueue } from '../../tracking/load-queue.js';
import type { CommandAction } from '../context.js';

export const EXPORT_TARGETS = ['github-actions'] as const;

interface ExportOptions {
  to?: string;
  output?: string;
  runsOn?: string;
  name?: string;
  waveplan?: string;
  /** Parsed once by its option (src/cli/options.ts). */
  wavesPerRun?: number;
}

/** `waveplan export --to github-actions [-o FILE]`: the committed plan as a workflow. */
const exportPlan: CommandAction<ExportOptions> = async (ctx, _args, options) => {
  if (!(EXPORT_TARGETS as readonly string[]).includes(options.to ?? '')) {
    throw new WaveplanError(
      `--to must be one of ${EXPORT_TARGETS.join(', ')}${options.to ? `, got "${options.to}"` : ''} (e.g. waveplan export --to github-actions -o .github/workflows/waveplan.yml)`,
    );
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
  // The jobs resolve each item's command at run time; refuse now what could not run then.
  resolveCommands(plan, loaded.items, loaded.config);
  const wavesPerRun = options.wavesPerRun ?? DEFAULT_WAVES_PER_RUN;
  const text = formatGithubWorkflow(plan, {
    planFile: read.file,
    continueOnError: autonomy.level === 'L3' && autonomy.continue_on_error,
    waveplan: options.waveplan ?? `npx --yes waveplan@${PACKAGE_VERSION}`,
    wavesPerRun,
    githubIssues: loaded.githubRepo !== undefined,
    ...(options.runsOn ? { runsOn: options.runsOn } : {}),
    ...(options.name ? { name: options.name } : {}),
  });
  if (!options.output) {
    ctx.io.stdout(text);
    return ExitCode.ok;
  }
  const path = resolve(ctx.io.cwd, options.output);
  await writeFileAtomic(path, text, { mkdir: true });
  const shape = workflowShape(plan, wavesPerRun);
  const items = plan.waves.reduce((n, w) => n + w.items.length, 0);
  const runs = shape.slots === 0 ? 1 : Math.ceil(shape.waves / shape.slots);
  ctx.io.stdout(
    `wrote ${relative(ctx.root, path) || path} (${Buffer.byteLength(text)} bytes): ${items} item${items === 1 ? '' : 's'} in ${shape.waves} wave${shape.waves === 1 ? '' : 's'} (max_parallel ${plan.settings.max_parallel}), ` +
      `${shape.slots * shape.chunks} wave job${shape.slots * shape.chunks === 1 ? '' : 's'}${runs > 1 ? ` per run, ${runs} runs` : ''}, a plan and a report job\n`,
  );
  if (loaded.diagnostics.length > 0) ctx.io.stderr(formatCommandDiagnostics(loaded.diagnostics));
  return ExitCode.ok;
};

/** Items the plan runs that the queue no longer has as pending or in_progress. */
function staleItems(plan: { waves: Array<{ items: string[] }> }, items: Array<{ id: string; status: string }>): string[] {
  const status = new Map(items.map((i) => [i.id, i.status]));
  return plan.waves
    .flatMap((w) => w.items)
    .flatMap((id) => {
      const now = status.get(id);
      if (now === undefined) return [`${id} is no longer in the queue`];
      return now === 'pending' || now === 'in_progress' ? [] : [`${id} is ${now}`];
    });
}

export default exportPlan;
