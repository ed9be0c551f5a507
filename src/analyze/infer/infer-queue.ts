import type { Item } from '../../types.js';
import type { InferContext } from './find-hits.js';
import { inferFootprint, type Inference, type InferOptions } from './infer-footprint.js';
import { extractEvidence, itemText } from './text-evidence.js';
import { needsInference } from './needs-inference.js';
import { itemTerms } from './item-terms.js';
import { contentQuery } from './content-terms.js';
import { itemWithoutBoilerplate } from './boilerplate.js';
import { updatedDependency, updatesDependencyVersion } from './dependency-update.js';
import { tuningOf } from './tuning.js';

/** Inferred footprints of the items that declare none, by id (pure). */
export function inferQueue(items: readonly Item[], context: InferContext, options: InferOptions = {}): Map<string, Inference> {
  const out = new Map<string, Inference>();
  for (const item of items) {
    if (!needsInference(item)) continue;
    // A pull-request template's checklist, in the item as in past commits, says nothing about this change.
    const text = itemWithoutBoilerplate(itemText(item), context.changes?.boilerplate);
    // Past changes are compared title to subject (a body's prose against a one-line subject only
    // dilutes the shared rare words), and whole text to whole message (docs/inference.md).
    // A dependency update's body links into the dependency's repository: those files are not ours.
    const dependency = tuningOf(context).upstreamBody && updatesDependencyVersion(text.title) ? updatedDependency(text.title) : undefined;
    out.set(
      item.id,
      inferFootprint(
        extractEvidence(text, dependency === undefined ? {} : { dependency }),
        context,
        options,
        itemTerms({ title: text.title, body: [] }),
        contentQuery(text),
        itemTerms(text),
      ),
    );
  }
  return out;
}
