import { compareStrings } from '../../order.js';
import { KEYWORDS, STOPWORDS } from './stopwords.js';
import type { ItemText } from './text-evidence.js';
import { changeKind } from './item-terms.js';

/**
 * A term of an item's text to look for in the repository's files (docs/inference.md, "The
 * repository's vocabulary"): a word by its stem (`islanding` → `island…`, which finds
 * `islanded` in a comment), or a name as written (`ROLLDOWN_FILE_URL`, `afterChange`).
 */
export interface ContentTerm {
  /** Lower-case key: the stem of a word, the whole name of an identifier. */
  key: string;
  /** A word matches its stem followed by lower-case letters; a name matches whole. */
  isName: boolean;
  /** 1 for a title term, less for one only in the body. */
  weight: number;
  /** The words as written that produced it. */
  words: string[];
}

/** What an item looks for in the repository's files: its terms, and whether it is about documentation. */
export interface ContentQuery {
  terms: ContentTerm[];
  /** A `docs:` change, or one whose title says docs, documentation, readme or guide: prose files rank as code does. */
  isAboutDocs: boolean;
  /** A `test:` change, or one whose title says test or spec: test files rank as code does. */
  isAboutTests: boolean;
  /** Its title or body says types (`fix(types)`, `type`, `TypeScript`, `TS4023`, `generic`, `infer`): a fix brings the type tests of the files found too. */
  isAboutTypes?: boolean;
  /** The conventional-commit type (`docs`, `test`, `ci`…), when the title has one. */
  kind?: string;
  /** The title, for the words of file names (name-words.ts). */
  title?: string;
}

const DOCS_TITLE = /^\s*docs?\b|\b(?:docs?|documentation|document|readme|guides?|jsdoc|tsdoc|comments?)\b/i;

const TYPES_TEXT = /\b(?:types?|typings?|typed|typescript|ts\d*|generics?|infer(?:s|red|ence)?|overloads?)\b/i;

const TESTS_TITLE = /^\s*tests?\b|\b(?:tests?|specs?|testing|coverage|e2e)\b/i;

export function contentQuery(text: ItemText): ContentQuery {
  const kind = changeKind(text.title);
  return {
    terms: contentTerms(text),
    isAboutDocs: DOCS_TITLE.test(text.title),
    isAboutTests: TESTS_TITLE.test(text.title),
    isAboutTypes: [text.title, ...text.body].some((part) => TYPES_TEXT.test(part)),
    ...(kind ? { kind } : {}),
    title: text.title,
  };
}

/** A body term counts this much of a title term (the title is what the item is about). */
export const BODY_WEIGHT = 0.5;
/** At most this many terms per item, title first then the body's: a long body is mostly prose. */
const MAX_TERMS = 40;

const TOKEN = /[A-Za-z_$][\w$]*/g;
const IS_NAME = /[a-z][A-Z]|[A-Z]{2,}[a-z]?|_|\$/;

/** The terms of an item to look up (pure, deterministic: title terms first, then by key). */
export function contentTerms(text: ItemText): ContentTerm[] {
  const byKey = new Map<string, ContentTerm>();
  const add = (written: string, inTitle: boolean, isCode = false) => {
    const isName = IS_NAME.test(written) && !/^[A-Z][a-z]+$/.test(written);
    // A body's prose words are mostly English (they match every document); its names and code are kept.
    if (!inTitle && !isName && !isCode) return;
    const lower = written.toLowerCase();
    // `catch` in a title is a word; in code it is the keyword every file has.
    if ((isCode && KEYWORDS.has(written)) || STOPWORDS.has(lower) || /^\$+$|^_+$/.test(written)) return;
    const key = isName ? lower.replace(/^[_$]+|[_$]+$/g, '') || lower : stemOf(lower);
    if (key.length < (isName ? 3 : 4) || STOPWORDS.has(key)) return;
    const id = `${isName ? 'n' : 'w'}:${key}`;
    const weight = inTitle ? 1 : BODY_WEIGHT;
    const seen = byKey.get(id);
    if (seen) {
      seen.weight = Math.max(seen.weight, weight);
      if (!seen.words.includes(written)) seen.words.push(written);
    } else byKey.set(id, { key, isName, weight, words: [written] });
  };
  const scan = (text: string, inTitle: boolean) => {
    const prose = text.replace(/https?:\/\/\S+/g, ' ').replace(/\(#\d+\)|#\d+/g, ' ');
    const code = new Set([...prose.matchAll(/`([^`\n]+)`/g)].flatMap((m) => [...m[1].matchAll(TOKEN)].map((t) => t[0])));
    for (const [token] of prose.matchAll(TOKEN)) {
      add(token, inTitle, code.has(token));
      // A compound name's parts are words too (`getDiscriminatedOption` → discriminated, option).
      const parts = token
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .split(/[\s_$]+/)
        .filter(Boolean);
      if (parts.length > 1) for (const part of parts) add(part.toLowerCase(), inTitle, code.has(token));
    }
  };
  scan(text.title.replace(/^\s*\w+(?:\([^)]*\))?!?:\s*/, ' '), true);
  for (const part of text.body) scan(part, false);
  return [...byKey.values()]
    .map((t) => ({ ...t, words: [...t.words].sort(compareStrings) }))
    .sort((a, b) => b.weight - a.weight || compareStrings(a.key, b.key) || Number(a.isName) - Number(b.isName))
    .slice(0, MAX_TERMS);
}

/** A light stem: the common English endings dropped while four letters remain (`compilation` → `compil`). */
export function stemOf(word: string): string {
  for (const ending of ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'es', 'ed', 'ly', 'er', 's', 'e']) {
    if (word.endsWith(ending) && word.length - ending.length >= 4) return word.slice(0, -ending.length);
  }
  return word;
}

/** The key a match found in a file belongs to, given the keys looked for (longest word stem that starts it, or the name itself). */
export function keyOfMatch(match: string, names: ReadonlySet<string>, stems: ReadonlySet<string>): string | undefined {
  const lower = match.toLowerCase();
  if (names.has(lower)) return `n:${lower}`;
  // Longest prefix first: one lookup per length, not one comparison per stem (a match costs its length).
  for (let length = lower.length; length > 0; length--) if (stems.has(lower.slice(0, length))) return `w:${lower.slice(0, length)}`;
  return undefined;
}

/**
 * One Perl-compatible pattern for every term (git grep -P): a name whole, a word's stem
 * followed by lower-case letters, both at word boundaries (`catch` finds `catches`, not `catchAll`).
 */
export function contentPattern(terms: readonly Pick<ContentTerm, 'key' | 'isName'>[]): string {
  const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  const names = uniq(terms.filter((t) => t.isName).map((t) => escape(t.key)));
  const stems = uniq(terms.filter((t) => !t.isName).map((t) => escape(t.key)));
  const parts = [...(names.length > 0 ? [`(?i:${names.join('|')})`] : []), ...(stems.length > 0 ? [`(?i:${stems.join('|')})[a-z]*`] : [])];
  return parts.length === 0 ? '' : `(?<![\\w$])(?:${parts.join('|')})(?![\\w$])`;
}

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)].sort(compareStrings);
}
