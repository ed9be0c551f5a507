import { DEFAULT_PRIORITY, type Footprint, type Item } from '../../src/types.js';

/** An item for pure tests; every field has a sensible default. */
export function makeItem(id: string, fields: Partial<Item> = {}): Item {
  return {
    id,
    file: `.agent/queue/${id}-${fields.status ?? 'pending'}-item-${id}.md`,
    slug: `item-${id}`,
    status: 'pending',
    title: `Item ${id}`,
    priority: DEFAULT_PRIORITY,
    estimate: 1,
    blockedBy: [],
    blocks: [],
    files: [],
    reads: [],
    resources: [],
    components: [],
    sections: {},
    body: '',
    ...fields,
  };
}

/** A known footprint for pure tests: item `id` (a number is padded to three digits) writes `writes` (sorted here), reads nothing else. */
export function makeFootprint(id: string | number, writes: readonly string[], fields: Partial<Footprint> = {}): Footprint {
  return {
    id: typeof id === 'number' ? String(id).padStart(3, '0') : id,
    writes: [...writes].sort(),
    origins: {},
    reads: [],
    components: [],
    resources: [],
    unknown: false,
    ...fields,
  };
}
