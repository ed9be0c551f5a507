import type { ItemText } from './text-evidence.js';

/**
 * A line that recurs in the bodies of this many past commits is boilerplate (a pull-request
 * template's checklist, a bot's footer), not a word about the change (docs/inference.md).
 */
export const BOILERPLATE_MIN_COMMITS = 5;

/** A line as compared: trimmed, case and spacing folded, a ticked box the same as an empty one. */
export function boilerplateKey(line: string): string {
  return line
    .trim()
    .toLowerCase()
    .replace(/\[[xX ]\]/g, '[ ]')
    .replace(/\s+/g, ' ');
}

/** The lines that recur in at least BOILERPLATE_MIN_COMMITS of the bodies (pure; each body counts a line once). */
export function findBoilerplate(bodies: Iterable<string>): Set<string> {
  const seen = new Map<string, number>();
  for (const body of bodies) {
    for (const key of new Set(body.split('\n').map(boilerplateKey))) if (/[a-z0-9]/.test(key)) seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n >= BOILERPLATE_MIN_COMMITS).map(([key]) => key));
}

/** A body without its boilerplate lines. */
export function stripBoilerplate(body: string, boilerplate: ReadonlySet<string>): string {
  if (boilerplate.size === 0) return body;
  return body
    .split('\n')
    .filter((line) => !boilerplate.has(boilerplateKey(line)))
    .join('\n');
}

/** An item's text without the boilerplate its body shares with past commits (the title is always the item's own). */
export function itemWithoutBoilerplate(text: ItemText, boilerplate: ReadonlySet<string> | undefined): ItemText {
  if (!boilerplate || boilerplate.size === 0) return text;
  return { title: text.title, body: text.body.map((part) => stripBoilerplate(part, boilerplate)) };
}
