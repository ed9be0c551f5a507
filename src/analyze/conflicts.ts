import { compareIds, compareStrings } from '../order.js';
import type { Conflict, ConflictKind, Footprint } from '../types.js';

const KIND_ORDER: Record<ConflictKind, number> = { file: 0, data: 1, component: 2 };

/**
 * Every conflicting pair (pure). File: W(a) ∩ W(b); data: W(a) ∩ R(b) or a shared
 * resource; component: a shared component. One conflict per pair and kind, with the
 * first evidence in sorted order.
 */
export function findConflicts(footprints: readonly Footprint[]): Conflict[] {
  const sorted = [...footprints].sort((x, y) => compareIds(x.id, y.id));
  const out: Conflict[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      out.push(...pairConflicts(sorted[i], sorted[j]));
    }
  }
  return out.sort(compareConflicts);
}

export function compareConflicts(x: Conflict, y: Conflict): number {
  return compareIds(x.a, y.a) || compareIds(x.b, y.b) || KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || compareStrings(x.evidence, y.evidence);
}

function pairConflicts(a: Footprint, b: Footprint): Conflict[] {
  const out: Conflict[] = [];
  const shared = firstShared(a.writes, b.writes);
  if (shared !== undefined) out.push({ kind: 'file', a: a.id, b: b.id, evidence: shared });
  const resource = firstShared(a.resources, b.resources);
  const readByB = firstShared(a.writes, b.reads);
  const readByA = firstShared(b.writes, a.reads);
  const data = resource !== undefined ? `resource ${resource}` : readByB !== undefined ? `${b.id} reads ${readByB}` : readByA !== undefined ? `${a.id} reads ${readByA}` : undefined;
  if (data !== undefined) out.push({ kind: 'data', a: a.id, b: b.id, evidence: data });
  const component = firstShared(a.components, b.components);
  if (component !== undefined) out.push({ kind: 'component', a: a.id, b: b.id, evidence: `component ${component}` });
  return out;
}

function firstShared(x: readonly string[], y: readonly string[]): string | undefined {
  const set = new Set(y);
  return [...x].sort(compareStrings).find((v) => set.has(v));
}
