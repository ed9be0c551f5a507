import { compareStrings } from '../../order.js';
import { STOPWORDS } from './stopwords.js';
import type { ItemText } from './text-evidence.js';

const TOKEN = /[A-Za-z_$][\w$-]*/g;

/**
 * The terms that make an item's text comparable with past changes (pure): every word and
 * identifier, lower-cased, with `-`, `_` and `.` dropped (`rate-limit`, `rateLimit` and
 * `rate_limit` meet), plus the parts of compound names (`expandIPv6` → `expand`, `ipv6`).
 * Stopwords and words under three letters say nothing; sorted, unique.
 */
export function itemTerms(text: ItemText): string[] {
  const out = new Set<string>();
  // `feat(router):` → `router`: the type is a kind of change (shapeTerms), not a word of it.
  const title = text.title.replace(KIND, (_, _type: string, scope?: string) => ` ${scope ?? ''} `);
  const all = [title, ...text.body].join('\n').replace(/https?:\/\/\S+/g, ' ');
  for (const [token] of all.matchAll(TOKEN)) {
    const whole = token.toLowerCase().replace(/[-_.$]/g, '');
    if (whole.length >= 3 && !STOPWORDS.has(whole)) out.add(whole);
    const parts = token
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[\s_$-]+/);
    if (parts.length < 2) continue;
    for (const part of parts) {
      const p = part.toLowerCase();
      if (p.length >= 3 && !STOPWORDS.has(p)) out.add(p);
    }
  }
  for (const term of shapeTerms(text.title)) out.add(term);
  return [...out].sort(compareStrings);
}

const KIND = /^\s*(feat|feature|fix|chore|docs|refactor|perf|test|tests|build|ci|style|revert|release|deps)\s*(?:\(([^)]*)\))?\s*!?\s*:/i;
/** The kinds of change that say where it lands (documentation, workflows, build files, a release); `feat`, `fix`, `test` do not. */
const WHERE_KINDS = new Set(['docs', 'ci', 'build', 'release', 'deps']);
const VERSION = /(?:^|[\s(@v])\d+\.\d+\.\d+(?:-[\w.]+)?(?=$|[\s),;:])/;

/**
 * What kind of change a title is, as terms words cannot give: `#version` for a title naming a
 * version (`4.13.0`, `v2.0.0-0`: a release, which past releases say how to do), `#kind:<type>`
 * for a conventional-commit type that says where a change lands (`docs:`, `ci:`, `build:`,
 * `release:`, `deps:`), and `#kind:ci` for a title that says CI.
 * Compared like words (IDF-weighted), so a common kind weighs little.
 */
export function shapeTerms(title: string): string[] {
  const out: string[] = [];
  if (VERSION.test(title)) out.push('#version');
  const kind = KIND.exec(title)?.[1].toLowerCase();
  if (kind && WHERE_KINDS.has(kind)) out.push(`#kind:${kind}`);
  if (kind !== 'ci' && /\bCI\b/.test(title)) out.push('#kind:ci');
  return out;
}

/**
 * A term as the item wrote it, for the words shown behind a file (pure): a shape term is the
 * title's version (`#version` → `3.2.0`) or its kind (`#kind:docs` → `docs:`, `#kind:ci` → `CI`
 * when the title says CI); any other term is itself.
 */
export function termAsWritten(term: string, title: string): string {
  if (term === '#version') return VERSION.exec(title)?.[0].replace(/^[\s(@v]/, '') ?? 'a version';
  if (term.startsWith('#kind:')) {
    const kind = term.slice('#kind:'.length);
    return KIND.exec(title)?.[1].toLowerCase() === kind ? `${kind}:` : kind === 'ci' ? 'CI' : `${kind}:`;
  }
  return term;
}

/** The conventional-commit type of a title, lower-cased (`docs(api): …` → `docs`), if any. */
export function changeKind(title: string): string | undefined {
  return KIND.exec(title)?.[1]
    .toLowerCase()
    .replace(/^tests$/, 'test');
}
