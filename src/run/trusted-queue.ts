import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../io/sha256.js';
import type { ItemState, MoveWatch } from '../tracking/tracker.js';
import type { Item } from '../types.js';
import { RUNS_DIR, type EventLog, type RunEvent } from './event-log.js';
import type { KilledRun } from './killed-run.js';
import { itemFilesOf, ledgerOf, recordMove, replayLedger, trusts, unaccountedChanges, type Ledger } from './item-ledger.js';

/**
 * The queue as one apply run trusts it (docs/reliability.md): the items it started from (already
 * checked against the reviewed plan), recorded in its event log (`run_inputs`), plus the status
 * moves it makes, each recorded (`item_moving`) before the file moves or the label changes.
 */
export interface TrustedQueue {
  /** Given to the tracker: checks an item before it moves, records each move. */
  watch: MoveWatch;
  /** Why `item` must not start now (its file is not what the run trusts), or undefined. */
  refuse(item: Item): string | undefined;
  /** Changes to the queue or config (its text now: `configText`) that no move of this run accounts for, one sentence each. */
  unaccounted(configText: string | undefined): Promise<string[]>;
}

export interface TrustedQueueOptions {
  root: string;
  /** Every item's state as the run starts (the tracker backend's `itemStates`). */
  states: ReadonlyMap<string, ItemState>;
  /** Every item's state now (and that of each of `ids` that the queue's listing leaves out): read again when the run ends. */
  readStates: (ids: readonly string[]) => Promise<ReadonlyMap<string, ItemState>>;
  /** The config text the plan was checked with (undefined: defaults). */
  configText?: string;
  /** The committed plan's fingerprint: what was reviewed (a resumed run keeps its killed run's). */
  reviewedFingerprint: string;
  log: EventLog;
}

export function configSha(text: string | undefined): string {
  return text === undefined ? 'defaults' : sha256Hex(text);
}

/** Record what the run starts from (`run_inputs`) and watch its moves. */
export function startTrustedQueue(options: TrustedQueueOptions): TrustedQueue {
  const { root, log } = options;
  const itemFiles = itemFilesOf(options.states);
  const config = configSha(options.configText);
  log.emit({ type: 'run_inputs', item_files: itemFiles, config_sha256: config, reviewed_fingerprint: options.reviewedFingerprint });
  const ledger: Ledger = ledgerOf(itemFiles);
  return {
    watch: {
      trusts: (id, sha256) => trusts(ledger, id, sha256),
      moving(move) {
        const unreviewed = move.unreviewed
          ? `${move.from} was edited by something other than waveplan during run ${log.run} (edits made by items' commands are never approved)`
          : undefined;
        recordMove(ledger, { id: move.id, to: move.to, sha256: move.sha256, unreviewed });
        log.emit({ type: 'item_moving', item: move.id, file: move.from, to: move.to, sha256: move.sha256, ...(move.unreviewed ? { unreviewed: true } : {}) });
      },
    },
    refuse(item) {
      if (item.file.startsWith('#')) return undefined;
      const want = ledger.get(item.id);
      let sha: string | undefined;
      try {
        sha = sha256Hex(readFileSync(join(root, item.file)));
      } catch {
        sha = undefined;
      }
      if (want && want.file === item.file && want.sha256 === sha) return undefined;
      return `${item.file} changed after the plan was reviewed, so its command is not run: run \`waveplan plan\`, review the change, then \`waveplan apply\``;
    },
    async unaccounted(configText) {
      const changed = configSha(configText) === config ? [] : ['the config (parallel.config.yaml) changed during the run'];
      return [...changed, ...unaccountedChanges(ledger, await options.readStates([...ledger.keys()]), log.run)];
    },
  };
}

/** The ledger `killed`'s event log leaves (undefined: it recorded none), and a watch that adds moves made for it (a landing finished at the next start). */
export function killedRunLedger(root: string, killed: KilledRun): { ledger: Ledger; watch: MoveWatch } | undefined {
  const ledger = replayLedger(killed.events);
  if (!ledger) return undefined;
  let seq = killed.events.reduce((n, e) => Math.max(n, e.seq), 0);
  return {
    ledger,
    watch: {
      trusts: (id, sha256) => trusts(ledger, id, sha256),
      moving(move) {
        recordMove(ledger, {
          id: move.id,
          to: move.to,
          sha256: move.sha256,
          unreviewed: move.unreviewed ? `${move.from} was edited by something other than waveplan before run ${killed.run}'s landing was finished` : undefined,
        });
        // Written to the killed run's own log before the file moves: if this apply dies too before
        // its log holds the move, the next one still finds it among the killed run's moves.
        const event: RunEvent = {
          v: 1,
          seq: ++seq,
          time: new Date().toISOString(),
          run: killed.run,
          type: 'item_moving',
          item: move.id,
          file: move.from,
          to: move.to,
          sha256: move.sha256,
          ...(move.unreviewed ? { unreviewed: true } : {}),
        };
        appendFileSync(join(root, RUNS_DIR, killed.run, 'events.jsonl'), `${JSON.stringify(event)}\n`);
        killed.events.push(event);
      },
    },
  };
}

/**
 * What changed since `killed` recorded its inputs that its event log (`ledger`, from
 * killedRunLedger) does not account for, given every item's state `now`: empty when every change
 * is one of its own moves, so resuming it runs only reviewed commands.
 */
export function accountForKilledRun(
  now: ReadonlyMap<string, ItemState>,
  configText: string | undefined,
  killed: KilledRun,
  ledger: Ledger | undefined,
): string[] {
  if (!ledger)
    return [
      `run ${killed.run} recorded no item files (it died before it started, or an older waveplan ran it), so what changed since cannot be told apart from its own moves`,
    ];
  const inputs = killed.events.find((e) => e.type === 'run_inputs');
  const config =
    inputs?.config_sha256 !== undefined && inputs.config_sha256 !== configSha(configText)
      ? ['the config (parallel.config.yaml) changed after the plan was reviewed']
      : [];
  return [...config, ...unaccountedChanges(ledger, now, killed.run)];
}
