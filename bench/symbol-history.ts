import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { declaredSymbols } from '../src/analyze/declared-symbols.js';
import { loadOxcBinding } from '../src/analyze/fast-scan.js';

/**
 * `tsx bench/symbol-history.ts CHECKOUT N`: the last N commits touching TS/JS of a checkout as
 * queue items with exact files, at the parent of the oldest (docs/conflicts.md#measured-on-public-histories).
 * Each commit's changed symbols come from its hunks with oxc's parser: the top-level declarations
 * and class members whose text a hunk touches, in the old file (removed or renamed) and the new one;
 * a hunk outside every declaration (imports, top-level statements) writes the whole file. Writes
 * `.agent/queue/` twice: `items-files/` (whole files) and `items-symbols/` (`path#symbol`).
 */
const [dir, count = '30'] = process.argv.slice(2);
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
const oxc = (await loadOxcBinding())!;
const shas = git('log', '--no-merges', '--format=%H', '-n', '400', '--', '*.ts', '*.tsx').split('\n').filter(Boolean).slice(0, Number(count)).reverse();
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const show = (rev: string, file: string) => {
  try {
    return execFileSync('git', ['show', `${rev}:${file}`], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
};
/** Symbols whose text overlaps the 1-based line ranges; undefined when a range falls outside every declaration. */
function touched(file: string, text: string, ranges: Array<[number, number]>): string[] | undefined {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const symbols = declaredSymbols(oxc, file, text);
  const out = new Set<string>();
  for (const [from, to] of ranges) {
    const a = starts[Math.max(0, from - 1)] ?? text.length;
    const b = (starts[to] ?? text.length + 1) - 1;
    // The innermost declarations (members over their class) the range overlaps.
    const hit = symbols.filter((s) => s.start <= b && s.end >= a);
    const members = hit.filter((s) => s.name.includes('.'));
    const top = hit.filter((s) => !s.name.includes('.'));
    // A range that spills out of every declaration touches something else of the file.
    const inside =
      hit.some((s) => s.start <= a && s.end >= b) ||
      (hit.length > 0 && hit.every((s) => s.start <= b && s.end >= a) && hit[0].start <= a && hit[hit.length - 1].end >= b);
    if (!inside) return undefined;
    for (const s of members.length > 0 ? members : top) out.add(s.name);
    for (const t of top) if (!members.some((m) => m.name.startsWith(`${t.name}.`))) out.add(t.name);
  }
  return [...out].sort();
}
const base = `${shas[0]}~1`;
const items: Array<{ files: string[]; symbols: string[]; sha: string }> = [];
for (const sha of shas) {
  const changed = git('diff', '--name-only', `${sha}~1`, sha).split('\n').filter(Boolean);
  const entries: string[] = [];
  for (const file of changed) {
    if (!SOURCE.test(file)) {
      entries.push(file);
      continue;
    }
    const diff = git('diff', '-U0', `${sha}~1`, sha, '--', file);
    const oldRanges: Array<[number, number]> = [];
    const newRanges: Array<[number, number]> = [];
    for (const m of diff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
      const [os, ol, ns, nl] = [Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
      if (ol > 0) oldRanges.push([os, os + ol - 1]);
      if (nl > 0) newRanges.push([ns, ns + nl - 1]);
    }
    const before = show(`${sha}~1`, file);
    const after = show(sha, file);
    const a = before === undefined ? undefined : touched(file, before, oldRanges);
    const b = after === undefined ? undefined : touched(file, after, newRanges);
    if (before === undefined || after === undefined || !a || !b || a.length + b.length === 0) entries.push(file);
    else for (const s of new Set([...a, ...b])) entries.push(`${file}#${s}`);
  }
  items.push({ files: [...new Set(changed)], symbols: entries, sha });
}
git('checkout', '-q', base);
for (const [name, pick] of [
  ['files', (i: (typeof items)[number]) => i.files],
  ['symbols', (i: (typeof items)[number]) => i.symbols],
] as const) {
  const queue = join(dir, `.agent/items-${name}`);
  mkdirSync(queue, { recursive: true });
  items.forEach((item, k) => {
    const id = String(k + 1).padStart(3, '0');
    writeFileSync(
      join(queue, `${id}-pending-c${id}.md`),
      `---\nfiles: [${pick(item)
        .map((f) => JSON.stringify(f))
        .join(', ')}]\n---\n# Commit ${item.sha.slice(0, 8)}\n`,
    );
  });
}
const named = items.filter((i) => i.symbols.some((e) => e.includes('#'))).length;
process.stdout.write(`${items.length} commits from ${base}; ${named} name symbols in at least one file\n`);
