/** Comparators shared by every stage; never `localeCompare`, so output is the same everywhere. */

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Item ids: by numeric value (`#12` and `012` read as 12), then as strings. */
export function compareIds(a: string, b: string): number {
  return idNumber(a) - idNumber(b) || compareStrings(a, b);
}

export function idNumber(id: string): number {
  const digits = id.replace(/^#/, '');
  return /^\d+$/.test(digits) ? Number(digits) : Number.MAX_SAFE_INTEGER;
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
