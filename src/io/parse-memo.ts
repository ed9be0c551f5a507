import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { BUILD_ID } from '../package-root.js';
import { readCacheBytes, writeCacheText } from './cache-dir.js';

/**
 * Results of pure parses (a queue item's text, the config's) remembered by what they read, so a
 * run whose items did not change does not parse them again: the first parse in a process loads
 * the YAML reader and the schema validators, and a 50-item queue's first load took 20-28 ms, 10-13
 * ms with its parses read back. A run that parses anything new, or no longer reads an entry, writes
 * the file again with exactly the entries it used.
 */
export interface ParseMemo {
  /** `parse(text)` for `file`, remembered by kind, file and text. The result must be plain data (JSON); one that is not is never remembered. */
  through<T>(kind: string, file: string, text: string, parse: (text: string) => T): T;
  /** Write the file when this run changed what it holds; never fails the run. */
  save(): void;
}

const FILE = 'parsed.json';
const FORMAT = 'waveplan-parse-memo 1';

/** The memo kept in `dir` (`.agent/cache/`), or one that remembers nothing (`false`). */
export function openParseMemo(dir: string | false): ParseMemo {
  if (dir === false) return { through: (_kind, _file, text, parse) => parse(text), save: () => undefined };
  const stored = readEntries(readCacheBytes(dir, FILE));
  const used = new Map<string, string>();
  let changed = false;
  return {
    through<T>(kind: string, file: string, text: string, parse: (text: string) => T): T {
      const key = createHash('sha1').update(`${kind}\0${file}\0`).update(text).digest('hex');
      const known = stored.get(key);
      if (known !== undefined) {
        used.set(key, known);
        return JSON.parse(known) as T;
      }
      const value = parse(text);
      const json = JSON.stringify(value);
      // Only what JSON gives back whole (no undefined members, no Infinity) is remembered.
      if (json !== undefined && isDeepStrictEqual(JSON.parse(json), value)) {
        used.set(key, json);
        changed = true;
      }
      return value;
    },
    save() {
      if (!changed && used.size === stored.size) return;
      const body = `{${[...used]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, json]) => `${JSON.stringify(key)}:${json}`)
        .join(',')}}`;
      writeCacheText(dir, FILE, `${FORMAT} ${BUILD_ID} ${sha1(body)}\n${body}`);
    },
  };
}

/** The entries of a memo file written by this build, as JSON texts by key; none when it is missing, foreign, stale or damaged. */
function readEntries(bytes: Buffer | undefined): Map<string, string> {
  const entries = new Map<string, string>();
  if (bytes === undefined) return entries;
  const newline = bytes.indexOf(10);
  if (newline === -1) return entries;
  const body = bytes.toString('utf8', newline + 1);
  if (bytes.toString('latin1', 0, newline) !== `${FORMAT} ${BUILD_ID} ${sha1(body)}`) return entries;
  try {
    const data = JSON.parse(body) as Record<string, unknown>;
    for (const [key, value] of Object.entries(data)) entries.set(key, JSON.stringify(value));
  } catch {
    entries.clear();
  }
  return entries;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
