import { ExitCode } from '../../exit-code.js';
import { compileReport, declaredFiles } from '../../plan/compile-report.js';
import { formatReport } from '../../plan/format-report.js';
import { readReportLanding } from '../../run/report-landing.js';
import type { CommandAction, CommandContext } from '../context.js';
import { buildOrReport, reportFormat, type PlanOptions } from './plan-shared.js';

/** Print the report of a fresh compile; writes nothing. With --max-parallel, compares with the configured cap. */
export async function printReport(ctx: CommandContext, options: PlanOptions): Promise<number> {
  const format = reportFormat(options);
  const built = await buildOrReport(ctx, options, { fresh: true });
  const configuredCap = built.loaded.config.autonomy.max_parallel;
  const configured =
    built.plan.settings.max_parallel !== configuredCap ? (await buildOrReport(ctx, options, { maxParallel: null, fresh: true })).plan : undefined;
  const landing = await readReportLanding(ctx.root, built.loaded.config, ctx.io.env);
  ctx.io.stdout(
    formatReport(
      compileReport(built.plan, { planFile: built.loaded.config.plan.file, configured, landing, declaredFiles: declaredFiles(built.loaded.items) }),
      format,
    ),
  );
  return ExitCode.ok;
}

const report: CommandAction<PlanOptions> = (ctx, _args, options) => printReport(ctx, options);

export default report;
