import { compareIds } from '../order.js';
import type { ItemState } from '../tracking/tracker.js';
import type { RunEvent } from './event-log.js';

/**
 * What every item file must hold for a run to trust it (docs/reliability.md). A run starts
 * from item files the reviewed plan's fingerprint covers; each status change the run makes is
 * written to its event log (`item_moving`: the new file and the sha-256 of its new content)
 * before the file moves. So "the queue as the runs left it" is the reviewed files plus the
 * moves in the logs, and any other difference (an edited command, a status renamed by hand,
 * an item edited by another item's command) is a change nobody reviewed.
 */

export type { ItemState };

export interface LedgerEntry extends ItemState {
  /** The state before a move that has no confirming event yet (a crash mid-move leaves either). */
  before?: ItemState;
  /** The item file had changed when the run moved it: the run wrote someone else's edit. */
  unreviewed?: string;
}

export type Ledger = Map<string, LedgerEntry>;

/** `item_files` of a `run_inputs` event: id → [file, sha-256]. */
export type ItemFiles = Record<string, [string, string]>;

export function itemFilesOf(states: ReadonlyMap<string, ItemState>): ItemFiles {
  const out: ItemFiles = {};
  for (const id of [...states.keys()].sort(compareIds)) {
    const s = states.get(id)!;
    out[id] = [s.file, s.sha256];
  }
  return out;
}

export function ledgerOf(files: ItemFiles): Ledger {
  return new Map(Object.entries(files).map(([id, [file, sha256]]) => [id, { file, sha256 }]));
}

/** Record one move the run is about to make (pure on the ledger). */
export function recordMove(ledger: Ledger, move: { id: string; to: string; sha256: string; unreviewed?: string }): void {
  const was = ledger.get(move.id);
  ledger.set(move.id, {
    file: move.to,
    sha256: move.sha256,
    ...(was ? { before: { file: was.file, sha256: was.sha256 } } : {}),
    ...((move.unreviewed ?? was?.unreviewed) ? { unreviewed: move.unreviewed ?? was?.unreviewed } : {}),
  });
}

/**
 * Whether item `id` may hold content `sha256` (pure): what the last recorded move wrote, or, while
 * that move is unconfirmed, what it started from. A crash between logging a move and making it
 * leaves the old content (the next apply's recovery undoes the half move), and moving it again is
 * the run's own move, not someone else's edit. True when the ledger has no record of the item.
 */
export function trusts(ledger: Ledger, id: string, sha256: string): boolean {
  const entry = ledger.get(id);
  return entry === undefined || entry.sha256 === sha256 || entry.before?.sha256 === sha256;
}

/** The ledger a run's events leave: its `run_inputs`, then every `item_moving`; undefined when it has no `run_inputs` (nothing to trust). */
export function replayLedger(events: readonly RunEvent[]): Ledger | undefined {
  const inputs = events.find((e) => e.type === 'run_inputs');
  if (!inputs?.item_files) return undefined;
  const ledger = ledgerOf(inputs.item_files);
  for (const e of events) {
    if (!e.item) continue;
    if (e.type === 'item_moving' && e.to && e.sha256) {
      recordMove(ledger, {
        id: e.item,
        to: e.to,
        sha256: e.sha256,
        unreviewed: e.unreviewed ? `${e.item} was edited by something other than waveplan during run ${e.run}, and that run moved it` : undefined,
      });
    } else if (e.file) {
      // The move this event reports is done: only its result is expected now.
      const entry = ledger.get(e.item);
      if (entry?.before && entry.file === e.file) delete entry.before;
    }
  }
  return ledger;
}

/**
 * The differences between what the ledger expects and the item files now, one sentence each
 * (pure): empty when every change is one a run recorded making.
 */
export function unaccountedChanges(ledger: Ledger, now: ReadonlyMap<string, ItemState>, run: string): string[] {
  const out: string[] = [];
  for (const id of [...new Set([...ledger.keys(), ...now.keys()])].sort(compareIds)) {
    const want = ledger.get(id);
    const have = now.get(id);
    if (!want) out.push(`item ${id} (${have!.file}) was added after the plan was reviewed`);
    else if (want.unreviewed) out.push(want.unreviewed);
    else if (!have) out.push(`item ${id} (${want.file}) was removed or renamed, and no run recorded doing it`);
    else if (!matches(want, have) && !(want.before && matches(want.before, have))) {
      out.push(
        have.file === want.file || (want.before && have.file === want.before.file)
          ? `${have.file} was edited after the plan was reviewed, and no run recorded the edit`
          : `item ${id} is ${have.file}, but run ${run} left it as ${want.file}: its status was changed by hand`,
      );
    }
  }
  return out;
}

function matches(a: ItemState, b: ItemState): boolean {
  return a.file === b.file && a.sha256 === b.sha256;
}
