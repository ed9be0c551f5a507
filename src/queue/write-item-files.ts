import { isNoPath } from './item-fields.js';

/**
 * An item's text with `files:` set in its frontmatter (pure; docs/inference.md). Only that line
 * changes: the title, the sections, every other field and every line ending stay byte for byte
 * (a file whose lines end in both LF and CRLF keeps each), so the item keeps its meaning. A
 * frontmatter whose `files:` line declares nothing (`files: []`, `files:`, `files: TBD`) has that
 * line replaced; one without `files:` gets it as its first field, ended as the `---` line above it
 * is; no frontmatter, one is added, ended as the file's first line is. Returns undefined when the item already
 * declares files (nothing to do).
 */
export function withDeclaredFiles(source: string, files: readonly string[]): string | undefined {
  const line = `files: [${files.map((f) => JSON.stringify(f)).join(', ')}]`;
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = source.slice(bom.length);
  // Each line with its own ending ('\r\n', '\n', or none for the last).
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const content = (l: string) => l.replace(/\r?\n$/, '');
  const ending = (l: string | undefined) => /\r?\n$/.exec(l ?? '')?.[0] ?? (text.includes('\r\n') ? '\r\n' : '\n');
  if (content(lines[0] ?? '').trim() !== '---') {
    const eol = ending(lines[0]);
    return `${bom}---${eol}${line}${eol}---${eol}${text}`;
  }
  const end = lines.findIndex((l, i) => i > 0 && (content(l).trim() === '---' || content(l).trim() === '...'));
  if (end < 0) return undefined; // an unclosed frontmatter is an error validate reports; leave it
  const at = lines.findIndex((l, i) => i > 0 && i < end && /^files\s*:/.test(l));
  if (at >= 0) {
    if (!namesNoPath(content(lines[at]))) return undefined;
    // `files:` with a block list under it is not empty.
    if (/^files\s*:\s*(?:#.*)?$/.test(content(lines[at])) && /^\s+-/.test(lines[at + 1] ?? '')) return undefined;
    lines[at] = line + ending(lines[at]);
  } else lines.splice(1, 0, line + ending(lines[0]));
  return bom + lines.join('');
}

/** `files:`, `files: []`, `files: TBD`, `files: ["?"]  # later`: a files: line that declares nothing. */
function namesNoPath(line: string): boolean {
  const value = /^files\s*:\s*(.*?)\s*(?:#.*)?$/.exec(line)?.[1];
  if (value === undefined) return false;
  const inner = /^\[(.*)\]$/.exec(value)?.[1] ?? value;
  return inner
    .split(',')
    .map((entry) => entry.trim().replace(/^(["'])(.*)\1$/, '$2'))
    .every((entry) => entry === '' || isNoPath(entry));
}
