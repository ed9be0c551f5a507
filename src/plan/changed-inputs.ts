import { changedSinceCommitted } from '../io/changed-since.js';
import type { CompiledPlan } from './build-plan.js';
import { needsInference } from '../analyze/infer/needs-inference.js';
import { INPUT_CHANGED } from './check-plan.js';

const MAX_NAMED = 10;

/**
 * When only the fingerprint moved, say which inputs did: the item files, the config and the files
 * in write sets and on evidence chains that git shows changed since the plan file's last commit
 * (what `plan --check`, `ci review` and `apply`'s stale-plan refusal tell the user; docs/plan-file.md).
 * When the waves moved and no input did, say that what inference found moved (for a stale plan only).
 * Naming them costs two git processes: only where the user is told the plan is stale.
 */
export async function nameChangedInputs(root: string, built: CompiledPlan, messages: string[]): Promise<void> {
  const at = messages.indexOf(INPUT_CHANGED);
  const { config, configSource, items } = built.loaded;
  const inferred = items.filter((i) => (i.status === 'pending' || i.status === 'in_progress') && needsInference(i)).map((i) => i.id);
  // What moved (a write set, a conflict) with no input moving: say why, when inference can be the cause.
  if (at === -1 && (messages.length === 0 || inferred.length === 0)) return;
  const inputs = [...(built.inputs ?? []), ...items.map((i) => i.file), ...(configSource ? [configSource] : [])];
  const since = await changedSinceCommitted(root, config.plan.file, inputs);
  if (!since) return;
  if (since.changed.length === 0) {
    // Nothing git holds moved, yet the plan did: inference reads more than the inputs, the history
    // and what runs taught (.agent/learned.json, committed, and this machine's runs it does not hold yet: docs/inference.md).
    if (inferred.length === 0) return;
    const cause =
      `no input changed since ${sinceWhat(since)}, but what inference found for ${named(inferred)} did: ` +
      'it reads the history and what runs taught it (.agent/learned.json, which apply writes after each run: commit it with the plan; ' +
      "runs in .agent/runs that it does not hold yet are this machine's only, so a plan made on another machine differs here); " +
      'commit .agent/learned.json, or record their files with `waveplan infer --write` (review them), to plan the same everywhere';
    // First: the terminal shows the first 40 changes (format-changes.ts), and this is why they moved.
    if (at === -1) messages.unshift(cause);
    else messages[at] = cause;
    return;
  }
  if (at === -1) return;
  messages[at] = `changed since ${sinceWhat(since)}: ${named(since.changed)}; the waves are the same but the fingerprint is not`;
}

/** The first ten, then how many more. */
function named(list: readonly string[]): string {
  return list.slice(0, MAX_NAMED).join(', ') + (list.length > MAX_NAMED ? `, and ${list.length - MAX_NAMED} more` : '');
}

/** `the plan was last committed (3f2a1c9)`, or for a plan never committed `HEAD (3f2a1c9), the plan not being committed`. */
function sinceWhat(since: { commit: string; committed: boolean }): string {
  return since.committed ? `the plan was last committed (${since.commit.slice(0, 7)})` : `HEAD (${since.commit.slice(0, 7)}), the plan not being committed`;
}
