/** UTF-8 decoding that reports where a file stops being UTF-8 instead of guessing. */
export type Decoded = { ok: true; text: string } | { ok: false; line: number; col: number };

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    return { ok: false, line, col: offset - lineStart + 1 };
  }
}

function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const size = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (size === 0 || i + size > bytes.length) return i;
    for (let j = 1; j < size; j++) if ((bytes[i + j] & 0xc0) !== 0x80) return i;
    i += size;
  }
  return bytes.length;
}

// C0 controls but tab and newline, DEL and C1 (0x80–0x9f, where a terminal reads ESC [ as one byte).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// eslint-disable-next-line no-control-regex -- as above, with newlines
const CONTROLS_AND_NEWLINES = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

/**
 * Text from an item or an issue as it may be shown on a terminal: each control character that
 * would move the cursor, clear the screen or retitle the window (`ESC [2J`, `ESC ]0;…BEL`) written
 * as a visible escape (`\x1b`); tabs stay, and newlines unless `newlines: false` (a title is one line).
 */
export function visibleControls(text: string, options: { newlines?: boolean } = {}): string {
  return text.replace(options.newlines === false ? CONTROLS_AND_NEWLINES : CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Where to write an item's fields, for advice: `fileWords` (e.g. "its frontmatter") for an item
 * file; for a GitHub issue (id `#N`) the `yaml waveplan` block of its body (docs/github.md).
 */
export function fieldsPlace(id: string | undefined, fileWords: string): string {
  return id?.startsWith('#') ? "the issue's `yaml waveplan` block" : fileWords;
}

/** A colour or style (SGR: `ESC [ 31 m`), or one control character. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const STYLE_OR_CONTROL = /\x1b\[[0-9;:]*m|[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

/**
 * A line of a program's output as a log tail shows it (`status`): what a terminal would show after
 * its last carriage return (a progress bar's last state), its colours kept, and every other control
 * character visible, so an agent's output cannot clear the screen, move the cursor or retitle the
 * window of whoever reads the status.
 */
export function logLine(line: string): string {
  return afterLastReturn(line).replace(STYLE_OR_CONTROL, (m) => (m.length > 1 ? m : visibleControls(m, { newlines: false })));
}

/** What a terminal shows of a line of output: what follows its last carriage return (a progress bar's last state). */
export function afterLastReturn(line: string): string {
  return line.slice(line.lastIndexOf('\r') + 1);
}
