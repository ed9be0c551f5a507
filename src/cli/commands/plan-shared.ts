import { formatCommandDiagnostics } from '../command-diagnostics.js';
import { ReportedError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { gitPort } from '../../io/git.js';
import { workTreeReader } from '../../io/node-fs.js';
import { buildPlanForFile, compiled, type CompiledPlan } from '../../plan/build-plan.js';
import type { PlanFileState } from '../../plan/plan-cache.js';

/** A compiled plan and what building learnt about the plan file (`PlanFileState`). */
export type BuiltForFile = CompiledPlan & { planFile: PlanFileState };
import type { ReportFormat } from '../../plan/format-report.js';
import type { FootprintMode } from '../../types.js';
import type { CommandContext } from '../context.js';

/** As commander hands them over, parsed and checked by src/cli/options.ts. */
export interface PlanOptions {
  format?: ReportFormat;
  json?: boolean;
  maxParallel?: number;
  assumeDisjoint?: boolean;
  footprints?: FootprintMode;
}

/** Compile from the work tree; queue or config errors are printed and stop the command with exit 1. */
export async function buildOrReport(
  ctx: CommandContext,
  options: PlanOptions,
  override?: { maxParallel?: number | null; writesPlanFile?: boolean; fresh?: boolean; history?: 'head' | 'committed' },
): Promise<BuiltForFile> {
  const maxParallel = override?.maxParallel === null ? undefined : (override?.maxParallel ?? options.maxParallel);
  const { built, planFile } = await buildPlanForFile({
    root: ctx.root,
    tree: workTreeReader(ctx.root),
    git: gitPort(ctx.root),
    assumeDisjoint: options.assumeDisjoint,
    maxParallel,
    env: ctx.io.env,
    footprints: options.footprints,
    writesPlanFile: override?.writesPlanFile,
    fresh: override?.fresh,
    history: override?.history,
  });
  if (built.diagnostics.length > 0) ctx.io.stderr(formatCommandDiagnostics(built.diagnostics));
  if (!compiled(built)) throw new ReportedError(ExitCode.error);
  // Attached, not spread: a cached plan's text and plan are getters that decode and parse on first read.
  return Object.assign(built, { planFile });
}

/** `--json` is `--format json`. */
export function reportFormat(options: PlanOptions): ReportFormat {
  return options.json ? 'json' : (options.format ?? 'text');
}
