import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { LockError, WaveplanError } from '../errors.js';
import { writeTargetProblem } from '../io/inside-repo.js';
import { isMissing } from '../io/node-fs.js';

/** Repo-relative path of the apply lock: one apply per queue. */
export const LOCK_FILE = '.agent/apply.lock';

/** What the lock file holds (JSON). */
export interface LockInfo {
  pid: number;
  host: string;
  /** ISO time the holder started. */
  started: string;
  /** The holder's run id (`.agent/runs/<run>/`). */
  run: string;
}

export interface HeldLock {
  info: LockInfo;
  /** The dead holder whose lock was taken over, when there was one. */
  takenOver?: LockInfo;
  release(): Promise<void>;
}

/**
 * Take the apply lock. The lock file appears with its full content at once (written to
 * a temp file, then hard-linked; link fails when the lock exists), so no reader ever sees
 * an empty lock. A lock whose process is dead on this host is taken over and reported;
 * a live one (or one on another host, which we cannot check) → LockError naming the holder.
 */
export async function acquireLock(root: string, run: string, now: Date = new Date()): Promise<HeldLock> {
  const path = join(root, LOCK_FILE);
  // The lock and the run records stay inside the work tree, out of .git (docs/reliability.md).
  for (const rel of [LOCK_FILE, '.agent/runs']) {
    const problem = writeTargetProblem(root, rel);
    if (problem) throw new WaveplanError(`refusing to run: ${rel} ${problem}; make .agent a plain folder of the repository`);
  }
  await mkdir(dirname(path), { recursive: true });
  ignoreLockFile(dirname(path));
  const info: LockInfo = { pid: process.pid, host: hostname(), started: now.toISOString(), run };
  const text = `${JSON.stringify(info)}\n`;
  let takenOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, text)) return { info, takenOver, release: () => releaseLock(path, text) };
    const held = await readLock(path);
    if (!held) continue; // released between our attempt and the read: try again
    if (!isStale(held.info)) throw new LockError(describeHolder(held.info));
    if (await takeOver(path, held.text)) takenOver = held.info;
  }
  throw new LockError(`could not take ${LOCK_FILE}: it keeps changing (another apply is starting?)`);
}

/** True when the holder is on this host and its process no longer exists. */
export function isStale(info: LockInfo): boolean {
  return info.host === hostname() && !isAlive(info.pid);
}

/**
 * Whether a process of this host is alive. A zombie is not: killed, it still answers signal 0
 * until its parent reaps it (a second or more for an orphaned `apply --detach`, for ever under a
 * parent that never waits), and `status` said "running" all that time. Linux shows it in
 * /proc/PID/stat; elsewhere signal 0 is all there is.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** `Z` (zombie) or `X` (dead) in /proc/PID/stat: the state follows the command name's last ")". */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return hasProc(); // reaped since signal 0 answered; without /proc (macOS) signal 0 is the answer
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

let procMounted: boolean | undefined;
const hasProc = () => (procMounted ??= existsSync('/proc/self/stat'));

export function describeHolder(info: LockInfo): string {
  const where = info.host === hostname() ? '' : ` on host ${info.host}`;
  return `another apply holds the queue: pid ${info.pid}${where}, run ${info.run}, started ${info.started} (${LOCK_FILE}); wait for it to finish, or delete the lock file if that process is gone`;
}

async function createExclusive(path: string, text: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  await writeFile(temp, text, { flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}

async function readLock(path: string): Promise<{ info: LockInfo; text: string } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    if (typeof info.pid === 'number' && typeof info.host === 'string') return { info, text };
  } catch {
    // fall through: not ours to interpret
  }
  throw new LockError(`${LOCK_FILE} exists but is not a waveplan lock (${JSON.stringify(text.slice(0, 80))}); delete it if no apply is running`);
}

/**
 * Move the stale lock aside (rename is atomic), then check that what we moved is the
 * stale lock we read and not a fresh one another apply just took; if it was fresh, put it back.
 */
async function takeOver(path: string, staleText: string): Promise<boolean> {
  const aside = `${path}.stale.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== staleText) {
    await link(aside, path).catch(() => undefined);
    await unlink(aside);
    return false;
  }
  await unlink(aside);
  return true;
}

async function releaseLock(path: string, ours: string): Promise<void> {
  try {
    if ((await readFile(path, 'utf8')) === ours) await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
}

const IGNORED = ['apply.lock', 'apply.lock.*'];

/**
 * `.agent/.gitignore` names the lock and its temp files, so `git add -A` after a crash never
 * commits a lock that would refuse every apply in a fresh clone (docs/reliability.md). Lines
 * already there are kept; missing ones are appended.
 */
function ignoreLockFile(dir: string): void {
  const path = join(dir, '.gitignore');
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // none yet
  }
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = IGNORED.filter((l) => !have.has(l));
  if (missing.length > 0) appendFileSync(path, `${text === '' || text.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`);
}
