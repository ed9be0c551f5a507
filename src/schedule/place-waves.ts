import { mayShare, type Problem } from './problem.js';
import { comparePriority } from './priority.js';

/**
 * The priority list scheduler of docs/plan-file.md: running items first (wave 1), then, among
 * the items whose blockers are placed, the best by priority joins the earliest wave
 * after its blockers' waves where it conflicts with no member and there is room.
 * Returns each item's 0-based wave.
 */
export function placeWaves(p: Problem, tail: readonly number[]): number[] {
  const waveOf = new Array<number>(p.n).fill(-1);
  const members: number[][] = [];
  const unplacedConflicts = p.degree.slice();
  const waiting = p.blockers.map((b) => b.length);
  const ready = new Set<number>();
  const place = (i: number, wave: number) => {
    waveOf[i] = wave;
    (members[wave] ??= []).push(i);
    ready.delete(i);
    for (let j = 0; j < p.n; j++) if (p.adj[i * p.n + j]) unplacedConflicts[j]--;
    for (const d of p.dependents[i]) if (--waiting[d] === 0 && waveOf[d] < 0) ready.add(d);
  };
  for (let i = 0; i < p.n; i++) if (waiting[i] === 0) ready.add(i);
  for (let i = 0; i < p.n; i++) if (p.running[i]) place(i, 0);
  while (ready.size > 0) {
    let best = -1;
    for (const i of ready) if (best < 0 || comparePriority(p, tail, unplacedConflicts, i, best) < 0) best = i;
    place(best, earliestWave(p, best, waveOf, members));
  }
  return waveOf;
}

/** The earliest wave after every blocker's wave with room and no conflicting member. */
export function earliestWave(p: Problem, i: number, waveOf: readonly number[], members: ReadonlyArray<readonly number[] | undefined>, skip?: number): number {
  let wave = 0;
  for (const b of p.blockers[i]) wave = Math.max(wave, waveOf[b] + 1);
  for (; ; wave++) {
    const here = members[wave];
    if (!here) return wave;
    if (wave === skip) continue;
    if (here.length < p.cap && here.every((j) => mayShare(p, i, j))) return wave;
  }
}
