/**
 * `new URL('./worker.js', import.meta.url)`: how code names a file it loads at run time (a web
 * worker, WebAssembly, an image). Bundlers (Vite, webpack 5, Parcel, esbuild with plugins) bundle
 * the file it names, and dependency-cruiser counts it; TypeScript does not, as it is no import.
 * The file is part of what the code runs, so it is an edge here. Relative paths only (`./`, `../`):
 * anything else is resolved by the server at run time. Found in the text, so the cold and warm
 * scanners agree (a comment or a string that holds one counts too, rarely).
 */

import type { Scan } from './fast-scan.js';

const ASSET_URL = /\bnew\s+URL\s*\(\s*(['"`])(\.\.?\/[^'"`\n\\$]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * How such a path is kept among a file's specifiers: `new URL(./worker.js)`. It names a file, not
 * a module (no extension or index lookup, no `paths`), and no module specifier looks like this.
 */
export function assetUrlSpecifier(path: string): string {
  return `new URL(${path})`;
}

/** The path of an assetUrlSpecifier, or undefined for a module specifier. */
export function assetUrlPath(specifier: string): string | undefined {
  return specifier.startsWith('new URL(') && specifier.endsWith(')') ? specifier.slice(8, -1) : undefined;
}

/** The relative paths a text names with `new URL(path, import.meta.url)`, in order, as specifiers. */
export function assetUrls(text: string): string[] {
  if (!text.includes('import.meta.url')) return [];
  return [...text.matchAll(ASSET_URL)].map((m) => assetUrlSpecifier(m[2]));
}

/** `scan`, and the files the text names with `new URL(…, import.meta.url)` after its specifiers. */
export function withAssetUrls(scan: Scan): Scan {
  return (text, file) => {
    const found = scan(text, file);
    const urls = assetUrls(text);
    return urls.length === 0 ? found : [...new Set([...found, ...urls])];
  };
}
