import { withAssetUrls } from './asset-urls.js';
import { withComponents } from './component-scripts.js';
import type { Scan } from './fast-scan.js';

/**
 * A specifier scanner (TypeScript's on the cold path, oxc's on the warm one) as the graph reads
 * every file with it: components' scripts one by one, and `new URL(…, import.meta.url)` files.
 * Both paths go through this, so they give the same specifiers.
 */
export function graphScan(scan: Scan): Scan {
  return withComponents(withAssetUrls(scan));
}
