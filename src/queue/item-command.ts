/**
 * `run:` / `run.command` placeholders (docs/agents.md): `{item_id}` and `{title}` become the
 * value as one shell word, `{item_file}` becomes `"$WAVEPLAN_ITEM_FILE"`, the variable every run
 * sets to the item file as it is when the command starts (its in_progress name, an absolute path,
 * right inside a worktree too). So the expansion is the same string before and during the run,
 * and a title can never become shell syntax.
 */
import type { Config, Item } from '../types.js';

const PLACEHOLDER = /(?<!\$)\{(item_file|item_id|title)\}/g;

/** Characters that need no quoting in a POSIX shell word. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * `value` as exactly one POSIX shell word that the shell turns back into `value`: as is when it
 * is plain, else single-quoted (inside single quotes nothing is special; a `'` is written `'\''`).
 * A shell string cannot hold NUL: it is dropped.
 */
export function shellQuote(value: string): string {
  const text = value.replaceAll('\0', '');
  return PLAIN.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

export interface PlaceholderValues {
  id: string;
  title: string;
}

/** The command with its placeholders replaced (pure). `${title}` and other shell variables are left alone. */
export function expandPlaceholders(command: string, item: PlaceholderValues): string {
  return command.replace(PLACEHOLDER, (_match, name: string) =>
    name === 'item_file' ? '"$WAVEPLAN_ITEM_FILE"' : shellQuote(name === 'item_id' ? item.id : item.title),
  );
}

/**
 * The command a run starts for the item: its own `run`, else config `run.command`, placeholders
 * expanded. The plan records this string and apply runs it verbatim (docs/agents.md).
 */
export function resolveItemCommand(item: Item, config: Config): string | undefined {
  const command = item.run ?? config.run.command ?? undefined;
  return command === undefined ? undefined : expandPlaceholders(command, item);
}
