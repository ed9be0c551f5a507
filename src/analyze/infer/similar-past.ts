import type { PastChange } from './change-history.js';

/** Past changes by term, with each term's inverse document frequency: built once per queue (pure). */
export interface PastIndex {
  past: readonly PastChange[];
  byTerm: ReadonlyMap<string, readonly number[]>;
  idf: ReadonlyMap<string, number>;
  /** Each past change's norm (√Σ idf²). */
  norms: readonly number[];
}

export function indexPast(past: readonly PastChange[]): PastIndex {
  const byTerm = new Map<string, number[]>();
  past.forEach((change, i) => {
    for (const term of change.terms) {
      const list = byTerm.get(term);
      if (list) list.push(i);
      else byTerm.set(term, [i]);
    }
  });
  const idf = new Map<string, number>();
  for (const [term, list] of byTerm) idf.set(term, Math.log((past.length + 1) / list.length));
  const norms = past.map((change) => Math.sqrt(change.terms.reduce((sum, t) => sum + idf.get(t)! ** 2, 0)));
  return { past, byTerm, idf, norms };
}

export interface SimilarChange {
  change: PastChange;
  /** Cosine similarity of the IDF-weighted term sets, 0..1. */
  similarity: number;
  /** The shared terms, rarest first. */
  shared: string[];
}

/**
 * The past changes whose words are closest to `terms`: cosine over IDF-weighted terms, so
 * shared rare words (`etag`, `expandIPv6`) count and shared common ones (`client`, `error`)
 * barely do. A term the past never used weighs as the rarest one. Best first, ties by age.
 */
export function similarPast(terms: readonly string[], index: PastIndex, options: { limit: number; min: number }): SimilarChange[] {
  if (index.past.length === 0 || terms.length === 0) return [];
  const unseen = Math.log(index.past.length + 1);
  const weightOf = (t: string) => index.idf.get(t) ?? unseen;
  const norm = Math.sqrt(terms.reduce((sum, t) => sum + weightOf(t) ** 2, 0));
  const dots = new Map<number, number>();
  for (const term of terms) {
    const w = index.idf.get(term);
    if (w === undefined || w === 0) continue;
    for (const i of index.byTerm.get(term)!) dots.set(i, (dots.get(i) ?? 0) + w * w);
  }
  const out: SimilarChange[] = [];
  for (const [i, dot] of dots) {
    const similarity = dot / (norm * index.norms[i]);
    if (similarity < options.min) continue;
    const change = index.past[i];
    const mine = new Set(terms);
    const shared = change.terms.filter((t) => mine.has(t)).sort((a, b) => weightOf(b) - weightOf(a) || (a < b ? -1 : a > b ? 1 : 0));
    out.push({ change, similarity: Math.round(similarity * 100) / 100, shared });
  }
  return out
    .sort((a, b) => b.similarity - a.similarity || b.change.weight - a.change.weight || (a.change.source < b.change.source ? -1 : 1))
    .slice(0, options.limit);
}
