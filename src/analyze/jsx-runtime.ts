/**
 * The module JSX compiles to an import of without the file naming it: under `"jsx": "react-jsx"`
 * (or `react-jsxdev`) every element becomes a call into `<source>/jsx-runtime`, `<source>` being
 * the project's `jsxImportSource` (default `react`) or the file's own `@jsxImportSource` pragma
 * (which TypeScript and bundlers honour whatever the `jsx` setting). When that module is in the
 * repository (a library with its own JSX, such as hono; a `paths` alias; a workspace package),
 * a file with JSX depends on it.
 *
 * Found in the text, so the cold and warm scanners agree: a `.tsx`/`.jsx` file holding a closing
 * or self-closing tag (`</div>`, `</>`, `/>`; a type never does, HTML in a string rarely: an
 * edge too many is a conflict to spare, one too few a conflict missed) has JSX, and the pragma is read
 * from the file's leading comments, where TypeScript reads it. It is kept among the file's
 * specifiers as `jsx(<pragma>)`, no real specifier's shape; the resolver, which knows the
 * project's options, turns it into the runtime module.
 */

import type { Scan } from './fast-scan.js';

const JSX_FILE = /\.[jt]sx$/i;
const HAS_JSX = /<\/(?:[A-Za-z_$][\w$.:-]*)?\s*>|\/>/;
const LEADING_COMMENTS = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;
const PRAGMA = /@jsxImportSource\s+(\S+)/;

/** The marker a file with JSX carries among its specifiers; `pragma` is its `@jsxImportSource` or ''. */
export function jsxRuntimeSpecifier(pragma: string): string {
  return `jsx(${pragma})`;
}

/** The pragma a jsxRuntimeSpecifier holds ('' for none), or undefined for a module specifier. */
export function jsxRuntimePragma(specifier: string): string | undefined {
  return specifier.startsWith('jsx(') && specifier.endsWith(')') ? specifier.slice(4, -1) : undefined;
}

/** The marker for a `.tsx`/`.jsx` text that holds JSX, else undefined. */
export function jsxRuntimeOf(text: string, file: string): string | undefined {
  if (!JSX_FILE.test(file) || !HAS_JSX.test(text)) return undefined;
  const leading = LEADING_COMMENTS.exec(text)?.[0] ?? '';
  return jsxRuntimeSpecifier(PRAGMA.exec(leading)?.[1] ?? '');
}

/** `scan`, and the JSX runtime marker after its specifiers for a file with JSX. */
export function withJsxRuntime(scan: Scan): Scan {
  return (text, file) => {
    const found = scan(text, file);
    const marker = jsxRuntimeOf(text, file);
    return marker === undefined || found.includes(marker) ? found : [...found, marker];
  };
}
