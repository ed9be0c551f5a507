// Plan compiler benchmark: makespan against its lower bound, and compile time, on generated queues
// with BlockedBy chains and file conflicts (npm run bench).
import { performance } from 'node:perf_hooks';
import { defaultConfig } from '../src/config/defaults.js';
import { compilePlan } from '../src/plan/compile-plan.js';
import { serializePlan } from '../src/plan/serialize-plan.js';
import type { Analysis, Conflict, Item } from '../src/types.js';
import { DEFAULT_PRIORITY, PRIORITIES } from '../src/types.js';
import { random } from './random.js';

interface Shape {
  name: string;
  items: number;
  /** Fraction of items that sit in a BlockedBy chain. */
  chained: number;
  /** Files in the pool the items write into: fewer files, more conflicts. */
  files: number;
  maxParallel: number;
}

/** n items, each writing 1–2 files from a shared pool (shared file = conflict), chains of 2–6, estimates 1–5. */
function generate(shape: Shape, seed: number): { items: Item[]; analysis: Analysis } {
  const rnd = random(seed);
  const id = (i: number) => String(i + 1).padStart(4, '0');
  const items: Item[] = [];
  for (let i = 0; i < shape.items; i++) {
    const writes = new Set<string>();
    const count = 1 + Math.floor(rnd() * 2);
    while (writes.size < count) writes.add(`src/f${Math.floor(rnd() * shape.files)}.ts`);
    items.push({
      id: id(i),
      file: `.agent/queue/${id(i)}-pending-x.md`,
      slug: 'x',
      status: 'pending',
      title: `Item ${id(i)}`,
      priority: PRIORITIES[Math.floor(rnd() * 4)] ?? DEFAULT_PRIORITY,
      estimate: 1 + Math.floor(rnd() * 5),
      blockedBy: [],
      blocks: [],
      files: [...writes].sort(),
      reads: [],
      resources: [],
      components: [],
      sections: {},
      body: '',
    });
  }
  // Chains: consecutive runs of the chained items, each waiting for the previous one.
  const chained = Math.floor(shape.items * shape.chained);
  for (let i = 0; i < chained;) {
    const length = 2 + Math.floor(rnd() * 5);
    for (let k = 1; k < length && i + k < chained; k++) items[i + k].blockedBy = [items[i + k - 1].id];
    i += length;
  }
  const byFile = new Map<string, string[]>();
  for (const item of items) for (const f of item.files) byFile.set(f, [...(byFile.get(f) ?? []), item.id]);
  const seen = new Set<string>();
  const conflicts: Conflict[] = [];
  for (const [file, ids] of byFile) {
    for (let x = 0; x < ids.length; x++)
      for (let y = x + 1; y < ids.length; y++) {
        const key = `${ids[x]}|${ids[y]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        conflicts.push({ kind: 'file', a: ids[x], b: ids[y], evidence: { kind: 'file', file } });
      }
  }
  const footprints = items.map((i) => ({ id: i.id, writes: i.files, origins: {}, reads: [], components: [], resources: [], unknown: false }));
  return { items, analysis: { footprints, conflicts, files: [...byFile.keys()].sort() } };
}

const shapes: Shape[] = [
  { name: '50 items, cap 5', items: 50, chained: 0.3, files: 60, maxParallel: 5 },
  { name: '200 items, cap 5', items: 200, chained: 0.3, files: 240, maxParallel: 5 },
  { name: '200 items, cap 8, dense', items: 200, chained: 0.5, files: 80, maxParallel: 8 },
  { name: '1,000 items, cap 8', items: 1000, chained: 0.3, files: 1200, maxParallel: 8 },
  { name: '1,000 items, cap 16, dense', items: 1000, chained: 0.5, files: 400, maxParallel: 16 },
  { name: '1,000 items, long chains, cap 32', items: 1000, chained: 0.95, files: 4000, maxParallel: 32 },
];

const rows: string[][] = [['queue', 'conflicts', 'waves', 'makespan', 'lower bound', 'gap', 'bound by', 'compile ms', 'cpu ms']];
for (const shape of shapes) {
  const { items, analysis } = generate(shape, 20261127);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const plan = compilePlan({ items, config: defaultConfig(), analysis, fingerprint: `sha256:${'0'.repeat(64)}`, maxParallel: shape.maxParallel });
  serializePlan(plan);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const s = plan.stats;
  const b = s.bounds!;
  const by = b.critical_path === s.lower_bound ? 'critical path' : b.capacity === s.lower_bound ? 'capacity' : 'conflicting set';
  rows.push([
    shape.name,
    String(analysis.conflicts.length),
    String(s.waves),
    String(s.makespan),
    String(s.lower_bound),
    `${(((s.makespan - s.lower_bound) / s.lower_bound) * 100).toFixed(1)}%`,
    by,
    ms.toFixed(0),
    cpuMs.toFixed(0),
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log('plan compiler: makespan vs lower bound; compile time (compilePlan + serializePlan), wall clock and CPU\n');
for (const [k, r] of rows.entries()) {
  console.log(`| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`);
  if (k === 0) console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
}
