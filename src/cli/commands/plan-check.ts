import { ExitCode } from '../../exit-code.js';
import { workTreeReader } from '../../io/node-fs.js';
import type { CompiledPlan } from '../../plan/build-plan.js';
import type { PlanFileState } from '../../plan/plan-cache.js';
import { nameChangedInputs } from '../../plan/changed-inputs.js';
import { checkPlan, type PlanCheck } from '../../plan/check-plan.js';
import { readPlanFileAfterCompile } from '../../plan/parse-plan.js';

/** `plan --check`'s exit code per result: 0 same, 2 differs or missing, 1 hand-edited or not a plan. */
export const CHECK_EXIT = {
  same: ExitCode.ok,
  differs: ExitCode.differs,
  missing: ExitCode.differs,
  'hand-edited': ExitCode.error,
  invalid: ExitCode.error,
} as const;

/**
 * The committed plan file against a fresh compile, naming the changed inputs when only the
 * fingerprint moved (what `plan --check` and `ci review` tell a reviewer).
 */
export async function checkCommitted(root: string, built: CompiledPlan, planFile: PlanFileState = {}): Promise<PlanCheck> {
  const check = checkPlan(await readPlanFileAfterCompile(workTreeReader(root), built.loaded.config, built.bytes, planFile), built);
  if (check.status === 'differs') await nameChangedInputs(root, built, check.messages);
  return check;
}
