import type { Item } from '../types.js';

/**
 * Where item statuses live and how they move. `apply` talks only to this:
 * the file queue renames files, the GitHub backend swaps labels.
 */
export interface Tracker {
  /** pending → in_progress as a compare-and-swap; undefined when someone else moved it first. */
  claim(item: Item): Promise<Item | undefined>;
  /** in_progress → completed, recording a note when given (e.g. the footprint audit's findings). */
  complete(item: Item, note?: string): Promise<Item>;
  /** in_progress → blocked, recording why (under `## Notes`, or as an issue comment). */
  block(item: Item, note: string): Promise<Item>;
  /** in_progress → pending after an interrupt, recording why. */
  release(item: Item, note: string): Promise<Item>;
  /** blocked → pending (`requeue`), recording why. */
  requeue(item: Item, note: string): Promise<Item>;
}
