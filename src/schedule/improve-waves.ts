import { mayShare, roundEstimate, type Problem } from './problem.js';

/** Passes over all waves before we stop looking; each pass applies every improving move it finds. */
const MAX_PASSES = 60;

/**
 * Local search on a valid plan, in passes while the makespan drops: shrink a wave by
 * moving all its longest items into waves they fit without stretching them; move one
 * item to another wave when that shortens the makespan; swap a wave's longest item
 * with a shorter one elsewhere. Scans in (wave, item) order, so the result is
 * deterministic. Running items stay in wave 1.
 */
export function improveWaves(p: Problem, start: readonly number[]): number[] {
  const state = new State(p, start);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const improved = shrinkPass(state) + movePass(state) + swapPass(state);
    if (improved === 0) break;
  }
  return compact(state.waveOf);
}

class State {
  readonly waveOf: number[];
  readonly members: number[][] = [];
  constructor(
    readonly p: Problem,
    start: readonly number[],
  ) {
    this.waveOf = start.slice();
    for (let i = 0; i < p.n; i++) (this.members[this.waveOf[i]] ??= []).push(i);
  }
  longest(wave: number, without = -1, withItem = -1): number {
    let m = withItem >= 0 ? this.p.est[withItem] : 0;
    for (const j of this.members[wave]) if (j !== without) m = Math.max(m, this.p.est[j]);
    return m;
  }
  /** Waves i may sit in: after its blockers, before its dependents. */
  window(i: number): [number, number] {
    let lo = 0;
    let hi = this.members.length - 1;
    for (const b of this.p.blockers[i]) lo = Math.max(lo, this.waveOf[b] + 1);
    for (const d of this.p.dependents[i]) hi = Math.min(hi, this.waveOf[d] - 1);
    return [lo, hi];
  }
  fits(wave: number, i: number, without = -1): boolean {
    let size = 0;
    for (const j of this.members[wave]) {
      if (j === without) continue;
      size++;
      if (!mayShare(this.p, i, j)) return false;
    }
    return size < this.p.cap;
  }
  relocate(i: number, to: number): void {
    const from = this.members[this.waveOf[i]];
    from.splice(from.indexOf(i), 1);
    const list = this.members[to];
    let k = list.length;
    while (k > 0 && list[k - 1] > i) k--;
    list.splice(k, 0, i);
    this.waveOf[i] = to;
  }
}

/** Move every item that sets a wave's length into other waves where it fits without growing them. */
function shrinkPass(s: State): number {
  let improved = 0;
  for (let w = 0; w < s.members.length; w++) {
    const length = s.longest(w);
    const top = s.members[w].filter((i) => s.p.est[i] === length);
    if (length <= 0 || top.length === 0 || top.some((i) => s.p.running[i])) continue;
    const moved: number[] = [];
    for (const i of top) {
      const [lo, hi] = s.window(i);
      let target = -1;
      for (let to = lo; to <= hi && target < 0; to++) if (to !== w && s.longest(to) >= s.p.est[i] && s.fits(to, i)) target = to;
      if (target < 0) break;
      s.relocate(i, target);
      moved.push(i);
    }
    if (moved.length === top.length) improved++;
    else for (const i of moved.reverse()) s.relocate(i, w);
  }
  return improved;
}

function movePass(s: State): number {
  let improved = 0;
  for (let from = 0; from < s.members.length; from++) {
    for (const i of [...s.members[from]]) {
      if (s.p.running[i]) continue;
      const saved = s.longest(from) - s.longest(from, i);
      if (saved <= 0) continue;
      const [lo, hi] = s.window(i);
      for (let to = lo; to <= hi; to++) {
        if (to === from || !s.fits(to, i)) continue;
        const grown = Math.max(0, s.p.est[i] - s.longest(to));
        if (roundEstimate(saved - grown) > 0) {
          s.relocate(i, to);
          improved++;
          break;
        }
      }
    }
  }
  return improved;
}

function swapPass(s: State): number {
  let improved = 0;
  for (let wx = 0; wx < s.members.length; wx++) {
    const lenX = s.longest(wx);
    const top = s.members[wx].filter((x) => s.p.est[x] === lenX && !s.p.running[x]);
    if (top.length !== 1) continue;
    const x = top[0];
    const [xlo, xhi] = s.window(x);
    search: for (let wy = xlo; wy <= xhi; wy++) {
      if (wy === wx) continue;
      const lenY = s.longest(wy);
      for (const y of s.members[wy]) {
        if (s.p.running[y] || s.p.est[y] >= s.p.est[x]) continue;
        const [ylo, yhi] = s.window(y);
        if (wx < ylo || wx > yhi) continue;
        if (!s.fits(wy, x, y) || !s.fits(wx, y, x)) continue;
        const after = s.longest(wx, x, y) + s.longest(wy, y, x);
        if (roundEstimate(lenX + lenY - after) > 0) {
          s.relocate(x, wy);
          s.relocate(y, wx);
          improved++;
          break search;
        }
      }
    }
  }
  return improved;
}

/** Renumber waves 0.. without the ones emptied by moves. */
export function compact(waveOf: readonly number[]): number[] {
  const used = [...new Set(waveOf)].sort((a, b) => a - b);
  const rank = new Map(used.map((w, k) => [w, k]));
  return waveOf.map((w) => rank.get(w)!);
}
