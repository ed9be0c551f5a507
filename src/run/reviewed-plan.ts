import { formatDiagnostics, hasErrors } from '../diagnostics.js';
import { DiagnosticsError, StalePlanError, WaveplanError } from '../errors.js';
import type { GitPort } from '../io/git.js';
import type { TreeReader } from '../io/ports.js';
import { buildPlan, buildPlanForFile, compiled, type CompiledPlan } from '../plan/build-plan.js';
import { nameChangedInputs } from '../plan/changed-inputs.js';
import { checkPlan, type PlanCheck } from '../plan/check-plan.js';
import { readPlanFileAfterCompile } from '../plan/parse-plan.js';
import { writePlanFile } from '../plan/write-plan-file.js';
import type { Plan } from '../types.js';
import type { KilledRun } from './killed-run.js';

export interface PlanInputs {
  root: string;
  tree: TreeReader;
  git: GitPort;
}

/** The compile settings the committed plan was made with, so the fresh compile is comparable. */
export interface CompileSettings {
  maxParallel?: number;
  assumeDisjoint?: boolean;
}

export interface ReviewedPlan {
  built: CompiledPlan;
  check: PlanCheck;
  settings: CompileSettings;
  /** Set when the plan is stale only because this killed run was applying it. */
  resumes?: KilledRun;
  /** What moved since the review (shown when resuming a killed run). */
  moved: string[];
}

/**
 * Recompile and compare with the committed plan, as `plan --check` does. Refused: a missing
 * plan, an invalid one (its schema errors), one edited by hand, and a stale one (naming what
 * moved) — except when it is stale only because `killed` was applying exactly this plan when
 * it died: then the statuses it changed are expected, and the run resumes.
 */
export async function readReviewedPlan(inputs: PlanInputs, killed?: KilledRun): Promise<ReviewedPlan> {
  // The history the committed plan was compiled on, as `plan --check` reads it (docs/plan-file.md).
  const { built: built0, planFile } = await buildPlanForFile({ root: inputs.root, tree: inputs.tree, git: inputs.git, history: 'committed' });
  if (!compiled(built0) || hasErrors(built0.diagnostics)) throw new DiagnosticsError(built0.diagnostics);
  const committed = await readPlanFileAfterCompile(inputs.tree, built0.loaded.config, built0.bytes, { holds: planFile.holds });
  let built = built0;
  let settings: CompileSettings = {};
  let check = checkPlan(committed, built0);
  // A plan compiled with --max-parallel / --assume-disjoint records them (and its fingerprint
  // does): compile the same way, and keep that compile when it is the one the plan came from.
  const recorded = committed.plan?.settings as (Plan['settings'] & { assume_disjoint?: boolean }) | undefined;
  if (check.status === 'differs' && recorded && (recorded.max_parallel !== built0.loaded.config.autonomy.max_parallel || recorded.assume_disjoint)) {
    const wanted: CompileSettings = { maxParallel: recorded.max_parallel, ...(recorded.assume_disjoint ? { assumeDisjoint: true } : {}) };
    const again = await buildPlan({ ...inputs, ...wanted, history: 'committed' });
    if (compiled(again) && again.plan.fingerprint === committed.plan?.fingerprint) {
      built = again;
      settings = wanted;
      check = checkPlan(committed, again);
    }
  }
  const file = committed.file;
  const result = { built, check, settings, moved: [] as string[] };
  switch (check.status) {
    case 'same':
      return result;
    case 'missing':
      throw new WaveplanError(`no plan to apply: ${file} does not exist; run \`waveplan plan\`, review and commit it, then \`waveplan apply\``);
    case 'invalid':
      throw new WaveplanError(`${file} is not a valid plan, so it cannot be applied:\n${check.messages.map((m) => `  ${m}`).join('\n')}`);
    case 'hand-edited':
      throw new WaveplanError(`refusing a plan edited by hand: ${check.messages.join('\n  ')}`);
    case 'differs': {
      // Resuming is allowed only when every change since the review is one the killed run's
      // event log records making (killed.unaccounted, docs/reliability.md).
      const unexplained = check.messages.filter((m) => /^(item \S+ (added|removed)|setting |\S+ command )/.test(m));
      const unaccounted = killed?.unaccounted ?? [];
      if (killed && killed.fingerprint === committed.plan?.fingerprint && unexplained.length === 0 && unaccounted.length === 0)
        return { ...result, resumes: killed, moved: check.messages };
      // Name the inputs that changed, as `plan --check` does (an edit to a file an item writes).
      const messages = [...check.messages];
      await nameChangedInputs(inputs.root, built, messages);
      const lines = [...unaccounted, ...messages.filter((m) => !unaccounted.includes(m))];
      throw new StalePlanError(
        `${file} is stale: the queue no longer compiles to the reviewed plan:\n${lines.map((m) => `  - ${m}`).join('\n')}\nrun \`waveplan plan\`, review the change, then \`waveplan apply\``,
      );
    }
  }
}

/**
 * After a run, the statuses moved, so the committed plan no longer matches the queue:
 * write the fresh compile (same settings) so the next review starts from the truth.
 * Returns the plan file written, or a warning when the queue no longer compiles.
 */
export async function rewritePlan(inputs: PlanInputs, settings: CompileSettings): Promise<{ file?: string; warning?: string }> {
  const built = await buildPlan({ ...inputs, ...settings });
  if (!compiled(built)) return { warning: `the plan file was not updated: the queue does not compile now\n${formatDiagnostics(built.diagnostics)}` };
  const file = built.loaded.config.plan.file;
  writePlanFile(inputs.root, file, built.bytes);
  return { file };
}
