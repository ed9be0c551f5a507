/**
 * An item's text with `files:` set in its frontmatter (pure; docs/inference.md). Only the
 * frontmatter changes: the title, the sections and every other field stay byte for byte, so the
 * item keeps its meaning. A frontmatter with an empty `files:` line (`files: []`, `files:`) has
 * that line replaced; one without `files:` gets it as its first field; no frontmatter, one is
 * added. Returns undefined when the item already declares files (nothing to do).
 */
export function withDeclaredFiles(source: string, files: readonly string[]): string | undefined {
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const line = `files: [${files.map((f) => JSON.stringify(f)).join(', ')}]`;
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = source.slice(bom.length);
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return `${bom}---${eol}${line}${eol}---${eol}${text}`;
  const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (end < 0) return undefined; // an unclosed frontmatter is an error validate reports; leave it
  const at = lines.findIndex((l, i) => i > 0 && i < end && /^files\s*:/.test(l));
  if (at >= 0) {
    if (!/^files\s*:\s*(?:\[\s*\])?\s*(?:#.*)?$/.test(lines[at])) return undefined;
    // `files:` with a block list under it is not empty.
    if (/^files\s*:\s*(?:#.*)?$/.test(lines[at]) && /^\s+-/.test(lines[at + 1] ?? '')) return undefined;
    lines[at] = line;
  } else lines.splice(1, 0, line);
  return bom + lines.join(eol);
}
