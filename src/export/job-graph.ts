import { InternalError } from '../errors.js';
import { compareIds } from '../order.js';
import type { Plan, PlanItem } from '../types.js';

/** One item of the plan as a workflow job. */
export interface ItemJob {
  /** Stable job id: `item-001` (`item-12` for issue `#12`). */
  job: string;
  item: PlanItem;
  /** 1-based wave of the plan. */
  wave: number;
  /** Jobs this one waits for, sorted: the whole previous wave ∪ its BlockedBy jobs. */
  needs: string[];
  /** The BlockedBy part of `needs` (blockers that are jobs too), sorted. */
  blockers: string[];
}

const TO_RUN = new Set(['pending', 'in_progress']);

/** `001` → `item-001`, `#12` → `item-12`: a GitHub job id (letters, digits, `-`, `_`). */
export function jobId(itemId: string): string {
  return `item-${itemId.replace(/^#/, '').replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * The plan's waves as a job graph. Why the whole previous wave is in `needs`
 * (a barrier), not only BlockedBy and conflict edges: GitHub Actions has no
 * workflow-wide cap on concurrent jobs, and `needs` is its only ordering tool.
 * The compiler already put conflicting items in different waves and at most
 * `max_parallel` items in one wave, so running the waves one after another
 * keeps both guarantees with nothing else to prove; it is also what `apply`
 * does locally. BlockedBy edges are repeated explicitly so a failed blocker
 * holds its dependents even when later waves are allowed to go on (L3).
 */
export function compileJobGraph(plan: Plan): ItemJob[] {
  const byId = new Map(plan.items.map((i) => [i.id, i]));
  const waveOf = new Map<string, number>();
  const jobs: ItemJob[] = [];
  let previous: string[] = [];
  const waves = [...plan.waves].sort((a, b) => a.index - b.index);
  for (const wave of waves) {
    const current: ItemJob[] = [];
    for (const id of [...wave.items].sort(compareIds)) {
      const item = byId.get(id);
      if (!item) throw new InternalError(`plan wave ${wave.index} names ${id}, which is not among the plan's items`);
      if (!TO_RUN.has(item.status)) continue;
      if (waveOf.has(id)) throw new InternalError(`plan places ${id} in waves ${waveOf.get(id)} and ${wave.index}`);
      waveOf.set(id, wave.index);
      current.push({ job: jobId(id), item, wave: wave.index, needs: [], blockers: [] });
    }
    for (const job of current) job.needs = [...previous];
    jobs.push(...current);
    if (current.length > 0) previous = current.map((j) => j.job);
  }
  const jobOf = new Map(jobs.map((j) => [j.item.id, j]));
  checkUnique(jobs);
  for (const edge of plan.edges.blocked_by) {
    const job = jobOf.get(edge.item);
    const blocker = jobOf.get(edge.on);
    if (!job || !blocker) continue; // a completed blocker is satisfied; held items are not jobs
    if (blocker.wave >= job.wave) throw new InternalError(`plan places ${edge.item} (wave ${job.wave}) no later than its blocker ${edge.on} (wave ${blocker.wave})`);
    job.blockers.push(blocker.job);
  }
  for (const job of jobs) {
    job.blockers = sortJobs(new Set(job.blockers), jobs);
    job.needs = sortJobs(new Set([...job.needs, ...job.blockers]), jobs);
  }
  return jobs;
}

function checkUnique(jobs: ItemJob[]): void {
  const seen = new Map<string, string>();
  for (const j of jobs) {
    const other = seen.get(j.job);
    if (other !== undefined) throw new InternalError(`items ${other} and ${j.item.id} map to one job id ${j.job}`);
    seen.set(j.job, j.item.id);
  }
}

/** Job ids in item-id order (`item-9` before `item-10`). */
function sortJobs(ids: Set<string>, jobs: ItemJob[]): string[] {
  return jobs.filter((j) => ids.has(j.job)).map((j) => j.item.id).sort(compareIds).map(jobId);
}
