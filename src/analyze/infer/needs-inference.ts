import type { Item } from '../../types.js';

/** Inference is only for items that declare nothing: a declared footprint always wins. */
export function needsInference(item: Item): boolean {
  return item.files.length === 0 && item.resources.length === 0 && item.components.length === 0 && !item.branch;
}
