import { formatDiagnostic } from '../diagnostics.js';
import type { Plan } from '../types.js';
import { diffPlans } from './diff-plan.js';
import type { PlanFileRead } from './parse-plan.js';
import { fromPlanFile } from './plan-file.js';
import { differsOnlyInFingerprint, serializePlan, toOrderedPlan } from './serialize-plan.js';

export const PlanCheckStatus = {
  same: 'same',
  differs: 'differs',
  missing: 'missing',
  handEdited: 'hand-edited',
  invalid: 'invalid',
} as const;
export type PlanCheckStatus = (typeof PlanCheckStatus)[keyof typeof PlanCheckStatus];

const MAX_PROBLEMS = 5;
export const INPUT_CHANGED =
  'an input changed (an item file, the config, or a file in a write set or evidence chain); the waves are the same but the fingerprint is not';

export interface PlanCheck {
  status: PlanCheckStatus;
  /** What is wrong or what moved, one sentence each; empty when the plan is the same. */
  messages: string[];
  /** The fresh plan as it would be written (UTF-8). */
  bytes: Buffer;
}

/**
 * Compare the committed plan with a fresh compile (pure). Same bytes: same. Same
 * fingerprint but other bytes: the file was edited by hand (the compiler is
 * deterministic, so the inputs it records cannot give that content). Otherwise the
 * messages say what moved.
 */
export function checkPlan(committed: PlanFileRead, compiled: { plan: Plan; bytes?: Buffer }): PlanCheck {
  // `compiled.plan` is read only when the bytes differ: from a cache hit, it is parsed then.
  const bytes = compiled.bytes ?? Buffer.from(serializePlan(compiled.plan));
  if (!committed.exists) return { status: 'missing', bytes, messages: [`no plan file at ${committed.file}; run \`waveplan plan\` to write it`] };
  // The same bytes need no decoding or parsing (the fresh plan is valid). A checkout with
  // core.autocrlf may hand us CRLF; the plan is the same.
  const committedBytes = committed.bytes ?? (committed.text === undefined ? undefined : Buffer.from(committed.text));
  let same = committedBytes !== undefined && bytes.equals(committedBytes);
  if (!same && committedBytes?.includes(13)) same = committed.text?.replace(/\r\n/g, '\n') === bytes.toString('utf8');
  if (same) return { status: 'same', bytes, messages: [] };
  // Only the fingerprint moved (a file in a write set was edited): nothing to parse or compare.
  if (committedBytes !== undefined && differsOnlyInFingerprint(bytes, committedBytes)) return { status: 'differs', bytes, messages: [INPUT_CHANGED] };
  if (!committed.plan) {
    // A plan from another tool or version can have hundreds of problems: the first few say enough.
    const shown = committed.diagnostics.slice(0, MAX_PROBLEMS).map(formatDiagnostic);
    const more = committed.diagnostics.length - shown.length;
    return {
      status: 'invalid',
      bytes,
      messages: [
        `${committed.file} is not a valid plan; run \`waveplan plan\` to write it again`,
        ...shown,
        ...(more > 0 ? [`… and ${more} more problem${more === 1 ? '' : 's'}`] : []),
      ],
    };
  }
  const fresh = compiled.plan;
  // The committed plan holds evidence only for pinning conflicts: compare with the fresh plan as its file holds it.
  const moved = diffPlans(committed.plan, fromPlanFile(toOrderedPlan(fresh)));
  if (committed.plan.fingerprint === fresh.fingerprint) {
    return {
      status: 'hand-edited',
      bytes,
      messages: [
        `${committed.file} was edited by hand: its fingerprint matches the queue, but its content is not what the queue compiles to; run \`waveplan plan\` to write it again`,
        ...moved.map((m) => `compiled plan differs: ${m}`),
      ],
    };
  }
  return {
    status: 'differs',
    bytes,
    messages: moved.length > 0 ? moved : [INPUT_CHANGED],
  };
}
