/** Changes a terminal is shown at most, and the characters of each; `--json` lists every one whole. */
const MAX_SHOWN = 40;
const MAX_LINE = 600;

/**
 * What moved since the last plan (`diffPlans`), as `plan` and `plan --check` print it: one bullet
 * per change, the first 40, each cut at 600 characters at a list boundary (an explanation, such as
 * why inference moved, fits whole), then how many more and `where` to
 * read them all. After `infer --write` on a long queue, the list runs to thousands of lines of
 * lost conflicts, some of them kilobytes long, which hide the summary they follow.
 */
export function formatChanges(messages: readonly string[], where: string): string[] {
  const shown = messages.slice(0, MAX_SHOWN).map((m) => `  - ${clip(m.replace(/\s*\n\s*/g, ' '))}`);
  const more = messages.length - shown.length;
  if (more > 0) shown.push(`  - … and ${more} more (${where})`);
  return shown;
}

function clip(text: string): string {
  if (text.length <= MAX_LINE) return text;
  const head = text.slice(0, MAX_LINE - 2);
  const cut = Math.max(head.lastIndexOf('; '), head.lastIndexOf(', '));
  return `${cut > MAX_LINE / 2 ? head.slice(0, cut + 1) : head} …`;
}
