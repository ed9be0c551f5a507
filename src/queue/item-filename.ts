import { STATUSES, type Status } from '../types.js';
import { suggest } from '../suggest.js';

export type FilenameResult =
  { kind: 'item'; id: string; status: Status; slug: string } | { kind: 'ignored' } | { kind: 'near-miss'; message: string; expected: string; hint?: string };

const ITEM = /^(\d{3,})-(pending|in_progress|completed|blocked)-([a-z0-9-]+)\.md$/;
/** Words people write for the four statuses. */
const STATUS_ALIASES: Record<string, Status> = {
  done: 'completed',
  complete: 'completed',
  finished: 'completed',
  todo: 'pending',
  open: 'pending',
  backlog: 'pending',
  'in-progress': 'in_progress',
  inprogress: 'in_progress',
  wip: 'in_progress',
  doing: 'in_progress',
  active: 'in_progress',
  stuck: 'blocked',
};
export const FILENAME_FORMAT =
  'NNN-STATUS-slug.md, e.g. 001-pending-add-login.md (NNN: 3+ digits; STATUS: pending | in_progress | completed | blocked; slug: a-z, 0-9, -)';

export function itemFilename(id: string, status: Status, slug: string): string {
  return `${id}-${status}-${slug}.md`;
}

/**
 * Classify one name found directly in the queue folder. Names that look like an
 * attempt at an item (a leading number, or a status word between dashes) but break
 * the grammar are near-misses, reported rather than silently skipped.
 */
export function parseItemFilename(name: string): FilenameResult {
  const match = ITEM.exec(name);
  if (match) return { kind: 'item', id: match[1], status: match[2] as Status, slug: match[3] };
  if (name.startsWith('.') || !/\.md$/i.test(name)) return { kind: 'ignored' };
  const stem = name.replace(/\.md$/i, '');
  const parts = /^(\d+)[-_]([^-_]+(?:[-_]progress)?)(?:[-_](.*))?$/i.exec(stem);
  if (!parts) {
    const statusWord = STATUSES.find((s) => stem.includes(`-${s}-`));
    if (/^\d/.test(stem) || statusWord) return nearMiss(`"${name}" looks like a queue item but does not follow the item filename format`);
    return { kind: 'ignored' };
  }
  const [, id, statusWord, slug] = parts;
  if (id.length < 3) {
    return nearMiss(`item id "${id}" in "${name}" has fewer than 3 digits`, `rename it to ${id.padStart(3, '0')}-${stem.slice(id.length + 1)}.md`);
  }
  const status = statusWord;
  if (!name.endsWith('.md')) return nearMiss(`"${name}" must end in lower-case ".md"`, `rename it to ${stem}.md`);
  if (!(STATUSES as readonly string[]).includes(status)) {
    const alias = STATUS_ALIASES[status.toLowerCase()] ?? suggest(status, STATUSES);
    const hint = alias ? `did you mean "${alias}"? rename it to ${id}-${alias}-${slug ?? 'slug'}.md` : undefined;
    return nearMiss(`unknown status "${status}" in "${name}"`, hint);
  }
  if (!slug) return nearMiss(`"${name}" has no slug after the status`, `rename it to ${id}-${status}-short-description.md`);
  const fixed =
    slug
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'item';
  return nearMiss(`slug "${slug}" in "${name}" may only hold a-z, 0-9 and -`, `rename it to ${id}-${status}-${fixed}.md`);
}

function nearMiss(message: string, hint?: string): FilenameResult {
  return { kind: 'near-miss', message, expected: FILENAME_FORMAT, hint };
}
