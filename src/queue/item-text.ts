import { isSetextTitle } from './markdown.js';
import type { Status } from '../types.js';

/**
 * Pure edits of an item file's text: the `**Status**:` line and the `## Notes` section.
 * Line endings are kept as the file writes them (CRLF files stay CRLF).
 */

const STATUS_LINE = /^(\s*(?:[-*+]\s+)?)\*\*Status(\*\*\s*:|:\s*\*\*)\s*(.*?)\s*$/i;
const FENCE = /^\s*(```|~~~)/;

interface Lines {
  lines: string[];
  eol: string;
  /** Index of the first body line (after the frontmatter). */
  bodyStart: number;
}

function splitLines(text: string): Lines {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  let bodyStart = 0;
  if (lines[0]?.replace(/^\uFEFF/, '').trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
    bodyStart = end > 0 ? end + 1 : lines.length;
  }
  return { lines, eol, bodyStart };
}

/** Body line indexes outside fenced code blocks, with the callback deciding when to stop. */
function scanBody(parts: Lines, visit: (line: string, index: number) => boolean | void): void {
  let inFence = false;
  for (let i = parts.bodyStart; i < parts.lines.length; i++) {
    const line = parts.lines[i];
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (!inFence && visit(line, i) === true) return;
  }
}

/**
 * Make the body's `**Status**:` line say `status`, keeping how it is written
 * (`- **Status:** x` stays that shape). Absent → inserted after the H1 (or at the body start).
 */
export function setStatusLine(text: string, status: Status): string {
  const parts = splitLines(text);
  let statusAt = -1;
  let titleAt = -1;
  scanBody(parts, (line, i) => {
    if (titleAt < 0 && /^#\s+/.test(line)) titleAt = i;
    else if (titleAt < 0 && isSetextTitle(line, parts.lines[i + 1])) titleAt = i + 1;
    if (STATUS_LINE.test(line)) {
      statusAt = i;
      return true;
    }
  });
  const { lines } = parts;
  if (statusAt >= 0) {
    const m = STATUS_LINE.exec(lines[statusAt])!;
    lines[statusAt] = `${m[1]}**Status${m[2]} ${status}`;
  } else {
    lines.splice(titleAt >= 0 ? titleAt + 1 : parts.bodyStart, 0, `**Status**: ${status}`);
  }
  return lines.join(parts.eol);
}

/**
 * Append a Markdown block at the end of the `## Notes` section, creating the
 * section at the end of the file when it is missing.
 */
export function appendNote(text: string, note: string): string {
  const parts = splitLines(text);
  const { lines, eol } = parts;
  const block = note.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  let notesAt = -1;
  let endAt = lines.length;
  scanBody(parts, (line, i) => {
    if (notesAt < 0 && /^##\s+notes\s*#*\s*$/i.test(line)) notesAt = i;
    else if (notesAt >= 0 && /^#{1,2}\s+/.test(line)) {
      endAt = i;
      return true;
    }
  });
  if (notesAt < 0) {
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
    lines.push('', '## Notes', '', ...block, '');
    return lines.join(eol);
  }
  let insertAt = endAt;
  while (insertAt > notesAt + 1 && lines[insertAt - 1].trim() === '') insertAt--;
  lines.splice(insertAt, endAt - insertAt, '', ...block, '');
  return lines.join(eol);
}

export interface NoteInput {
  time: Date;
  message: string;
  /** Output lines to quote under the message (already trimmed to the tail). */
  output?: string[];
}

/** `- <ISO time> message`, then the output tail as an indented fenced block. */
export function formatNote({ time, message, output }: NoteInput): string {
  const head = `- ${time.toISOString().replace(/\.\d{3}Z$/, 'Z')} ${message}`;
  if (!output || output.length === 0) return head;
  // A line that opens a fence would end ours early (and confuse the item parser), so defuse it.
  const safe = output.map((l) => (FENCE.test(l) ? `\\${l.trimStart()}` : l));
  return [head, '', '  ```text', ...safe.map((l) => (l ? `  ${l}` : '')), '  ```'].join('\n');
}

/** A note `formatNote` wrote: `- <ISO time> message`. */
const RUN_NOTE = /^- \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z (.*)$/;
const REQUEUED = /^requeued by `waveplan requeue`: (.*)$/;

/**
 * A `## Notes` section without what waveplan wrote there (pure): the footprint audit, a blocked
 * run's reason and its output. Those are the run's words, not the item's (a run id, a log path,
 * `footprint`, `predicted`), and inference reads an item's sections (docs/inference.md). A
 * requeue's reason is the person's: it stays, without the prefix.
 */
export function withoutRunNotes(section: string): string {
  const kept: string[] = [];
  let inNote = false;
  for (const line of section.split('\n')) {
    const note = RUN_NOTE.exec(line);
    if (note) {
      const reason = REQUEUED.exec(note[1]);
      if (reason) kept.push(`- ${reason[1]}`);
      inNote = !reason;
    } else if (!inNote || (line.trim() !== '' && !/^\s/.test(line))) {
      // A note's output block is indented; the first line at the margin is someone's again.
      inNote = false;
      kept.push(line);
    }
  }
  return kept.join('\n').trim();
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;

/** The last `count` non-empty-trailing lines of command output, without colour codes, long lines cut. */
export function tailLines(output: string, count = 20, width = 400): string[] {
  const lines = output.replace(ANSI, '').replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const tail = lines.length === 1 && lines[0] === '' ? [] : lines.slice(-count);
  return tail.map((l) => (l.length > width ? `${l.slice(0, width)}…` : l).replace(/\s+$/, ''));
}
