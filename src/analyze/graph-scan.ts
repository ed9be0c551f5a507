import { withAssetUrls } from './asset-urls.js';
import { withComponents } from './component-scripts.js';
import type { Scan } from './fast-scan.js';
import { withJsxRuntime } from './jsx-runtime.js';

/**
 * A specifier scanner (TypeScript's on the cold path, oxc's on the warm one) as the graph reads
 * every file with it: components' scripts one by one, `new URL(…, import.meta.url)` files and the
 * JSX runtime a file with JSX imports implicitly. Both paths go through this, so they give the
 * same specifiers, each its own string (see `detached`).
 */
export function graphScan(scan: Scan): Scan {
  const inner = withJsxRuntime(withComponents(withAssetUrls(scan)));
  return (text, file) => inner(text, file).map(detached);
}

/**
 * A copy of `s` that holds nothing else. A specifier cut from a file's text (by TypeScript's
 * scanner or a regex) is, in V8, a slice that keeps the whole text alive: the graph kept every
 * source of the repository in memory until it was dropped (docs/benchmarks.md, peak RSS). A
 * concatenation, once sliced, is flattened into a string of its own.
 */
export function detached(s: string): string {
  return (' ' + s).slice(1);
}
