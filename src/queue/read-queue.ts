import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { ParseMemo } from '../io/parse-memo.js';
import type { TreeReader } from '../io/ports.js';
import { compareStrings } from '../order.js';
import { decodeUtf8 } from '../text.js';
import type { Item } from '../types.js';
import { parseItemFilename } from './item-filename.js';
import { parseItem } from './parse-item.js';

/** The largest item file read (docs/reliability.md): items are short Markdown. */
export const ITEM_MAX_BYTES = 1 << 20;

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
  const names = entries
    .filter((e) => !e.isDirectory)
    .map((e) => e.name)
    .sort(compareStrings);
  const diagnostics: Diagnostic[] = [];
  const items: Item[] = [];
  const kinds = new Map(entries.map((e) => [e.name, e.kind]));
  const listed = names.map((name) => {
    const file = folder === '' || folder === '.' ? name : `${folder}/${name}`;
    const found = parseItemFilename(name);
    // Only regular files are items: a link could read (and a run rename) a file outside the
    // queue, a FIFO hangs the read, a device never ends (docs/reliability.md).
    const kind = kinds.get(name);
    const parsed =
      found.kind === 'item' && (kind === 'link' || kind === 'other')
        ? {
            kind: 'near-miss' as const,
            code: 'ITEM_NOT_REGULAR',
            message: `${kind === 'link' ? 'is a symbolic link' : 'is a FIFO, socket or device'}, not a regular file: queue items must be plain files in the queue folder`,
            expected: 'a regular Markdown file',
            hint: kind === 'link' ? 'replace the link with a copy of the item (cp --remove-destination TARGET LINK)' : 'remove it from the queue folder',
          }
        : { ...found, code: undefined };
    // Every item's bytes are requested at once (one by one, a 500-item queue waited ~0.4 s on reads).
    // A file over the limit is not read at all (tree.size, where the reader can tell).
    const read = parsed.kind === 'item' ? readLimited(tree, file) : undefined;
    read?.catch(() => undefined); // awaited in order below
    return { name, file, parsed, read };
  });
  for (const { name, file, parsed, read } of listed) {
    if (parsed.kind === 'ignored') continue;
    if (parsed.kind === 'near-miss') {
      diagnostics.push(
        diagnostic({ file, code: parsed.code ?? 'QUEUE_FILENAME', message: parsed.message, expected: parsed.expected, found: name, hint: parsed.hint }),
      );
      continue;
    }
    const got = await read;
    if (!got) continue;
    const size = 'tooLarge' in got ? got.tooLarge : got.byteLength;
    if (size > ITEM_MAX_BYTES || 'tooLarge' in got) {
      diagnostics.push(
        diagnostic({
          file,
          code: 'ITEM_TOO_LARGE',
          message: `item file is ${size} bytes, over the limit of ${ITEM_MAX_BYTES} (1 MiB)`,
          expected: `at most ${ITEM_MAX_BYTES} bytes`,
          found: `${size} bytes`,
          hint: 'keep long logs and data out of the item: link to them instead',
        }),
      );
      continue;
    }
    const bytes = got;
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) {
      diagnostics.push(
        diagnostic({
          file,
          line: decoded.line,
          col: decoded.col,
          code: 'ITEM_ENCODING',
          message: 'file is not valid UTF-8',
          expected: 'UTF-8 text',
          found: 'a byte sequence that is not UTF-8',
          hint: 'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)',
        }),
      );
      continue;
    }
    const parse = (text: string) => parseItem({ file, id: parsed.id, status: parsed.status, slug: parsed.slug, text });
    const result = memo ? memo.through('item', file, decoded.text, parse) : parse(decoded.text);
    items.push(result.item);
    diagnostics.push(...result.diagnostics);
  }
  return { items, diagnostics, exists: true };
}

/** An item file's bytes, or its size when over ITEM_MAX_BYTES (then it is not read, where the reader can tell the size first). */
async function readLimited(tree: TreeReader, file: string): Promise<Uint8Array | { tooLarge: number } | undefined> {
  const size = await tree.size?.(file);
  if (size !== undefined && size > ITEM_MAX_BYTES) return { tooLarge: size };
  return tree.read(file);
}
