/** Did-you-mean: the closest candidate within a small edit distance, if any. */
export function suggest(found: string, candidates: readonly string[]): string | undefined {
  const needle = found.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(needle.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Damerau–Levenshtein (optimal string alignment) distance. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export function didYouMean(found: string, candidates: readonly string[]): string | undefined {
  const match = suggest(found, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}

/** The ids a queue holds, for an error naming an unknown one: all of a short queue, the first and last five of a long one. */
export function knownIds(ids: readonly string[]): string {
  return ids.length <= 12 ? ids.join(', ') : `${[...ids.slice(0, 5), '…', ...ids.slice(-5)].join(', ')} (${ids.length} items)`;
}
