import { mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileChange, ReadFile } from './plan-agent-files.js';

export function agentFileReader(root: string): ReadFile {
  return (path) => {
    try {
      return readFileSync(join(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/** Write or delete each file; a folder a deletion empties goes too (never `root` itself). */
export function writeAgentFiles(root: string, changes: readonly FileChange[]): void {
  for (const { path, content } of changes) {
    const full = join(root, path);
    if (content !== null) {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      continue;
    }
    unlinkSync(full);
    for (let dir = dirname(path); dir !== '.' && readdirSync(join(root, dir)).length === 0; dir = dirname(dir)) rmdirSync(join(root, dir));
  }
}
