import { gitText } from '../io/git-exec.js';
import type { GitContext } from '../land/index.js';
import { compareIds } from '../order.js';
import type { Plan, Status } from '../types.js';
import { fetchTip } from './git-land.js';

/**
 * The items of `id`'s wave that land before it: lower ids that were still to run when this job
 * started and are not held (a BlockedBy blocker not completed). The running is parallel, the
 * landing goes in plan order, as in `apply` (docs/github.md "How an item lands"), so of two
 * items that turn out to conflict, the lower id lands and the other is blocked.
 */
export function earlierInWave(plan: Plan, id: string, status: (id: string) => Status | undefined): string[] {
  const wave = plan.waves.find((w) => w.items.includes(id));
  if (!wave) return [];
  const held = (other: string) => plan.edges.blocked_by.some((e) => e.item === other && status(e.on) !== 'completed');
  return wave.items
    .filter((other) => compareIds(other, id) < 0)
    .filter((other) => (status(other) === 'pending' || status(other) === 'in_progress') && !held(other))
    .sort(compareIds);
}

export interface WaitRequest {
  git: GitContext;
  remote: string;
  target: string;
  /** The commit this job started from: landings after it are looked for. */
  start: string;
  earlier: readonly string[];
  timeoutMs: number;
  pollMs: number;
  say(line: string): void;
  now?: () => number;
}

/**
 * Wait until every earlier item has a landing or blocking commit (an `Item:` trailer on the
 * target's first-parent history since `start`). Returns the ids still missing at the timeout
 * (a job that never ran or died): the caller lands anyway and says so.
 */
export async function waitForEarlier(request: WaitRequest): Promise<string[]> {
  const now = request.now ?? Date.now;
  const deadline = now() + request.timeoutMs;
  let missing = [...request.earlier];
  let said = '';
  while (missing.length > 0) {
    const tip = await fetchTip(request.git, request.remote, request.target);
    const log =
      tip === request.start
        ? ''
        : await gitText(['log', '--first-parent', '--format=%(trailers:key=Item,valueonly,separator=%x2C)', `${request.start}..${tip}`], request.git);
    const settled = new Set(log.split(/[\n,]/).map((s) => s.trim()));
    missing = missing.filter((other) => !settled.has(other));
    if (missing.length === 0 || now() >= deadline) break;
    const line = `waiting for ${missing.join(', ')} to land first (plan order)`;
    if (line !== said) request.say(line);
    said = line;
    await new Promise((resolve) => setTimeout(resolve, request.pollMs));
  }
  return missing;
}
