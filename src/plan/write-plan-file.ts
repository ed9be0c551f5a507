import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import { WaveplanError } from '../errors.js';
import { entryKind, writeTargetProblem } from '../io/inside-repo.js';

/**
 * Write the plan file atomically (`writeFileAtomicSync`), only where it is safe (docs/reliability.md): inside
 * the work tree and out of `.git` after following links, and only over nothing or over a
 * waveplan plan, never over a folder, a special file or some other file that happens to be there.
 * A failed write leaves no temp file behind.
 */
export function writePlanFile(root: string, file: string, bytes: Uint8Array): void {
  const problem = writeTargetProblem(root, file);
  if (problem) throw new WaveplanError(`refusing to write the plan: plan.file "${file}" ${problem}`);
  const kind = entryKind(root, file);
  if (kind === 'folder' || kind === 'other')
    throw new WaveplanError(
      `refusing to write the plan: plan.file "${file}" is ${kind === 'folder' ? 'a folder' : 'a FIFO, socket or device'}; point plan.file at a file such as .agent/plan.yaml`,
    );
  const path = join(root, file);
  if (kind !== 'missing' && !isWaveplanPlan(path)) {
    throw new WaveplanError(
      `refusing to overwrite ${file}: it is not a waveplan plan (no "Compiled by waveplan" header, version and fingerprint); point plan.file at a new file, or delete ${file} if it may go`,
    );
  }
  writeFileAtomicSync(path, bytes, { mkdir: true });
}

/** Whether the file's first 4 KiB look like a plan waveplan wrote (any version of it, valid or not). */
export function isWaveplanPlan(path: string): boolean {
  let head: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(4096);
      head = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return /^# Compiled by waveplan\b/m.test(head) || (/^version: \d+\s*$/m.test(head) && /^fingerprint: sha256:[0-9a-f]{64}\s*$/m.test(head));
}
