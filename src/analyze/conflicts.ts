import { compareIds, compareStrings } from '../order.js';
import type { Conflict, ConflictKind, Footprint, ImportGraph } from '../types.js';
import { formatChain } from './import-chains.js';
import { createReach, type Reached } from './reach.js';

const KIND_ORDER: Record<ConflictKind, number> = { file: 0, data: 1, component: 2 };

/**
 * Every conflicting pair (pure). File: W(a) ∩ W(b); data: a shared resource, or W(a) ∩ R(b)
 * (either way round); component: a shared component. One conflict per pair and kind, with the
 * shortest evidence: a shared resource, then a declared read (`002 reads docs/api.md`), then the
 * shortest import chain from the reader's written file to the writer's (`src/b.ts → src/a.ts`).
 */
export function findConflicts(footprints: readonly Footprint[], graph: ImportGraph = new Map(), options: { reach?: (starts: readonly string[]) => Reached } = {}): Conflict[] {
  const sorted = [...footprints].sort((x, y) => compareIds(x.id, y.id));
  const evidence = dataEvidence(options.reach ?? createReach(graph));
  const writeSets = new Map(sorted.map((f) => [f.id, new Set(f.writes)]));
  const out: Conflict[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const [a, b] = [sorted[i], sorted[j]];
      const shared = firstShared(a.writes, writeSets.get(b.id)!);
      if (shared !== undefined) out.push({ kind: 'file', a: a.id, b: b.id, evidence: shared });
      const resource = firstShared(a.resources, b.resources);
      const data = resource !== undefined ? `resource ${resource}` : shortest(evidence(b, a), evidence(a, b));
      if (data !== undefined) out.push({ kind: 'data', a: a.id, b: b.id, evidence: data });
      const component = firstShared(a.components, b.components);
      if (component !== undefined) out.push({ kind: 'component', a: a.id, b: b.id, evidence: `component ${component}` });
    }
  }
  return out.sort(compareConflicts);
}

export function compareConflicts(x: Conflict, y: Conflict): number {
  return compareIds(x.a, y.a) || compareIds(x.b, y.b) || KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || compareStrings(x.evidence, y.evidence);
}

type Evidence = { rank: number; text: string };

/**
 * `evidence(reader, writer)`: why reader depends on what writer changes, or undefined.
 * The search from the reader's write set runs once per reader, and only when needed.
 */
function dataEvidence(reach: (starts: readonly string[]) => Reached): (reader: Footprint, writer: Footprint) => Evidence | undefined {
  const state = new Map<string, { from: Reached; declared?: Set<string> }>();
  const stateOf = (reader: Footprint) => {
    let s = state.get(reader.id);
    if (!s) {
      const from = reach(reader.writes);
      // reads = declared reads ∪ imports; a Set of them is only needed when something was declared.
      state.set(reader.id, (s = { from, declared: reader.reads.length > from.count ? new Set(reader.reads) : undefined }));
    }
    return s;
  };
  return (reader, writer) => {
    if (reader.reads.length === 0) return undefined;
    const { from, declared } = stateOf(reader);
    let best: Evidence | undefined;
    for (const file of writer.writes) {
      if (!from.imports(file) && !declared?.has(file)) continue;
      const chain = from.chainTo(file);
      // Not reachable through imports: the reader declared it under `reads`.
      const found = chain ? { rank: chain.length, text: formatChain(chain) } : { rank: 1, text: `${reader.id} reads ${file}` };
      if (!best || compareEvidence(found, best) < 0) best = found;
    }
    return best;
  };
}

function shortest(x: Evidence | undefined, y: Evidence | undefined): string | undefined {
  if (!x || !y) return (x ?? y)?.text;
  return (compareEvidence(x, y) <= 0 ? x : y).text;
}

function compareEvidence(x: Evidence, y: Evidence): number {
  return x.rank - y.rank || compareStrings(x.text, y.text);
}

/** The smallest value of x that y holds. */
function firstShared(x: readonly string[], y: readonly string[] | ReadonlySet<string>): string | undefined {
  if (x.length === 0) return undefined;
  const set = y instanceof Set ? y : new Set(y as readonly string[]);
  let best: string | undefined;
  for (const v of x) if (set.has(v) && (best === undefined || compareStrings(v, best) < 0)) best = v;
  return best;
}
