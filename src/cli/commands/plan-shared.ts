import { formatDiagnostics } from '../../diagnostics.js';
import { ReportedError, WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { gitPort } from '../../io/git.js';
import { workTreeReader } from '../../io/node-fs.js';
import { buildPlan, compiled, type CompiledPlan } from '../../plan/build-plan.js';
import { REPORT_FORMATS, type ReportFormat } from '../../plan/format-report.js';
import type { FootprintMode } from '../../types.js';
import type { CommandContext } from '../context.js';

export interface PlanOptions {
  format?: string;
  json?: boolean;
  maxParallel?: string;
  assumeDisjoint?: boolean;
  footprints?: string;
}

/** Compile from the work tree; queue or config errors are printed and stop the command with exit 1. */
export async function buildOrReport(ctx: CommandContext, options: PlanOptions, override?: { maxParallel?: number | null; writesPlanFile?: boolean }): Promise<CompiledPlan> {
  const maxParallel = override?.maxParallel === null ? undefined : (override?.maxParallel ?? parseMaxParallel(options.maxParallel));
  const built = await buildPlan({ root: ctx.root, tree: workTreeReader(ctx.root), git: gitPort(ctx.root), assumeDisjoint: options.assumeDisjoint, maxParallel, env: ctx.io.env, footprints: parseFootprints(options.footprints), writesPlanFile: override?.writesPlanFile });
  if (built.diagnostics.length > 0) ctx.io.stderr(formatDiagnostics(built.diagnostics));
  if (!compiled(built)) throw new ReportedError(ExitCode.error);
  return built;
}

export function parseMaxParallel(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new WaveplanError(`--max-parallel must be a whole number from 1 to 64, got "${value}" (e.g. --max-parallel 3)`);
  return n;
}

export function reportFormat(options: PlanOptions): ReportFormat {
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new WaveplanError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
  return format as ReportFormat;
}

/** `--footprints declared | inferred` (default inferred: items that declare nothing get footprints from their words). */
export function parseFootprints(value: string | undefined): FootprintMode | undefined {
  if (value === undefined || value === 'declared' || value === 'inferred') return value;
  throw new WaveplanError(`--footprints must be declared or inferred, got "${value}" (e.g. --footprints declared)`);
}
