import { compareStrings } from '../../order.js';
import type { Item } from '../../types.js';
import { ABBREVIATIONS, KEYWORDS, STOPWORDS } from './stopwords.js';

/**
 * What an item's own words point at, before looking at the repository:
 * - `path`: a path or glob written in the text (`src/billing/`, `etag.ts`, `src/**\/*.ts`);
 * - `package`: a workspace package name (`@acme/client`);
 * - `identifier`: a backticked name or a camelCase/PascalCase word (`generateDigest`, `ETagCache`);
 * - `scope`: a conventional-commit scope (`fix(etag): …` → `etag`);
 * - `word`: any other meaningful word, lower-cased (`pricing`, `rate-limit`).
 */
export type CandidateKind = 'path' | 'package' | 'identifier' | 'scope' | 'word';

export interface Candidate {
  kind: CandidateKind;
  /** Normalised value: paths without `./`, scopes and words lower-cased. */
  value: string;
  /** The words as written that produced it (sorted, unique): shown to the user as the reason. */
  words: string[];
  /** Written in the title (a stronger signal than the body). */
  inTitle: boolean;
  /** Written in backticks (the author meant code). */
  quoted: boolean;
}

/** The prose inference reads: the title and the sections agents write (description, success criteria, notes, …). */
export interface ItemText {
  title: string;
  body: string[];
}

export function itemText(item: Pick<Item, 'title' | 'sections'>): ItemText {
  const names = Object.keys(item.sections).sort(compareStrings);
  return { title: item.title, body: names.map((name) => item.sections[name]) };
}

const TYPES = 'feat|feature|fix|chore|docs|refactor|perf|test|tests|build|ci|style|revert|release|deps|wip';
/** `type(scope)!: …`; the type alone (`docs: …`) says what kind of change, not where. */
const CONVENTIONAL = new RegExp(`^\\s*(?:${TYPES})\\s*(?:\\(([^)]+)\\))?\\s*!?\\s*:`, 'i');
/** `router: …` (a bare scope, the Go and Linux habit), when the word is not a type. */
const BARE_SCOPE = new RegExp(`^\\s*(?!(?:${TYPES})\\s*:)([a-z][a-z0-9-]*)\\s*:\\s+\\S`);
const CODE_SPAN = /`([^`\n]+)`/g;
const EXTENSIONS = 'ts|tsx|mts|cts|js|jsx|mjs|cjs|json|md|mdx|ya?ml|css|scss|html|sql|prisma|graphql|sh|toml|vue|svelte';
const FILE_NAME = new RegExp(`^[\\w.@-]*\\w\\.(?:${EXTENSIONS})$`);
const PATH_TOKEN =
  /(?:^|[\s(,;:'"[])((?:\.{0,2}\/)?[\w.@*{}-]+(?:\/[\w.@*{}-]*)+|[\w.@-]+\.[a-z]{1,7}|\.[a-z][\w-]*(?:\.[\w-]+)*)(?=$|[\s),;:'"!?\]]|\.(?:\s|$))/g;
/** A dotfile's name (`.nvmrc`, `.env.example`, `.eslintrc.cjs`): a path only if the repository holds one (find-hits). */
export const DOTFILE = /^\.[a-z][\w-]*(?:\.[\w-]+)*$/i;
/** A module specifier behind an alias (`$app/paths`, `#internal/x`, `~/utils/y`, `@/lib/z`): the partial path after the sigil. */
export const ALIAS = /^(?:[$#]|[~@]\/)([\w-]+(?:\/[\w.-]+)+)$/;
const PACKAGE = /^@[a-z0-9][\w.-]*\/[a-z0-9][\w.-]*$/;
const IDENT = /[A-Za-z_$][\w$]*/g;
const CAMEL = /^(?:[a-z][a-z0-9]*[A-Z]|[A-Z]+[a-z0-9]+[A-Z]|[A-Z]{2,}[a-z]|[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]$)/;
const WORD = /[a-z][a-z0-9]*(?:-[a-z0-9]+)*/g;
const GLOB = /[*?{}]/;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)+$/i;

class Collector {
  private readonly byKey = new Map<string, Candidate & { set: Set<string> }>();
  add(kind: CandidateKind, value: string, written: string, inTitle: boolean, quoted: boolean): void {
    const key = `${kind}\0${value}`;
    let c = this.byKey.get(key);
    if (!c) this.byKey.set(key, (c = { kind, value, words: [], inTitle, quoted, set: new Set() }));
    c.set.add(written);
    c.inTitle ||= inTitle;
    c.quoted ||= quoted;
  }
  result(): Candidate[] {
    return [...this.byKey.values()]
      .map(({ set, ...c }) => ({ ...c, words: [...set].sort(compareStrings) }))
      .sort((a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.value, b.value));
  }
}

/**
 * Every candidate in an item's words (pure, deterministic: sorted by kind, then value). With
 * `dependency` (the name a dependency update's title updates) a link in the body into that
 * dependency's repository (`[Changelog](https://github.com/actions/checkout/blob/main/CHANGELOG.md)`,
 * `https://github.com/ai/nanoid/blob/main/CHANGELOG.md` for `nanoid`) names no file of ours.
 */
export function extractEvidence(text: ItemText, options: { dependency?: string } = {}): Candidate[] {
  const out = new Collector();
  const scope = CONVENTIONAL.exec(text.title)?.[1] ?? BARE_SCOPE.exec(text.title)?.[1];
  if (scope) {
    for (const written of scope.split(/[,\s]+/).filter(Boolean)) {
      // `utils/stream`, `packages/excalidraw`: a path first; its parts are scopes unless generic (`packages`).
      if (written.includes('/')) addPath(written, true, false, out);
      for (const part of written.split('/').filter(Boolean))
        if (!written.includes('/') || !STOPWORDS.has(part.toLowerCase())) out.add('scope', part.toLowerCase(), part, true, false);
    }
  }
  const title = text.title.replace(CONVENTIONAL, ' ');
  scan(title, true, out);
  for (const part of text.body) scan(part, false, out, options.dependency);
  return out.result();
}

/** A link to a file of a repository (`…/blob/<ref>/packages/kit/src/utils.js#L323`, GitHub and GitLab): its path. */
const BLOB_URL = /https?:\/\/[\w.-]+\/(?:[\w.-]+\/)+?(?:-\/)?(?:blob|tree)\/[^/\s]+\/([^\s?#)`'"<>\]]+)(?:[?#][^\s)`'"<>\]]*)?/g;
/** A place in a file (`respond.ts:42`, `fetch.ts:118:7`, `utils.js#L323`, `#L10-L20`): the file. */
const PLACE = new RegExp(`(\\.(?:${EXTENSIONS}))(?::\\d+(?::\\d+)?|#L\\d+(?:C\\d+)?(?:-L?\\d+(?:C\\d+)?)?)(?![\\w:])`, 'g');
/** A Windows path (`src\\core\\router.ts`): the same path with slashes. */
const BACKSLASHED = new RegExp(`[\\w.@-]+(?:\\\\[\\w.@-]+)+\\.(?:${EXTENSIONS})\\b`, 'g');

/**
 * The paths agents write with a place in them, as the plain paths they name (pure): a link to a
 * file of the repository, `file:line`, a `#L` anchor, a Windows path. Evidence found through them
 * is a path written in the text: only a file or folder the repository holds counts (find-hits).
 */
function plainPaths(text: string, dependency?: string): string {
  return text
    .replace(BLOB_URL, (link, path: string) => (dependency !== undefined && isRepositoryOf(link, dependency) ? link : ` ${path} `))
    .replace(PLACE, '$1')
    .replace(BACKSLASHED, (path) => path.replace(/\\/g, '/'));
}

/** A link's repository (`github.com/OWNER/NAME/…`) is the dependency's: OWNER/NAME is its name, or NAME its name without an npm scope. */
function isRepositoryOf(link: string, dependency: string): boolean {
  const repo = /^https?:\/\/[\w.-]+\/([\w.-]+)\/([\w.-]+)\//.exec(link);
  if (!repo) return false;
  const name = dependency.toLowerCase();
  return `${repo[1]}/${repo[2]}`.toLowerCase() === name || repo[2].toLowerCase() === name.replace(/^@[^/]+\//, '');
}

function scan(text: string, inTitle: boolean, out: Collector, dependency?: string): void {
  const prose = plainPaths(text, dependency).replace(CODE_SPAN, (_, code: string) => {
    scanCode(code.trim(), inTitle, out);
    return ' ';
  });
  for (const match of prose.matchAll(PATH_TOKEN)) addPath(match[1], inTitle, false, out);
  const rest = prose.replace(/https?:\/\/\S+/g, ' ').replace(PATH_TOKEN, ' ');
  for (const match of rest.matchAll(IDENT)) {
    if (CAMEL.test(match[0])) out.add('identifier', match[0], match[0], inTitle, false);
  }
  const words = rest.replace(/[A-Za-z0-9]+(?:[A-Z][a-z0-9]+)+/g, (w) => w.toLowerCase());
  for (const match of words.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (word.length < 3 || STOPWORDS.has(word)) continue;
    out.add('word', word, word, inTitle, false);
    // Folders are named with the short form: "the database" lives in `db/`.
    const short = ABBREVIATIONS.get(word);
    if (short) out.add('word', short, word, inTitle, false);
  }
}

/** A backticked span: a path, a package, or code whose identifiers count. */
function scanCode(code: string, inTitle: boolean, out: Collector): void {
  if (PACKAGE.test(code)) return out.add('package', code, code, inTitle, true);
  // A module specifier behind an alias (`$app/paths`, `#internal/x`, `~/utils/y`, `@/lib/z`) is a
  // path under a source root the alias names: what follows the sigil is a partial path.
  const alias = ALIAS.exec(code);
  if (alias) return out.add('path', alias[1], code, inTitle, true);
  // A span that starts at `/` is a route or a URL's path (`/search/red+shirt`, `/.well-known`), not a file of the repository, nor code.
  if (code.startsWith('/')) return;
  const isPathLike = /^[\w.@*{}/-]+$/.test(code) && (code.includes('/') || FILE_NAME.test(code) || GLOB.test(code) || DOTFILE.test(code));
  if (isPathLike) return addPath(code, inTitle, true, out);
  // No identifier holds a `-`: `no-store`, `content-type`, `pull-requests: write` are values and
  // flags, not code, and their parts name no declaration: they are words (false friends until
  // something agrees), and a kebab name as written (`create-vite`) is one too.
  if (/[a-z0-9]-[a-z]/i.test(code) && !/[(){}=;.]/.test(code)) {
    if (KEBAB.test(code)) out.add('word', code.toLowerCase(), code, inTitle, true);
    for (const match of code.toLowerCase().matchAll(/[a-z][a-z0-9]*/g))
      if (match[0].length >= 3 && !STOPWORDS.has(match[0])) out.add('word', match[0], code, inTitle, true);
    return;
  }
  // In a span that is more than one name, a plain lower-case word is an argument, a property, a
  // parameter or a word of a command (`[...path]`, `props.error`, `server.fs.allow`,
  // `getAbortControllerCleanup(req)`, `pnpm -F @sveltejs/kit prepublishOnly`), not the name of a
  // declaration: only the span itself, a callee (`error(status)`), the object a property is read
  // from (`retry.methods`) and a name spelled like one (`preloadCode`, `HttpError`,
  // `has_prerendered_path`, `$app`) count.
  const isOneName = /^[A-Za-z_$][\w$]*(?:\(\))?$/.test(code);
  for (const match of code.matchAll(IDENT)) {
    const name = match[0];
    if (name.length < 2 || KEYWORDS.has(name)) continue;
    const next = code[match.index + name.length];
    const isCallee = next === '(';
    // An object named by a generic word (`build.sourcemap`, `error.message`) is an option group or a variable.
    const isObject = next === '.' && code[match.index - 1] !== '.' && !STOPWORDS.has(name);
    if (isOneName || isCallee || isObject || /[A-Z_$0-9]/.test(name)) out.add('identifier', name, code, inTitle, true);
  }
}

function addPath(raw: string, inTitle: boolean, quoted: boolean, out: Collector): void {
  if (/^https?:|^\/\/|:\/\//.test(raw)) return;
  if (PACKAGE.test(raw)) return out.add('package', raw, raw, inTitle, quoted);
  const value = raw
    .replace(/^\.\//, '')
    .replace(/^\/+/, '')
    .replace(/[.,;:]+$/, '');
  if (!value || value.includes('..') || /^\d/.test(value)) return;
  // Wildcards and slashes alone name nothing: a comment's end in a code snippet (`/** @type {X} */`) is no glob of every folder.
  if (!/[A-Za-z0-9]/.test(value)) return;
  if (!value.includes('/') && !FILE_NAME.test(value) && !DOTFILE.test(value)) return; // "e.g", "v1.2": not paths
  out.add('path', value, raw, inTitle, quoted);
}
