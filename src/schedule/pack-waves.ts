import { mayShare, type Problem } from './problem.js';
import { comparePriority } from './priority.js';

/**
 * A second construction, wave by wave: the best ready item by priority opens the
 * wave and sets its length; the wave is then filled with ready items no longer
 * than that, longest first (priority breaks ties), so items of like length share
 * waves and short items do not each stretch a wave of their own. Running items
 * open the first wave. Returns each item's 0-based wave.
 */
export function packWaves(p: Problem, tail: readonly number[]): number[] {
  const waveOf = new Array<number>(p.n).fill(-1);
  const unplacedConflicts = p.degree.slice();
  let left = p.n;
  const place = (i: number, wave: number, members: number[]) => {
    waveOf[i] = wave;
    members.push(i);
    left--;
    for (let j = 0; j < p.n; j++) if (p.adj[i * p.n + j]) unplacedConflicts[j]--;
  };
  for (let wave = 0; left > 0; wave++) {
    const ready: number[] = [];
    for (let i = 0; i < p.n; i++) if (waveOf[i] < 0 && p.blockers[i].every((b) => waveOf[b] >= 0 && waveOf[b] < wave)) ready.push(i);
    const byPriority = (x: number, y: number) => comparePriority(p, tail, unplacedConflicts, x, y);
    const members: number[] = [];
    if (wave === 0) for (let i = 0; i < p.n; i++) if (p.running[i]) place(i, 0, members);
    if (members.length === 0) {
      if (ready.length === 0) break;
      place(
        ready.reduce((best, i) => (byPriority(i, best) < 0 ? i : best)),
        wave,
        members,
      );
    }
    const length = Math.max(...members.map((i) => p.est[i]));
    const fill = ready.filter((i) => waveOf[i] < 0 && p.est[i] <= length).sort((x, y) => p.est[y] - p.est[x] || byPriority(x, y));
    for (const i of fill) {
      if (members.length >= p.cap) break;
      if (members.every((j) => mayShare(p, i, j))) place(i, wave, members);
    }
  }
  return waveOf;
}
