/** Line-level reading of the ecosystem's item Markdown: frontmatter, H1, bold key lines, sections. */

export interface KeyLine {
  /** Normalised key: lower-case, no spaces, dashes or underscores (`blockedby`). */
  key: string;
  /** The key as written. */
  raw: string;
  value: string;
  /** 1-based line and the column where the value starts. */
  line: number;
  col: number;
}

export interface MarkdownParts {
  /** Frontmatter YAML text and the 1-based line of its first line, when present. */
  frontmatter?: { text: string; firstLine: number; closed: boolean };
  /** 1-based line where the body starts. */
  bodyLine: number;
  body: string;
  title?: { text: string; line: number };
  keyLines: KeyLine[];
  /**
   * The sections by heading, lower-cased. The prose between the title and the first `##` heading
   * (key lines left out) is the section `''`: an item written as a title and a paragraph has its
   * description there.
   */
  sections: Record<string, string>;
}

const KEY_LINE = /^(\s*(?:[-*+]\s+)?)\*\*([A-Za-z][A-Za-z0-9 _-]*?)(?:\*\*\s*:|:\s*\*\*)\s*(.*?)\s*$/;
const FENCE = /^\s*(```|~~~)/;

export function splitMarkdown(source: string): MarkdownParts {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  let start = 0;
  let frontmatter: MarkdownParts['frontmatter'];
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
    const closed = end > 0;
    const last = closed ? end : lines.length;
    frontmatter = { text: lines.slice(1, last).join('\n'), firstLine: 2, closed };
    start = closed ? end + 1 : lines.length;
  }
  const keyLines: KeyLine[] = [];
  const sections: Record<string, string> = {};
  let title: MarkdownParts['title'];
  let inFence = false;
  // Before the first `##` heading, the lead: the prose agents write under the title.
  let section = '';
  let sectionLines: string[] = [];
  const flush = () => {
    const text = sectionLines.join('\n').trim();
    if (!(section in sections) && (section !== '' || text !== '')) sections[section] = text;
  };
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line)) inFence = !inFence;
    if (!inFence) {
      const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
      if (h && h[1].length === 1 && !title) {
        // An empty `# ` is no title (the item would be titled ""): the slug titles it, with ITEM_TITLE's warning.
        if (h[2] !== '') title = { text: h[2], line: i + 1 };
        continue;
      }
      // A setext H1 (`Title` over a line of `=`) is a title too, as Markdown reads it; only in the lead.
      if (!title && section === '' && sectionLines.every((l) => l.trim() === '') && isSetextTitle(line, lines[i + 1])) {
        title = { text: line.trim(), line: i + 1 };
        i++;
        continue;
      }
      if (h && h[1].length === 2) {
        flush();
        section = h[2].toLowerCase();
        sectionLines = [];
        continue;
      }
      const k = KEY_LINE.exec(line);
      if (k) {
        keyLines.push({
          key: k[2].toLowerCase().replace(/[\s_-]+/g, ''),
          raw: k[2],
          value: k[3],
          line: i + 1,
          col: (k[3] ? line.indexOf(k[3], k[1].length + k[2].length + 4) : line.length) + 1,
        });
        // A key line (`**Status**: pending`) is a field, not prose: the lead leaves it out.
        if (section === '') continue;
      }
    }
    sectionLines.push(line);
  }
  flush();
  return { frontmatter, bodyLine: start + 1, body: lines.slice(start).join('\n'), title, keyLines, sections };
}

/** `line` over a line of `=` is a setext H1: `line` is prose, not a heading, key line or list item. */
export function isSetextTitle(line: string, next: string | undefined): boolean {
  return next !== undefined && /^ {0,3}=+\s*$/.test(next) && line.trim() !== '' && !/^\s*(?:#|[-*+>]\s|```|~~~)/.test(line) && !KEY_LINE.test(line);
}
