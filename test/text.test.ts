import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeUtf8, logLine, visibleControls } from '../src/text.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

test('decodeUtf8: text as a strict decoder reads it (a leading BOM dropped), or the line and column of the first bad byte', () => {
  const samples = [
    new TextEncoder().encode('a: 1\nb: ü€😀\n'),
    bytes(0xef, 0xbb, 0xbf, 0x61),
    bytes(),
    bytes(0xef, 0xbb, 0xbf),
    new TextEncoder().encode('\ufeff\ufeffx'),
  ];
  const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  for (const sample of samples) assert.equal(decodeUtf8(sample), { ok: true, text: strict.decode(sample) });
  assert.equal(decodeUtf8(bytes(0x61, 0x0a, 0x62, 0x63, 0xff)), { ok: false, line: 2, col: 3 });
  assert.equal(decodeUtf8(bytes(0xe2, 0x82)), { ok: false, line: 1, col: 1 }, 'cut short');
  assert.equal(decodeUtf8(bytes(0xed, 0xa0, 0x80)).ok, false, 'a UTF-16 surrogate written as UTF-8');
  const pooled = Buffer.from('xx-hello');
  assert.equal(decodeUtf8(pooled.subarray(3)), { ok: true, text: 'hello' }, 'a view into a larger buffer');
});

test('visibleControls: terminal control characters (ESC, BEL, C1, DEL) become visible escapes; text, tabs and newlines stay', () => {
  assert.is(visibleControls('Title \x1b[2J with clear\x07'), 'Title \\x1b[2J with clear\\x07');
  assert.is(visibleControls('a\u009b31m\x7fb\x00'), 'a\\x9b31m\\x7fb\\x00');
  assert.is(visibleControls('naïve 😀\tx\ny'), 'naïve 😀\tx\ny');
  assert.is(visibleControls('a\nb', { newlines: false }), 'a\\x0ab');
});

test("logLine: a log tail keeps an agent's colours and its progress bar's last state; any other control is visible", () => {
  assert.is(logLine('\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[m'), '\x1b[31mred\x1b[0m and \x1b[1;32mbold green\x1b[m');
  assert.is(logLine('10%\r55%\r100% done'), '100% done');
  assert.is(logLine('\x1b[2Jcleared \x1b]0;owned\x07 \x1b[3A'), '\\x1b[2Jcleared \\x1b]0;owned\\x07 \\x1b[3A');
  assert.is(logLine('tab\tstays'), 'tab\tstays');
});

test.run();
