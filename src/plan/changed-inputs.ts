import { changedSinceCommitted } from '../io/changed-since.js';
import type { CompiledPlan } from './build-plan.js';
import { INPUT_CHANGED } from './check-plan.js';

const MAX_NAMED = 10;

/**
 * When only the fingerprint moved, say which inputs did: the item files, the config and the files
 * in write sets and on evidence chains that git shows changed since the plan file's last commit
 * (what `plan --check`, `ci review` and `apply`'s stale-plan refusal tell the user; docs/plan-file.md).
 * Naming them costs two git processes: only where the user is told the plan is stale.
 */
export async function nameChangedInputs(root: string, built: CompiledPlan, messages: string[]): Promise<void> {
  const at = messages.indexOf(INPUT_CHANGED);
  if (at === -1) return;
  const { config, configSource, items } = built.loaded;
  const inputs = [...(built.inputs ?? []), ...items.map((i) => i.file), ...(configSource ? [configSource] : [])];
  const since = await changedSinceCommitted(root, config.plan.file, inputs);
  if (!since || since.changed.length === 0) return;
  const shown = since.changed.slice(0, MAX_NAMED).join(', ') + (since.changed.length > MAX_NAMED ? `, and ${since.changed.length - MAX_NAMED} more` : '');
  messages[at] = `changed since the plan was last committed (${since.commit.slice(0, 7)}): ${shown}; the waves are the same but the fingerprint is not`;
}
