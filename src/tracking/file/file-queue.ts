import { copyFile, constants, link, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { WaveplanError } from '../../errors.js';
import { isMissing } from '../../io/node-fs.js';
import { compareStrings } from '../../order.js';
import { itemFilename, parseItemFilename } from '../../queue/item-filename.js';
import type { Item, Status } from '../../types.js';
import { appendNote, setStatusLine } from '../../queue/item-text.js';
import { sha256Hex as sha256 } from '../../io/sha256.js';
import { ItemChangedError, type MoveWatch, type Tracker } from '../tracker.js';

export { ItemChangedError, type MoveWatch };

/*
 * Status changes of the file queue, as compare-and-swap renames that survive a crash.
 *
 * A move SRC → DST (same folder, same id, new status) takes four steps:
 *   1. write the new content (status line, note) to the marker `.waveplan-move~SRC~DST~NONCE`;
 *   2. link the marker to DST — fails with EEXIST when DST exists: nothing is ever overwritten;
 *   3. unlink SRC — when SRC is already gone, someone else moved it: undo 2 and report a lost race;
 *   4. unlink the marker.
 * Invariant: while the marker exists the move is in flight; with no marker, each item has exactly
 * one file. DST is a hard link to a marker that was complete before DST existed, so DST is never
 * partial. A crash leaves one of: marker + SRC (after 1: roll back, delete the marker);
 * marker + SRC + DST (after 2: roll forward, delete SRC); marker + DST (after 3: delete the
 * marker). `recoverMoves` tells "our DST" from someone else's by inode (or identical bytes when
 * the file system cannot hard-link), and the marker is a dotfile, so readers ignore it.
 */

const MARKER = '.waveplan-move~';

export interface MoveResult {
  /** Repo-relative path of the item file after the move. */
  file: string;
}

export interface MoveRequest {
  /** Repo-relative path of the item file as last seen. */
  file: string;
  to: Status;
  /** Text appended under `## Notes`. */
  note?: string;
  /** Told the new content before the item file moves; see MoveWatch. */
  watch?: MoveWatch;
  /** Refuse (ItemChangedError) instead of moving when the file is not what the watch expects: a claim. */
  refuseChanged?: boolean;
}

/** The steps of one move, exposed so tests can stop after any of them (a simulated crash). */
export async function moveSteps(root: string, request: MoveRequest): Promise<Array<() => Promise<boolean>>> {
  const src = join(root, request.file);
  const parsed = parseItemFilename(basename(src));
  if (parsed.kind !== 'item') throw new WaveplanError(`${request.file} is not a queue item file`);
  const dstName = itemFilename(parsed.id, request.to, parsed.slug);
  const dst = join(dirname(src), dstName);
  const nonce = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const marker = join(dirname(src), `${MARKER}${basename(src)}~${dstName}~${nonce}`);
  return [
    async () => {
      let bytes: Buffer;
      try {
        bytes = await readFile(src);
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
      const text = bytes.toString('utf8');
      const changed = request.watch !== undefined && !request.watch.trusts(parsed.id, sha256(bytes));
      if (changed && request.refuseChanged) {
        throw new ItemChangedError(
          `${request.file} changed after the plan was reviewed (its content is not what the plan's fingerprint covers), so its command is not run: run \`waveplan plan\`, review the change, then \`waveplan apply\``,
        );
      }
      const next = request.note ? appendNote(setStatusLine(text, request.to), request.note) : setStatusLine(text, request.to);
      await writeSynced(marker, next);
      const to = posix.join(posix.dirname(request.file), dstName);
      request.watch?.moving({ id: parsed.id, from: request.file, to, sha256: sha256(next), unreviewed: changed });
      return true;
    },
    async () => {
      try {
        await linkOrCopy(marker, dst);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        await unlink(marker);
        return false;
      }
    },
    async () => {
      try {
        await unlink(src);
        return true;
      } catch (error) {
        if (!isMissing(error)) throw error;
        await unlink(dst);
        await unlink(marker);
        return false;
      }
    },
    async () => {
      await unlink(marker);
      return true;
    },
  ];
}

/** Move an item file to a new status; undefined when the source is gone or the target exists. */
export async function moveItemFile(root: string, request: MoveRequest): Promise<MoveResult | undefined> {
  for (const step of await moveSteps(root, request)) {
    if (!(await step())) return undefined;
  }
  const parsed = parseItemFilename(basename(request.file));
  if (parsed.kind !== 'item') return undefined;
  return { file: posix.join(posix.dirname(request.file), itemFilename(parsed.id, request.to, parsed.slug)) };
}

export interface Recovered {
  id: string;
  from: Status;
  to: Status;
  /** forward: the move was finished; back: it never happened. */
  action: 'forward' | 'back';
}

/** Finish or undo the moves a crash left in `dir` (repo-relative queue folder). Sorted by marker name. */
export async function recoverMoves(root: string, dir: string): Promise<Recovered[]> {
  const folder = join(root, dir);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.startsWith(MARKER)).sort(compareStrings);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const out: Recovered[] = [];
  for (const name of names) {
    const [srcName, dstName] = name.slice(MARKER.length).split('~');
    const src = parseItemFilename(srcName ?? '');
    const dst = parseItemFilename(dstName ?? '');
    const marker = join(folder, name);
    if (src.kind !== 'item' || dst.kind !== 'item') {
      await unlink(marker);
      continue;
    }
    const forward = await isSameFile(marker, join(folder, dstName));
    if (forward) await unlinkIfPresent(join(folder, srcName));
    await unlink(marker);
    out.push({ id: src.id, from: src.status, to: dst.status, action: forward ? 'forward' : 'back' });
  }
  return out;
}

/** The Tracker of the file-based queue: every status change is a `moveItemFile`. */
export function fileQueue(root: string, watch?: MoveWatch): Tracker {
  const move = async (item: Item, from: Status, to: Status, note?: string): Promise<Item | undefined> => {
    const seen = parseItemFilename(basename(item.file));
    if (seen.kind !== 'item' || seen.status !== from) {
      throw new WaveplanError(`item ${item.id} is ${seen.kind === 'item' ? seen.status : 'not an item file'} (${item.file}), not ${from}`);
    }
    const moved = await moveItemFile(root, { file: item.file, to, note, watch, refuseChanged: from === 'pending' && to === 'in_progress' });
    return moved && { ...item, file: moved.file, status: to, bodyStatus: to };
  };
  const must = async (item: Item, from: Status, to: Status, note?: string): Promise<Item> => {
    const moved = await move(item, from, to, note);
    if (!moved) {
      throw new WaveplanError(`item ${item.id} was moved by someone else: ${item.file} is gone or ${itemFilename(item.id, to, item.slug)} already exists`);
    }
    return moved;
  };
  return {
    claim: (item) => move(item, 'pending', 'in_progress'),
    complete: (item, note) => must(item, 'in_progress', 'completed', note),
    block: (item, note) => must(item, 'in_progress', 'blocked', note),
    release: (item, note) => must(item, 'in_progress', 'pending', note),
    requeue: (item, note) => must(item, 'blocked', 'pending', note),
  };
}

async function writeSynced(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    await copyFile(from, to, constants.COPYFILE_EXCL);
  }
}

async function isSameFile(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([stat(a), stat(b)]);
    if (sa.ino === sb.ino && sa.dev === sb.dev) return true;
    const [ta, tb] = await Promise.all([readFile(a), readFile(b)]);
    return ta.equals(tb);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}
