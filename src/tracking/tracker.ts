import { WaveplanError } from '../errors.js';
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

/**
 * One item as a run knows it (docs/reliability.md): where it is (its file, whose name holds the
 * status, or `#N (status)` for an issue) and the sha-256 of its content.
 */
export interface ItemState {
  file: string;
  sha256: string;
}

/**
 * What `apply` needs to trust the queue afterwards (docs/reliability.md): the sha-256 each item
 * should hold before its move, and every move's new state, told before the move is made.
 */
export interface MoveWatch {
  /** Whether the item may hold content `sha256` now (true when the watch has no record of it). */
  trusts(id: string, sha256: string): boolean;
  moving(move: { id: string; from: string; to: string; sha256: string; unreviewed: boolean }): void;
}

/** A claim found the item changed since the plan was reviewed: its command is not run. */
export class ItemChangedError extends WaveplanError {}
