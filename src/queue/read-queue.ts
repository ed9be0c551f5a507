import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ParseMemo } from '../io/parse-memo.js';
import type { TreeReader } from '../io/ports.js';
import { compareStrings } from '../order.js';
import { decodeUtf8 } from '../text.js';
import type { Item } from '../types.js';
import { parseItemFilename } from './item-filename.js';
import { parseItem } from './parse-item.js';

export interface QueueRead {
  items: Item[];
  diagnostics: Diagnostic[];
  /** False when the queue folder does not exist. */
  exists: boolean;
}

/**
 * Read every `NNN-STATUS-slug.md` directly in `dir` (repo-relative). Subfolders,
 * dotfiles and other files are ignored; near-misses are reported. With a memo, an item whose
 * file name and text were parsed before is not parsed again.
 */
export async function readQueue(tree: TreeReader, dir: string, memo?: ParseMemo): Promise<QueueRead> {
  const folder = dir.replace(/\\/g, '/').replace(/\/+$/, '');
  const entries = await tree.list(folder);
  if (!entries) return { items: [], diagnostics: [], exists: false };
  const names = entries.filter((e) => !e.isDirectory).map((e) => e.name).sort(compareStrings);
  const diagnostics: Diagnostic[] = [];
  const items: Item[] = [];
  const listed = names.map((name) => {
    const file = folder === '' || folder === '.' ? name : `${folder}/${name}`;
    const parsed = parseItemFilename(name);
    // Every item's bytes are requested at once (one by one, a 500-item queue waited ~0.4 s on reads).
    const read = parsed.kind === 'item' ? tree.read(file) : undefined;
    read?.catch(() => undefined); // awaited in order below
    return { name, file, parsed, read };
  });
  for (const { name, file, parsed, read } of listed) {
    if (parsed.kind === 'ignored') continue;
    if (parsed.kind === 'near-miss') {
      diagnostics.push(diagnostic({ file, code: 'QUEUE_FILENAME', message: parsed.message, expected: parsed.expected, found: name, hint: parsed.hint }));
      continue;
    }
    const bytes = await read;
    if (!bytes) continue;
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) {
      diagnostics.push(diagnostic({ file, line: decoded.line, col: decoded.col, code: 'ITEM_ENCODING', message: 'file is not valid UTF-8', expected: 'UTF-8 text', found: 'a byte sequence that is not UTF-8', hint: 'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)' }));
      continue;
    }
    const parse = (text: string) => parseItem({ file, id: parsed.id, status: parsed.status, slug: parsed.slug, text });
    const result = memo ? memo.through('item', file, decoded.text, parse) : parse(decoded.text);
    items.push(result.item);
    diagnostics.push(...result.diagnostics);
  }
  return { items, diagnostics, exists: true };
}
