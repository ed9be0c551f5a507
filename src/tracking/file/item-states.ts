import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../io/sha256.js';
import { parseItemFilename } from '../../queue/item-filename.js';
import type { ItemState } from '../tracker.js';

/** Every item file now directly in the queue folder (repo-relative `dir`), by id. Unreadable entries are skipped (validation names them). */
export function readItemStates(root: string, dir: string): Map<string, ItemState> {
  const folder = dir.replace(/\\/g, '/').replace(/\/+$/, '');
  const out = new Map<string, ItemState>();
  let names: string[];
  try {
    names = readdirSync(join(root, folder));
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const parsed = parseItemFilename(name);
    if (parsed.kind !== 'item') continue;
    const file = folder === '' || folder === '.' ? name : `${folder}/${name}`;
    try {
      const state = { file, sha256: sha256Hex(readFileSync(join(root, file))) };
      // Two files with one id: validation refuses the queue; keep both visible as a change.
      out.set(out.has(parsed.id) ? `${parsed.id} (${name})` : parsed.id, state);
    } catch {
      // a folder or an unreadable entry: the queue reader reports it
    }
  }
  return out;
}
