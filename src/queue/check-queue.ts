import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { compareIds, idNumber } from '../order.js';
import type { Item } from '../types.js';

/**
 * Cross-item checks (pure): duplicate ids, blockers that do not exist, BlockedBy cycles.
 * Returns the items with `blockedBy` resolved to the ids as the filenames write them,
 * merged with the inverse `Blocks` edges.
 */
export function checkQueue(items: readonly Item[]): { items: Item[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byNumber = new Map<number, Item>();
  for (const item of [...items].sort((a, b) => compareIds(a.id, b.id) || (a.file < b.file ? -1 : 1))) {
    const first = byNumber.get(idNumber(item.id));
    if (first) {
      diagnostics.push(
        diagnostic({
          file: item.file,
          code: 'QUEUE_DUPLICATE_ID',
          message: `id ${item.id} is already used by ${first.file}`,
          expected: 'one file per id',
          found: `${first.file} and ${item.file}`,
          hint: 'give one of them the next free id',
        }),
      );
      continue;
    }
    byNumber.set(idNumber(item.id), item);
  }
  const resolve = (ref: string) => byNumber.get(idNumber(ref))?.id;
  const blockers = new Map<string, Set<string>>();
  for (const item of byNumber.values()) blockers.set(item.id, new Set());
  for (const item of byNumber.values()) {
    for (const ref of item.blockedBy) {
      const id = resolve(ref);
      if (id === undefined) diagnostics.push(unknownRef(item, ref, 'BlockedBy'));
      else if (id === item.id)
        diagnostics.push(
          diagnostic({
            file: item.file,
            line: item.lines?.blockedBy ?? 0,
            col: 1,
            code: 'QUEUE_SELF_BLOCK',
            message: `item ${item.id} is blocked by itself`,
            hint: 'remove its own id from **BlockedBy**',
          }),
        );
      else blockers.get(item.id)!.add(id);
    }
    for (const ref of item.blocks) {
      const id = resolve(ref);
      if (id === undefined) diagnostics.push(unknownRef(item, ref, 'Blocks'));
      else if (id !== item.id) blockers.get(id)!.add(item.id);
    }
  }
  const resolved = [...byNumber.values()].map((item) => ({ ...item, blockedBy: [...blockers.get(item.id)!].sort(compareIds) }));
  for (const cycle of findCycles(resolved)) {
    const first = resolved.find((i) => i.id === cycle[0])!;
    diagnostics.push(
      diagnostic({
        file: first.file,
        line: first.lines?.blockedBy ?? 0,
        col: 1,
        code: 'QUEUE_CYCLE',
        message: `BlockedBy cycle: ${[...cycle, cycle[0]].join(' → ')}`,
        expected: 'BlockedBy edges without cycles',
        found: cycle.join(', '),
        hint: 'remove one of these edges; an item cannot wait for itself',
      }),
    );
  }
  return { items: resolved, diagnostics };
}

function unknownRef(item: Item, ref: string, field: string): Diagnostic {
  const line = (field === 'Blocks' ? item.lines?.blocks : item.lines?.blockedBy) ?? 0;
  return diagnostic({
    file: item.file,
    line,
    col: 1,
    code: 'QUEUE_UNKNOWN_ID',
    // A GitHub issue (`#N`) writes `Blocked by:` and names issues, which were all looked up (docs/github.md).
    ...(item.id.startsWith('#')
      ? {
          message: `"${field === 'Blocks' ? 'Blocks' : 'Blocked by'}:" names ${ref}, which is no issue of the repository (a pull request, or a number not in use)`,
          expected: 'numbers of issues of the repository',
          hint: 'fix the number, or remove it',
        }
      : {
          message: `**${field}** names ${ref}, but no item has that id`,
          expected: 'ids of items in the queue',
          hint: 'fix the id, or remove it if that item was deleted',
        }),
    found: ref,
  });
}

/** Elementary cycles through the BlockedBy graph, one per strongly connected component, each starting at its lowest id. */
export function findCycles(items: readonly Pick<Item, 'id' | 'blockedBy'>[]): string[][] {
  const edges = new Map(items.map((i) => [i.id, [...i.blockedBy].sort(compareIds)]));
  const state = new Map<string, 'active' | 'done'>();
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const stack: string[] = [];
  const visit = (id: string) => {
    state.set(id, 'active');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'active') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.reduce((min, x, i) => (compareIds(x, cycle[min]) < 0 ? i : min), 0);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        const key = [...rotated].sort(compareIds).join(',');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(rotated);
        }
      } else if (!state.has(next) && edges.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of [...edges.keys()].sort(compareIds)) if (!state.has(id)) visit(id);
  return cycles;
}
