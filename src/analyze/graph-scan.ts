import { withAssetUrls } from './asset-urls.js';
import { withComponents } from './component-scripts.js';
import type { Scan } from './fast-scan.js';
import { withJsxRuntime } from './jsx-runtime.js';

/**
 * A specifier scanner (TypeScript's on the cold path, oxc's on the warm one) as the graph reads
 * every file with it: components' scripts one by one, `new URL(…, import.meta.url)` files and the
 * JSX runtime a file with JSX imports implicitly. Both paths go through this, so they give the
 * same specifiers.
 */
export function graphScan(scan: Scan): Scan {
  return withJsxRuntime(withComponents(withAssetUrls(scan)));
}
