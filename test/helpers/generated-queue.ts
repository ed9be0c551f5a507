import { defaultConfig } from '../../src/config/defaults.js';
import { compilePlan } from '../../src/plan/compile-plan.js';
import type { Analysis, Conflict, Item, Plan } from '../../src/types.js';
import { random } from '../../bench/random.js';
import { makeItem } from './items.js';

export interface GeneratedQueue {
  items: Item[];
  analysis: Analysis;
}

const FINGERPRINT = `sha256:${'0'.repeat(64)}`;

/**
 * A queue shaped like a real app's (docs/plan-file.md, "Sizes"): `n` items with titles and
 * commands, each writing 1–3 files of a `4n`-file tree where a few hot files are written
 * often, and reading ~6 files through import chains of 1–3 hops; some BlockedBy edges. Conflicts
 * as the analysis makes them: shared files (`file`), and a read of another item's write
 * (`data`, the import chain as evidence). Deterministic for a seed.
 */
export function generateQueue(n: number, seed = 7): GeneratedQueue {
  const rnd = random(seed);
  const files = Array.from({ length: 4 * n }, (_, i) => `src/features/area-${i % 17}/module-${i}/component-${i}.tsx`);
  const hot = files.slice(0, Math.max(3, Math.round(n / 20)));
  const pick = (xs: readonly string[]) => xs[Math.floor(rnd() * xs.length)]!;
  const id = (i: number) => String(i + 1).padStart(3, '0');
  const writes: string[][] = [];
  const reads: Array<Map<string, string[]>> = [];
  const items: Item[] = [];
  for (let i = 0; i < n; i++) {
    const w = new Set<string>();
    const count = 1 + Math.floor(rnd() * 3);
    while (w.size < count) w.add(rnd() < 0.25 ? pick(hot) : pick(files));
    writes.push([...w].sort());
    const r = new Map<string, string[]>();
    for (let k = 0; k < 6; k++) {
      const target = pick(files);
      const via = Array.from({ length: Math.floor(rnd() * 3) }, () => pick(files));
      r.set(target, [writes[i]![0]!, ...via, target]);
    }
    reads.push(r);
    const blockedBy = i > 0 && rnd() < 0.1 ? [id(Math.floor(rnd() * i))] : [];
    items.push(
      makeItem(id(i), {
        title: `Rework ${pick(files).split('/')[2]} so that it ${pick(['loads lazily', 'keeps its state across reloads', 'validates input', 'reports errors'])}`,
        files: writes[i],
        blockedBy,
        estimate: 1 + Math.floor(rnd() * 3),
        run: `claude -p "work on item ${id(i)}" --permission-mode acceptEdits`,
      }),
    );
  }
  const conflicts: Conflict[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const shared = writes[a]!.find((f) => writes[b]!.includes(f));
      if (shared) conflicts.push({ kind: 'file', a: id(a), b: id(b), evidence: { kind: 'file', file: shared } });
      const readBy = (x: number, y: number) => writes[y]!.map((f) => reads[x]!.get(f)).find((c) => c !== undefined);
      const chain = readBy(b, a) ?? readBy(a, b);
      if (chain) conflicts.push({ kind: 'data', a: id(a), b: id(b), evidence: { kind: 'import-chain', reader: readBy(b, a) ? id(b) : id(a), chain } });
    }
  }
  return {
    items,
    analysis: {
      footprints: items.map((i) => ({ id: i.id, writes: i.files, origins: {}, reads: [], components: [], resources: [], unknown: false })),
      conflicts,
      files: [...new Set([...writes.flat()])].sort(),
    },
  };
}

/** The plan of a generated queue (pure: no repository, a fixed fingerprint). */
export function planOf(queue: GeneratedQueue, maxParallel = 5): Plan {
  return compilePlan({ items: queue.items, config: defaultConfig(), analysis: queue.analysis, fingerprint: FINGERPRINT, maxParallel });
}
