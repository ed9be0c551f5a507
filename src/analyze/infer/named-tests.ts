import { compareStrings } from '../../order.js';
import type { InferContext } from './find-hits.js';
import type { InferredEntry } from './infer-footprint.js';
import { singular, wordsOf } from './name-words.js';
import { tuningOf } from './tuning.js';

/** More tests than this named by a title's words: the words are too generic to say which. */
export const MAX_NAMED_TESTS = 2;
/**
 * A test whose name's words are each in the names of more than this share of the repository's
 * own files names nothing: every title says them (`query.test.tsx` in TanStack/query, `object.test.ts`
 * in zod; docs/inference.md, "Tests").
 */
export const COMMON_NAME_WORD = 0.01;
/** ...and of more than this many files: in a small repository every word is in 1% of the names. */
const COMMON_NAME_FILES = 10;
/** A named test's confidence: this share of the item's best entry (a companion, like a paired test). */
const NAMED_TEST_SHARE = 0.8;
const TEST_TOP = /^(?:__tests__|tests?|spec)$/;

/**
 * The tests an inferred item's title names (pure; docs/inference.md, "tests"): most tests are
 * named after the feature they cover, not after a source file (`fix(v4): drop empty alternation
 * branch from datetime pattern` changes `core/regexes.ts` and `classic/tests/datetime.test.ts`;
 * `Add init hook` changes `test/hooks.ts`), so pairing `x.ts` ↔ `x.test.ts` misses them. A test
 * comes along when every word of its name is a word of the title (outside code spans; plurals
 * meet, `watcher` is not `watch`), it is not the paired test of a file beside it (pairing finds
 * those), and it lies near a file found: in the same workspace package and top folder (or the
 * package's `test/` folder), and among the matches the ones sharing the deepest folder with a
 * found file (`v4/classic/tests/` before `v3/tests/` for a `v4/core` file). None when more than
 * MAX_NAMED_TESTS remain; of those, only the ones the history shows changing with a found file.
 */
export function namedTests(title: string, entries: readonly InferredEntry[], context: InferContext): InferredEntry[] {
  const tests = context.nameWords?.testWords;
  if (!tests || tests.size === 0) return [];
  const found = entries.filter((e) => context.shape.files.has(e.path)).map((e) => e.path);
  if (found.length === 0) return [];
  const prose = title.replace(/`[^`]*`/g, ' ').replace(/^\s*\w+(?:\(([^)]*)\))?!?:\s*/, ' $1 ');
  const said = new Set(wordsOf(prose, singular));
  // A found file's own top folder, and its package's test folder.
  const regions = new Set(found.flatMap((f) => [regionOf(f, context), `${regionOf(f, context).split('\0')[0]}\0test`]));
  const written = new Set(entries.map((e) => e.path));
  // A word in the names of more than COMMON_NAME_WORD of the files (`query` in TanStack/query) names no test (TUNING.namedTestsNeedRareWord).
  const index = context.nameWords!;
  const isCommon = (w: string) =>
    tuningOf(context).namedTestsNeedRareWord && (index.wordFiles.get(w) ?? 0) > Math.max(COMMON_NAME_FILES, COMMON_NAME_WORD * index.ownFiles);
  const named = [...tests]
    .filter(
      ([file, words]) =>
        words.length > 0 && words.every((w) => said.has(w)) && !words.every(isCommon) && !written.has(file) && regions.has(regionOf(file, context)),
    )
    .map(([file]) => file);
  const depth = (file: string) => Math.max(...found.map((f) => sharedDepth(file, f)));
  const deepest = Math.max(0, ...named.map(depth));
  const closest = named.filter((f) => depth(f) === deepest).sort(compareStrings);
  if (closest.length > MAX_NAMED_TESTS) return [];
  const best = entries.reduce((max, e) => Math.max(max, e.confidence), 0);
  const needsHistory = tuningOf(context).namedTestsNeedHistory;
  return closest
    .filter((file) => !needsHistory || changedWith(file, found, context))
    .map((path) => ({ path, words: writtenWords(prose, tests.get(path)!), confidence: round(best * NAMED_TEST_SHARE), kinds: ['test'] }));
}

/**
 * The title's words, as the item wrote them, that name a test (`Hook` for `test/hooks.ts`): the
 * entry's evidence shows them, as every entry shows the words behind it; the test's own file
 * name read as if the item had written it.
 */
function writtenWords(prose: string, testWords: readonly string[]): string[] {
  const wanted = new Set(testWords);
  const written = prose.split(/[^A-Za-z0-9]+/).filter((token) => wordsOf(token, singular).some((w) => wanted.has(w)));
  return [...new Set(written)].sort(compareStrings);
}

/**
 * Whether the repository's history shows `test` changing in one commit with one of `found`
 * (docs/inference.md, "tests"): a title's word naming a test is a guess about the feature it
 * covers, and a test that never changed with the code found covers some other code. Without a
 * history (no commit read) there is nothing to ask: every named test counts.
 */
function changedWith(test: string, found: readonly string[], context: InferContext): boolean {
  const changes = context.changes;
  if (!changes || changes.changes.size === 0) return true;
  const row = changes.cochange.get(test);
  return row !== undefined && found.some((f) => (row.get(f) ?? 0) > 0);
}

/** The deepest workspace package holding a file and its top folder in it (a package's `test/` and `tests/` are one). */
function regionOf(path: string, context: InferContext): string {
  const pkg = context.packages.filter((p) => p.dir === '' || path.startsWith(`${p.dir}/`)).reduce((best, p) => (p.dir.length > best.length ? p.dir : best), '');
  const rest = pkg === '' ? path : path.slice(pkg.length + 1);
  const top = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : '';
  return `${pkg}\0${TEST_TOP.test(top) ? 'test' : top}`;
}

/** How many leading folders two paths share. */
function sharedDepth(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length - 1 && i < y.length - 1 && x[i] === y[i]) i++;
  return i;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
