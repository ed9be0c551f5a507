import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import { commonGitDir, type GitContext } from './git.js';

/**
 * The landing journal (docs/apply.md, "Crash safety"): one JSON file in the shared git folder,
 * written before the target ref moves and removed once the landing is recorded. Landings are
 * serial, so there is at most one. Its presence at the next start means a landing was cut short.
 */
export interface LandingRecord {
  v: 1;
  /** The item being landed. */
  item: string;
  /** The apply run (or CI job) that landed it. */
  run: string;
  /** Branch moved: `main`. */
  target: string;
  /** Its tip before, and the merge commit it moves to. */
  old: string;
  new: string;
  /** The item's commit (second parent of `new`). */
  head: string;
  /** Whether the main work tree was to be brought to `new` afterwards. */
  sync: boolean;
}

const FILE = 'waveplan-landing.json';

async function journalPath(ctx: GitContext): Promise<string> {
  return join(await commonGitDir(ctx), FILE);
}

/** Write the record atomically (a reader sees none or all of it). */
export async function writeJournal(ctx: GitContext, record: LandingRecord): Promise<void> {
  const path = await journalPath(ctx);
  writeFileAtomicSync(path, `${JSON.stringify(record, null, 2)}\n`, { mkdir: true });
}

export async function readJournal(ctx: GitContext): Promise<LandingRecord | undefined> {
  let text: string;
  try {
    text = readFileSync(await journalPath(ctx), 'utf8');
  } catch {
    return undefined;
  }
  const record = JSON.parse(text) as LandingRecord;
  return record.v === 1 && typeof record.new === 'string' ? record : undefined;
}

export async function clearJournal(ctx: GitContext): Promise<void> {
  rmSync(await journalPath(ctx), { force: true });
}
