import { posix } from 'node:path';
import picomatch from 'picomatch';
import { WaveplanError } from '../errors.js';
import { gitText } from '../io/git-exec.js';
import { itemBranch, itemMessage, landedWriters, mergeOnto, type GitContext } from '../land/index.js';
import { sortStrings } from '../order.js';
import { itemFilename } from '../queue/item-filename.js';
import { appendNote, formatNote, setStatusLine } from '../queue/item-text.js';
import type { Item, Status } from '../types.js';
import { commitTree, editTree, fetchTip, pushBranch, pushWithLease, readBlob } from './git-land.js';

/** Where statuses live: renames committed with the work (file queue), or a tracker (issue labels). */
export type StatusMove = { kind: 'tree' } | { kind: 'tracker'; move(to: 'completed' | 'blocked', note?: string): Promise<void> };

export interface LandRequest {
  git: GitContext;
  remote: string;
  /** The branch the work lands on. */
  target: string;
  item: Item;
  /** The commit the job started from (the target's tip when it checked out). */
  start: string;
  /** The command's commits plus what it left uncommitted (`collectWork`); `start` when nothing changed. */
  work: string;
  /** Blocked when set: why (the note's text); the work goes to `waveplan/<id>`, the target gets only the status. */
  failure?: string;
  /** Extra note for a landed item (the footprint audit). */
  note?: string;
  status: StatusMove;
  /** Pushes to try when other jobs keep landing first. */
  attempts: number;
  /** Waits between attempts (ms); tests pass zeros. */
  backoff?: (attempt: number) => number;
  say(line: string): void;
}

export type LandOutcome =
  | { kind: 'landed'; commit: string; attempts: number; changed: boolean }
  | { kind: 'blocked'; commit: string; attempts: number; reason: string; branch?: string };

/** Files the work changed (`paths` of the landing core's collectWork) outside the item's predicted write set, its own item file excepted. */
export function auditFootprint(paths: readonly string[], item: Item, writes: readonly string[]): string[] {
  const inSet = picomatch(writes.length > 0 ? [...writes] : ['\0none'], { dot: true });
  return paths.filter((f) => f !== item.file && !inSet(f));
}

/**
 * Land one item on the remote target: fetch the tip, merge the work onto it (or, for a failed
 * item, take the tip as it is), move the item's status in the same commit, push with a lease;
 * when another job pushed first, do it again on the new tip, at most `attempts` times.
 * A work that conflicts with what landed meanwhile is not forced: the item is blocked, its
 * work kept on `waveplan/<id>`, and the note names the paths and the items that wrote them.
 */
export async function landItem(request: LandRequest): Promise<LandOutcome> {
  const { git, item } = request;
  const { branch } = itemBranch(item.id);
  const changed = request.work !== request.start;
  let failure = request.failure;
  if (failure && changed) {
    await pushBranch(git, request.remote, request.work, branch);
    request.say(`${item.id}: its work is on ${branch} for inspection`);
  }
  for (let attempt = 1; attempt <= request.attempts; attempt++) {
    const tip = await fetchTip(git, request.remote, request.target);
    let tree = (await gitText(['rev-parse', `${tip}^{tree}`], git)).trim();
    let parents = [tip];
    if (!failure && changed) {
      const merged = await mergeOnto(git, tip, request.work, itemMessage(item.id, item.title));
      if (!merged.clean) {
        const by = sortStrings(new Set((await landedWriters(git, request.start, tip, merged.conflicts)).values()));
        failure = `its work conflicts with what landed after it started${by.length > 0 ? ` (items ${by.join(', ')})` : ''} in ${merged.conflicts.join(', ')}; the work is on ${branch}`;
        await pushBranch(git, request.remote, request.work, branch);
        request.say(`${item.id}: ${failure}`);
      } else {
        tree = (await gitText(['rev-parse', `${merged.commit}^{tree}`], git)).trim();
        parents = [tip, request.work];
      }
    }
    const to: Status = failure ? 'blocked' : 'completed';
    const note = failure ?? request.note;
    if (request.status.kind === 'tree') tree = await moveStatusInTree(git, tree, item, to, note);
    const subject = failure ? `Block ${item.id}: ${item.title}` : `Land ${item.id}: ${item.title}`;
    const message = `${subject}\n\n${note ? `${note}\n\n` : ''}Item: ${item.id}\n`;
    const commit = await commitTree(git, tree, parents, message);
    if ((await pushWithLease(git, request.remote, commit, request.target, tip)) === 'pushed') {
      if (request.status.kind === 'tracker') await request.status.move(to, note);
      return failure
        ? { kind: 'blocked', commit, attempts: attempt, reason: failure, ...(changed ? { branch } : {}) }
        : { kind: 'landed', commit, attempts: attempt, changed };
    }
    request.say(`${item.id}: ${request.target} moved while landing (attempt ${attempt} of ${request.attempts}); fetching and merging again`);
    const wait = request.backoff?.(attempt) ?? Math.round(Math.random() * 250 * attempt);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  throw new WaveplanError(
    `item ${item.id} did not land: ${request.target} moved on each of ${request.attempts} attempts (raise --attempts, or lower max_parallel)`,
    'LAND_RACE',
  );
}

/** The item file renamed to its new status in `tree`, its Status line set and the note appended. */
async function moveStatusInTree(git: GitContext, tree: string, item: Item, to: Status, note?: string): Promise<string> {
  const text = await readBlob(git, tree, item.file);
  if (text === undefined) throw new WaveplanError(`item ${item.id}: ${item.file} is not on the target branch any more (moved by someone else?)`, 'LAND_MOVED');
  // Noted as apply notes (`- <time> …`), so inference tells the run's words from the item's (docs/inference.md).
  const next = note
    ? appendNote(setStatusLine(text.toString('utf8'), to), formatNote({ time: new Date(), message: note }))
    : setStatusLine(text.toString('utf8'), to);
  const moved = posix.join(posix.dirname(item.file), itemFilename(item.id, to, item.slug));
  return editTree(git, tree, [
    { path: item.file, content: null },
    { path: moved, content: next },
  ]);
}
