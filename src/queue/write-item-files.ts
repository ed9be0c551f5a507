import { isNoPath, parsePathList } from './item-fields.js';
import { splitMarkdown } from './markdown.js';

/**
 * An item's text with `files:` set in its frontmatter (pure; docs/inference.md). Only that line
 * changes: the title, the sections, every other field and every line ending stay byte for byte
 * (a file whose lines end in both LF and CRLF keeps each), so the item keeps its meaning. A
 * frontmatter whose `files:` line declares nothing (`files: []`, `files:`, `files: TBD`) has that
 * line replaced; one without `files:` gets it as its first field, ended as the `---` line above it
 * is; no frontmatter, one is added, ended as the file's first line is. Without a frontmatter `files:`
 * line, a body `**Files**:` line that declares nothing (`**Files**: TBD`) is filled in where it stands,
 * as `` `a.ts`, `b/**` `` (docs/queue-items.md), so the item does not keep two answers; a path with a
 * comma or a backtick, which that line cannot hold, goes into the frontmatter instead. Returns
 * undefined when the item already declares files (nothing to do).
 */
export function withDeclaredFiles(source: string, files: readonly string[]): string | undefined {
  const line = `files: [${files.map((f) => JSON.stringify(f)).join(', ')}]`;
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = source.slice(bom.length);
  // Each line with its own ending ('\r\n', '\n', or none for the last).
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const content = (l: string) => l.replace(/\r?\n$/, '');
  const ending = (l: string | undefined) => /\r?\n$/.exec(l ?? '')?.[0] ?? (text.includes('\r\n') ? '\r\n' : '\n');
  const body = bodyFilesLine(text, lines);
  if (body === 'declared') return undefined;
  const hasFrontmatterFiles = content(lines[0] ?? '').trim() === '---' && frontmatterFilesAt(lines, content) >= 0;
  if (body !== undefined && !hasFrontmatterFiles && files.every((f) => !/[,`]/.test(f))) {
    const [at, col] = body;
    const head = content(lines[at]).slice(0, col);
    lines[at] = `${head}${/\s$/.test(head) ? '' : ' '}${files.map((f) => `\`${f}\``).join(', ')}${/\r?\n$/.exec(lines[at])?.[0] ?? ''}`;
    return bom + lines.join('');
  }
  if (content(lines[0] ?? '').trim() !== '---') {
    const eol = ending(lines[0]);
    return `${bom}---${eol}${line}${eol}---${eol}${text}`;
  }
  const end = lines.findIndex((l, i) => i > 0 && (content(l).trim() === '---' || content(l).trim() === '...'));
  if (end < 0) return undefined; // an unclosed frontmatter is an error validate reports; leave it
  const at = frontmatterFilesAt(lines, content);
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

/** The index of the frontmatter's `files:` line, or -1 (none, or no closed frontmatter). */
function frontmatterFilesAt(lines: readonly string[], content: (l: string) => string): number {
  const end = lines.findIndex((l, i) => i > 0 && (content(l).trim() === '---' || content(l).trim() === '...'));
  return end < 0 ? -1 : lines.findIndex((l, i) => i > 0 && i < end && /^files\s*:/.test(l));
}

/**
 * The body's `**Files**:` line as parse-item reads it (the first one outside code fences): its index
 * in `lines` and where its value starts, or 'declared' when it names a path. Undefined when there is
 * none, or when the line the Markdown reader saw is not the same line here (a lone CR ending).
 */
function bodyFilesLine(text: string, lines: readonly string[]): [number, number] | 'declared' | undefined {
  const key = splitMarkdown(text).keyLines.find((k) => k.key === 'files');
  if (!key) return undefined;
  if (parsePathList(key.value).length > 0) return 'declared';
  const at = key.line - 1;
  const line = (lines[at] ?? '').replace(/\r?\n$/, '');
  if (!/\*\*\s*files/i.test(line) || line.slice(key.col - 1).trim() !== key.value) return undefined;
  return [at, key.col - 1];
}
