import { DEFAULT_PRIORITY, type Item } from '../../src/types.js';

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
