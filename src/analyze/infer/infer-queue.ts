import type { Item } from '../../types.js';
import type { InferContext } from './find-hits.js';
import { inferFootprint, type Inference, type InferOptions } from './infer-footprint.js';
import { extractEvidence, itemText } from './text-evidence.js';

/** Inference is only for items that declare nothing: a declared footprint always wins. */
export function needsInference(item: Item): boolean {
  return item.files.length === 0 && item.resources.length === 0 && item.components.length === 0 && !item.branch;
}

/** Inferred footprints of the items that declare none, by id (pure). */
export function inferQueue(items: readonly Item[], context: InferContext, options: InferOptions = {}): Map<string, Inference> {
  const out = new Map<string, Inference>();
  for (const item of items) {
    if (needsInference(item)) out.set(item.id, inferFootprint(extractEvidence(itemText(item)), context, options));
  }
  return out;
}
