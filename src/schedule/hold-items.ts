import { compareIds } from '../order.js';
import type { Status } from '../types.js';

export interface QueueNode {
  id: string;
  status: Status;
  blockedBy: readonly string[];
}

/**
 * Pending items that cannot be scheduled because a blocker is `blocked`, directly or
 * through another held item, each with the reason (docs/plan-file.md). Running items are not
 * held: they have started.
 */
export function holdItems(nodes: readonly QueueNode[]): Map<string, string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const held = new Map<string, { reason: string; root: string }>();
  const visiting = new Set<string>();
  const visit = (node: QueueNode): { reason: string; root: string } | undefined => {
    if (node.status !== 'pending') return undefined;
    if (held.has(node.id)) return held.get(node.id);
    if (visiting.has(node.id)) return undefined;
    visiting.add(node.id);
    let found: { reason: string; root: string } | undefined;
    for (const id of [...node.blockedBy].sort(compareIds)) {
      const blocker = byId.get(id);
      if (!blocker) continue;
      if (blocker.status === 'blocked') {
        found = { reason: `blocked by ${id}, which is blocked`, root: id };
        break;
      }
      const upstream = visit(blocker);
      if (upstream && !found) found = { reason: `blocked by ${id}, which is held behind ${upstream.root} (blocked)`, root: upstream.root };
    }
    visiting.delete(node.id);
    if (found) held.set(node.id, found);
    return found;
  };
  for (const node of [...nodes].sort((a, b) => compareIds(a.id, b.id))) visit(node);
  return new Map([...held].map(([id, h]) => [id, h.reason]));
}
