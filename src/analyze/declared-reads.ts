import type { Footprint } from '../types.js';

const declared = new WeakMap<Footprint, readonly string[]>();

/** Record what compileFootprint expanded from an item's `reads`: its read set is these and what the write set imports. */
export function setDeclaredReads(footprint: Footprint, files: readonly string[]): void {
  declared.set(footprint, files);
}

/**
 * A footprint's declared reads (compileFootprint's), so a reader need not list its whole read set
 * (`reads`, thousands of imported files) to be checked; undefined for a footprint made elsewhere.
 */
export function declaredReadsOf(footprint: Footprint): readonly string[] | undefined {
  return declared.get(footprint);
}
