import { compareStrings } from '../../order.js';
import { stemOf } from './content-terms.js';
import type { Hit } from './find-hits.js';
import { dirOf, isOwnPath } from './repo-shape.js';
import { STOPWORDS } from './stopwords.js';

/**
 * The words of the repository's compound file names (docs/inference.md, "file names by their
 * words"): `dynamicImportVars.ts` is `dynamic`, `import`, `var`; `server-hmr.spec.ts` is
 * `server`, `hmr`. A title that holds every word of such a name points at the file, though it
 * never writes the name itself ("support dynamic import vars", "simplify server-hmr tests").
 */
export interface NameWords {
  /** Stemmed word → the files whose name has it (compound names only: two words or more). */
  byWord: ReadonlyMap<string, readonly string[]>;
  /** File → how many distinct words its name has. */
  words: ReadonlyMap<string, number>;
  /** The files that are tests (`x.test.ts`, `x.spec.ts`): named only by an item about tests. */
  tests: ReadonlySet<string>;
  /** Every test file (`x.test.ts`, or a code file under `test/`, `tests/`, `__tests__/`) → the words of the name it tests (one word or more). */
  testWords: ReadonlyMap<string, readonly string[]>;
  /** A name's word (singular, as testWords) → how many of the repository's own files have it in their name. */
  wordFiles: ReadonlyMap<string, number>;
  /** How many of the repository's own files there are. */
  ownFiles: number;
}

const TEST_STEM = /^(.*?)\.(?:test|spec|e2e)$/;
const TEST_DIR = /(?:^|\/)(?:__tests__|tests?)\/(?:[^/]+\/)*[^/]+\.[cm]?[jt]sx?$/;

/** The name words of the repository's own files (pure, deterministic). */
export function buildNameWords(files: readonly string[]): NameWords {
  const byWord = new Map<string, string[]>();
  const words = new Map<string, number>();
  const tests = new Set<string>();
  const testWords = new Map<string, string[]>();
  const wordFiles = new Map<string, number>();
  let ownFiles = 0;
  const filesByName = new Map<string, boolean>();
  for (const file of files) filesByName.set(file.replace(/\.[^./]*$/, ''), true);
  for (const file of files) {
    if (!isOwnPath(file)) continue;
    const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
    const test = TEST_STEM.exec(base);
    ownFiles++;
    for (const word of new Set(wordsOf(test ? test[1] : base, singular))) wordFiles.set(word, (wordFiles.get(word) ?? 0) + 1);
    const parts = new Set(wordsOf(test ? test[1] : base));
    // A test beside the file it tests (`accept.test.ts` next to `accept.ts`) is that file's: pairing finds it.
    const isPaired = test !== null && (filesByName.get(`${dirOf(file)}/${test[1]}`) ?? false);
    if ((test || TEST_DIR.test(file)) && /\.[cm]?[jt]sx?$/.test(file) && !isPaired) testWords.set(file, [...new Set(wordsOf(test ? test[1] : base, singular))]);
    if (parts.size < 2) continue;
    if (test) tests.add(file);
    words.set(file, parts.size);
    for (const part of parts) {
      const list = byWord.get(part);
      if (list) list.push(file);
      else byWord.set(part, [file]);
    }
  }
  return { byWord, words, tests, testWords, wordFiles, ownFiles };
}

/** A name or a phrase → its words, lower-case and stemmed (`dynamicImportVars` → dynamic, import, var). */
export function wordsOf(text: string, stem: (word: string) => string = stemOf): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2 && !/^\d+$/.test(w))
    .map((w) => stem(w));
}

/** A plural's singular only (`hooks` → `hook`, never `watcher` → `watch`): a test's name is matched closely. */
export function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** A compound name whose words are all in the title, unique among the matches: a plain word's confidence, a little more (two words agree). */
export const NAME_WORDS_CONFIDENCE = [0.5, 0.35] as const;
/** More matches than this: the words are too generic to say which file. */
const MAX_MATCHES = 2;

/**
 * The files whose compound name's words are all in the title (pure): one piece of evidence
 * (`word`), never strong alone. Tests only for an item about tests. Stopwords in the title
 * still count as words of a name (`get`, `set`, `new`).
 */
export function nameWordHits(title: string, index: NameWords | undefined, isAboutTests: boolean): Hit[] {
  if (!index) return [];
  const said = new Set(wordsOf(title.replace(/^\s*\w+(?:\(([^)]*)\))?!?:\s*/, ' $1 ')));
  const counts = new Map<string, number>();
  for (const word of said) for (const file of index.byWord.get(word) ?? []) counts.set(file, (counts.get(file) ?? 0) + 1);
  const matched = [...counts]
    .filter(([file, n]) => n === index.words.get(file) && (isAboutTests || !index.tests.has(file)))
    .map(([file]) => file)
    .sort(compareStrings);
  // A name of two stopwords only (`get-set.ts`) says nothing.
  const specific = matched.filter((file) => [...said].some((w) => !STOPWORDS.has(w) && index.byWord.get(w)?.includes(file)));
  if (specific.length === 0 || specific.length > MAX_MATCHES) return [];
  const confidence = NAME_WORDS_CONFIDENCE[specific.length - 1];
  return specific.map((file) => ({
    entry: file,
    files: [file],
    isFile: true,
    confidence,
    words: [file.slice(file.lastIndexOf('/') + 1)],
    evidence: `name-words:${file}`,
    kind: 'word' as const,
  }));
}
