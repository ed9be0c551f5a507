import { ExitCode } from '../../exit-code.js';
import { changedSinceCommitted } from '../../io/changed-since.js';
import { workTreeReader } from '../../io/node-fs.js';
import type { CompiledPlan } from '../../plan/build-plan.js';
import type { PlanFileState } from '../../plan/plan-cache.js';
import { checkPlan, INPUT_CHANGED, type PlanCheck } from '../../plan/check-plan.js';
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
  await nameChangedInputs(root, built, check.messages);
  return check;
}

const MAX_NAMED = 10;

/**
 * When only the fingerprint moved, say which inputs did: the item files, the config and the files
 * in write sets and on evidence chains that git shows changed since the plan file's last commit.
 * Naming them costs two git processes: only where the user is told the plan is stale.
 */
async function nameChangedInputs(root: string, built: CompiledPlan, messages: string[]): Promise<void> {
  const at = messages.indexOf(INPUT_CHANGED);
  if (at === -1) return;
  const { config, configSource, items } = built.loaded;
  const inputs = [...(built.inputs ?? []), ...items.map((i) => i.file), ...(configSource ? [configSource] : [])];
  const since = await changedSinceCommitted(root, config.plan.file, inputs);
  if (!since || since.changed.length === 0) return;
  const shown = since.changed.slice(0, MAX_NAMED).join(', ') + (since.changed.length > MAX_NAMED ? `, and ${since.changed.length - MAX_NAMED} more` : '');
  messages[at] = `changed since the plan was last committed (${since.commit.slice(0, 7)}): ${shown}; the waves are the same but the fingerprint is not`;
}
