import { mayShare, roundEstimate, type Problem } from './problem.js';

/** Rounds of improvement before we stop looking (each round is one accepted move). */
const MAX_ROUNDS = 10_000;

/**
 * Local search on a valid plan: move one item to another wave, or swap two items
 * between waves, whenever that shortens the makespan; first improvement in
 * (wave, item) order, so the result is deterministic. Running items stay in wave 1.
 */
export function improveWaves(p: Problem, start: readonly number[]): number[] {
  const waveOf = start.slice();
  const members: number[][] = [];
  for (let i = 0; i < p.n; i++) (members[waveOf[i]] ??= []).push(i);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (!(tryMove(p, waveOf, members) || trySwap(p, waveOf, members))) break;
  }
  return compact(waveOf);
}

function longest(p: Problem, list: readonly number[], without = -1, withItem = -1): number {
  let m = withItem >= 0 ? p.est[withItem] : 0;
  for (const j of list) if (j !== without) m = Math.max(m, p.est[j]);
  return m;
}

/** Waves i may sit in: after its blockers, before its dependents. */
function window(p: Problem, waveOf: readonly number[], i: number): [number, number] {
  let lo = 0;
  let hi = Infinity;
  for (const b of p.blockers[i]) lo = Math.max(lo, waveOf[b] + 1);
  for (const d of p.dependents[i]) hi = Math.min(hi, waveOf[d] - 1);
  return [lo, hi];
}

function fits(p: Problem, list: readonly number[], i: number, without = -1): boolean {
  let size = 0;
  for (const j of list) {
    if (j === without) continue;
    size++;
    if (!mayShare(p, i, j)) return false;
  }
  return size < p.cap;
}

function tryMove(p: Problem, waveOf: number[], members: number[][]): boolean {
  for (let from = 0; from < members.length; from++) {
    const here = members[from];
    const length = longest(p, here);
    for (const i of here) {
      if (p.running[i]) continue;
      const saved = length - longest(p, here, i);
      if (saved <= 0) continue;
      const [lo, hi] = window(p, waveOf, i);
      for (let to = lo; to <= Math.min(hi, members.length - 1); to++) {
        if (to === from || !fits(p, members[to], i)) continue;
        const grown = Math.max(0, p.est[i] - longest(p, members[to]));
        if (roundEstimate(saved - grown) > 0) {
          relocate(waveOf, members, i, to);
          return true;
        }
      }
    }
  }
  return false;
}

function trySwap(p: Problem, waveOf: number[], members: number[][]): boolean {
  for (let wx = 0; wx < members.length; wx++) {
    const lenX = longest(p, members[wx]);
    for (const x of members[wx]) {
      if (p.running[x] || p.est[x] < lenX) continue;
      const [xlo, xhi] = window(p, waveOf, x);
      for (let wy = Math.max(xlo, 0); wy <= Math.min(xhi, members.length - 1); wy++) {
        if (wy === wx) continue;
        const lenY = longest(p, members[wy]);
        for (const y of members[wy]) {
          if (p.running[y] || p.est[y] >= p.est[x]) continue;
          const [ylo, yhi] = window(p, waveOf, y);
          if (wx < ylo || wx > yhi) continue;
          if (!fits(p, members[wy], x, y) || !fits(p, members[wx], y, x)) continue;
          const after = longest(p, members[wx], x, y) + longest(p, members[wy], y, x);
          if (roundEstimate(lenX + lenY - after) > 0) {
            relocate(waveOf, members, x, wy);
            relocate(waveOf, members, y, wx);
            return true;
          }
        }
      }
    }
  }
  return false;
}

function relocate(waveOf: number[], members: number[][], i: number, to: number): void {
  const from = members[waveOf[i]];
  from.splice(from.indexOf(i), 1);
  members[to].push(i);
  members[to].sort((a, b) => a - b);
  waveOf[i] = to;
}

/** Renumber waves 0.. without the ones emptied by moves. */
export function compact(waveOf: readonly number[]): number[] {
  const used = [...new Set(waveOf)].sort((a, b) => a - b);
  const rank = new Map(used.map((w, k) => [w, k]));
  return waveOf.map((w) => rank.get(w)!);
}
