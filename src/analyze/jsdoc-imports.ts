/**
 * The modules a JSDoc comment imports, as TypeScript follows them in a JavaScript file (never
 * in a TypeScript one): `@import { T } from './t.js'` tags (TS 5.5), and import types such as
 * `@type {import('./u.js').U}`. `body` is the comment's text between its delimiters.
 */
export function jsDocImports(body: string): string[] {
  if (!body.includes('import')) return [];
  const out: string[] = [];
  for (const match of body.matchAll(IMPORT_TAG)) out.push(match[2]);
  for (const match of body.matchAll(IMPORT_TYPE)) out.push(match[2]);
  return out;
}

/** `@import` and the clause TypeScript parses after it (no other tag in between), then `from '…'`. */
const IMPORT_TAG = /@import\b[^@]*?\bfrom\s*(['"])([^'"\n\\]+)\1/g;
/** An import type: `import('…')`, with or without `typeof` before it. */
const IMPORT_TYPE = /\bimport\s*\(\s*(['"])([^'"\n\\]+)\1\s*\)/g;

/**
 * jsDocImports of every `/** … *\/` comment of a JavaScript text, found in the text alone (the
 * scanner without a parser: comments are told from strings only roughly, which the parser's
 * comment list does exactly).
 */
export function jsDocImportsOfText(text: string): string[] {
  const out: string[] = [];
  for (let start = text.indexOf('/**'); start !== -1;) {
    // `/**/` is an empty comment, not JSDoc.
    const end = text.indexOf('*/', start + 2);
    if (end === -1) break;
    if (end > start + 2) out.push(...jsDocImports(text.slice(start + 2, end)));
    start = text.indexOf('/**', end + 2);
  }
  return out;
}

/**
 * A JSDoc import is a type reference: TypeScript checks it against the module's declarations, so
 * where a JavaScript import would reach the code it runs (a package's hand-written `.d.ts` beside
 * its `.js`), this one keeps the `.d.ts`. The scanners keep it as `type(<specifier>)` (no real
 * specifier's shape), and the resolver resolves it so (import-graph.ts).
 */
export function typeImportSpecifier(specifier: string): string {
  return `type(${specifier})`;
}

/** The specifier a typeImportSpecifier holds, or undefined for any other specifier. */
export function typeImportName(specifier: string): string | undefined {
  return specifier.startsWith('type(') && specifier.endsWith(')') ? specifier.slice(5, -1) : undefined;
}
