import { PRIORITIES, STATUSES, type Priority, type Status } from '../types.js';
import { suggest } from '../suggest.js';

/** Words agents write for "no blockers". */
const NONE = /^(none|n\/a|na|nothing|-+|—|\[\s*\]|no)$/i;

export type Parsed<T> = { ok: true; value: T } | { ok: false; found: string };

/**
 * Item ids as agents write them: `001, 004`, `#001`, `001 (optional)`, `none`,
 * `001-pending-foo.md`. Returns the digit strings.
 */
export function parseIdList(value: string): Parsed<string[]> {
  const text = value.replace(/`/g, '').trim();
  if (text === '' || NONE.test(text)) return { ok: true, value: [] };
  const ids: string[] = [];
  for (const rawPart of text.split(/[,;]|\s+and\s+/i)) {
    const part = rawPart.replace(/\([^)]*\)/g, '').trim();
    if (part === '' || NONE.test(part)) continue;
    const m = /^(?:#|item\s*|issue\s*)?(\d+)(?:-[a-z_]+-[a-z0-9-]+(?:\.md)?)?$/i.exec(part);
    if (!m) return { ok: false, found: rawPart.trim() };
    ids.push(m[1]);
  }
  return { ok: true, value: ids };
}

const PRIORITY_WORDS: Record<string, Priority> = { critical: 'p0', urgent: 'p0', high: 'p1', medium: 'p2', normal: 'p2', low: 'p3' };

/** `p0..p3` (any case, also `P1 - high`) or high | medium | low (= p1 | p2 | p3). */
export function parsePriority(value: string): Parsed<Priority> {
  const text = value.replace(/`/g, '').trim().toLowerCase();
  const head = /^(p[0-3])\b/.exec(text)?.[1] ?? text.split(/[\s(—-]/)[0];
  if ((PRIORITIES as readonly string[]).includes(head)) return { ok: true, value: head as Priority };
  const word = PRIORITY_WORDS[head];
  return word ? { ok: true, value: word } : { ok: false, found: value.trim() };
}

export function priorityHint(found: string): string {
  const near = suggest(found, [...PRIORITIES, 'high', 'medium', 'low']);
  return near ? `did you mean "${near}"?` : 'write one of p0, p1, p2, p3 (or high, medium, low)';
}

const STATUS_WORDS: Record<string, Status> = {
  done: 'completed',
  complete: 'completed',
  todo: 'pending',
  inprogress: 'in_progress',
  wip: 'in_progress',
};

/** `**Status**:` values: the four statuses, also `In Progress`, `in-progress`, `done`, with emoji or notes after. */
export function parseStatus(value: string): Parsed<Status> {
  const text = value
    .replace(/[`*]/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, ' ')
    .trim()
    .toLowerCase();
  const words = text.split(/\s+/).filter(Boolean);
  for (const candidate of [words.slice(0, 2).join('_'), words[0] ?? '']) {
    const normal = candidate.replace(/-/g, '_');
    if ((STATUSES as readonly string[]).includes(normal)) return { ok: true, value: normal as Status };
    const word = STATUS_WORDS[normal.replace(/_/g, '')];
    if (word) return { ok: true, value: word };
  }
  return { ok: false, found: value.trim() };
}

/**
 * What an agent writes for files it does not know yet: `TBD`, `(to be determined)`, `?`. Taken as
 * a path, `TBD` would be a new file at the root, and the item would run beside anything while its
 * real footprint went unseen; it declares nothing, so its files are inferred (docs/queue-items.md).
 */
const PLACEHOLDER = /^\(?\s*(?:tbd|tba|tbc|todo|unknown|\?+|to be (?:determined|decided|confirmed|defined))\s*\)?\.?$/i;

/** An entry that names no path: `none`, `n/a`, `-`, or a placeholder for files not known yet. */
export function isNoPath(entry: string): boolean {
  return NONE.test(entry) || PLACEHOLDER.test(entry);
}

/** Comma-separated paths or globs, backticks and list bullets removed. */
export function parsePathList(value: string): string[] {
  return value
    .split(/,(?![^{]*})/)
    .map((s) => s.replace(/`/g, '').trim())
    .filter((s) => s !== '' && !isNoPath(s));
}

/** Why `name` is not a branch name git accepts (git check-ref-format's rules), if it is not. */
export function refNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name === 'HEAD') return 'HEAD is the current commit, not a branch';
  if (name.includes('..')) return 'it holds ".." (a range, not a branch)';
  // eslint-disable-next-line no-control-regex -- git refuses control characters in a ref name
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'it holds a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('@{')) return 'it holds "@{"';
  if (name.startsWith('-')) return 'it starts with "-"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'it starts or ends with "/" or holds "//"';
  if (name.endsWith('.') || name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')))
    return 'a part of it starts with "." or ends with ".lock", or it ends with "."';
  return undefined;
}
