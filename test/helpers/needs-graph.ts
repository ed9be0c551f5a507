import { parse } from 'yaml';

/** The `needs:` graph of a workflow text: job → jobs it needs directly. */
export function needsGraph(workflow: string): Map<string, string[]> {
  const jobs = (parse(workflow) as { jobs: Record<string, { needs?: string[] | string }> }).jobs;
  return new Map(Object.entries(jobs).map(([id, job]) => [id, job.needs === undefined ? [] : ([] as string[]).concat(job.needs)]));
}

/** reach.get(a).has(b): a transitively needs b. Throws on a cycle. */
export function reachability(graph: Map<string, string[]>): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const visit = (job: string): Set<string> => {
    const done = reach.get(job);
    if (done) return done;
    if (visiting.has(job)) throw new Error(`needs cycle through ${job}`);
    visiting.add(job);
    const out = new Set<string>();
    for (const dep of graph.get(job) ?? []) {
      if (!graph.has(dep)) throw new Error(`${job} needs unknown job ${dep}`);
      out.add(dep);
      for (const d of visit(dep)) out.add(d);
    }
    visiting.delete(job);
    reach.set(job, out);
    return out;
  };
  for (const job of graph.keys()) visit(job);
  return reach;
}

/**
 * The most jobs that can ever run at once: the largest antichain of the needs
 * order, = n − maximum matching in the comparability bipartite graph (Dilworth, König).
 */
export function maxConcurrent(jobs: string[], reach: Map<string, Set<string>>): number {
  const matchOf = new Map<string, string>();
  const tryMatch = (a: string, seen: Set<string>): boolean => {
    for (const b of reach.get(a) ?? []) {
      if (!jobs.includes(b) || seen.has(b)) continue;
      seen.add(b);
      const current = matchOf.get(b);
      if (current === undefined || tryMatch(current, seen)) {
        matchOf.set(b, a);
        return true;
      }
    }
    return false;
  };
  let matching = 0;
  for (const a of jobs) if (tryMatch(a, new Set())) matching++;
  return jobs.length - matching;
}
