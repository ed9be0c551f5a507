import { execFileSync } from 'node:child_process';
import { declaredSymbols } from '../src/analyze/declared-symbols.js';
import type { loadOxcBinding } from '../src/analyze/fast-scan.js';

type Oxc = NonNullable<Awaited<ReturnType<typeof loadOxcBinding>>>;

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

/** Symbols whose text overlaps the 1-based line ranges; undefined when a range falls outside every declaration. */
function touched(oxc: Oxc, file: string, text: string, ranges: Array<[number, number]>): string[] | undefined {
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

/**
 * A commit's `files:` entries at symbol level (docs/conflicts.md#measured-on-public-histories): for
 * each TS/JS file it changes, the top-level declarations and class members its hunks touch (against
 * `parent`), in the old text (removed or renamed) and the new; the whole file when a hunk falls
 * outside every declaration, the file is added or deleted, or it is not a source file.
 */
export function commitSymbolEntries(oxc: Oxc, dir: string, parent: string, sha: string): string[] {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const show = (rev: string, file: string) => {
    try {
      return execFileSync('git', ['show', `${rev}:${file}`], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return undefined;
    }
  };
  const entries: string[] = [];
  for (const file of git('diff', '--name-only', '--no-renames', parent, sha).split('\n').filter(Boolean)) {
    if (!SOURCE.test(file)) {
      entries.push(file);
      continue;
    }
    const diff = git('diff', '-U0', '--no-renames', parent, sha, '--', file);
    const oldRanges: Array<[number, number]> = [];
    const newRanges: Array<[number, number]> = [];
    for (const m of diff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
      const [os, ol, ns, nl] = [Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
      if (ol > 0) oldRanges.push([os, os + ol - 1]);
      if (nl > 0) newRanges.push([ns, ns + nl - 1]);
    }
    const before = show(parent, file);
    const after = show(sha, file);
    const a = before === undefined ? undefined : touched(oxc, file, before, oldRanges);
    const b = after === undefined ? undefined : touched(oxc, file, after, newRanges);
    if (before === undefined || after === undefined || !a || !b || a.length + b.length === 0) entries.push(file);
    else for (const s of new Set([...a, ...b])) entries.push(`${file}#${s}`);
  }
  return entries;
}
