/** Comparators shared by every stage; never `localeCompare`, so output is the same everywhere. */

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Item ids: by numeric value (`#12` and `012` read as 12), then as strings. */
export function compareIds(a: string, b: string): number {
  return idNumber(a) - idNumber(b) || compareStrings(a, b);
}

export function idNumber(id: string): number {
  // A loop, not a regex: a 500-item plan sorts 125k conflicts by id, twice per comparison.
  const start = id.charCodeAt(0) === 35 ? 1 : 0; // '#'
  if (id.length === start) return Number.MAX_SAFE_INTEGER;
  for (let i = start; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return Number.MAX_SAFE_INTEGER;
  }
  return Number(start === 0 ? id : id.slice(1));
}

export function sortStrings(values: Iterable<string>): string[] {
  return [...values].sort(compareStrings);
}

export function sortIds(values: Iterable<string>): string[] {
  return [...values].sort(compareIds);
}

export function uniqueSorted(values: Iterable<string>): string[] {
  return sortStrings(new Set(values));
}
