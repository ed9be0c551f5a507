import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOxcBinding } from '../src/analyze/fast-scan.js';
import { commitSymbolEntries } from './commit-symbols.js';

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
const base = `${shas[0]}~1`;
const items: Array<{ files: string[]; symbols: string[]; sha: string }> = [];
for (const sha of shas) {
  const changed = git('diff', '--name-only', `${sha}~1`, sha).split('\n').filter(Boolean);
  items.push({ files: [...new Set(changed)], symbols: commitSymbolEntries(oxc, dir, `${sha}~1`, sha), sha });
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
