import type { Hit, InferContext } from './find-hits.js';
import { dirOf } from './repo-shape.js';

/**
 * A title that makes a name public (`export the Context class`, `Export the \`KyInstance\` type`,
 * `feat(store): export SelectSignalOptions type`, `re-export X`): its verb, right after the
 * conventional type and scope, is `export`.
 */
const EXPORTS_TITLE = /^\s*(?:[\w-]+(?:\([^)]*\))?!?:\s*)?(?:re-?)?export(?:s|ed)?\s+(?!(?:to|as|from|of|for|in|on|with|when)\b)/i;

export function exportsAName(title: string): boolean {
  return EXPORTS_TITLE.test(title);
}

/** The index files a folder's public names pass through, in the order they are looked for. */
const INDEX_FILES = ['index.ts', 'index.tsx', 'index.mts', 'index.js', 'index.jsx', 'index.mjs', 'index.cjs', 'mod.ts'];

/**
 * The index file nearest above `file` (its own folder first), never `file` itself, up to the
 * workspace package holding it (the repository root when none does): where a package makes a
 * name it declares elsewhere public (pure).
 */
export function nearestIndex(file: string, context: Pick<InferContext, 'shape' | 'packages'>): string | undefined {
  const top = context.packages
    .map((p) => p.dir)
    .filter((dir) => file.startsWith(`${dir}/`))
    .reduce((a, b) => (b.length > a.length ? b : a), '');
  for (let dir = dirOf(file); ; dir = dirOf(dir)) {
    for (const name of INDEX_FILES) {
      const index = dir === '' ? name : `${dir}/${name}`;
      if (index !== file && context.shape.files.has(index)) return index;
    }
    if (dir === top || dir === '') return undefined;
  }
}

/**
 * An item that exports a name (docs/inference.md, "Symbols"): the name is declared already, and
 * what changes is the index that passes it on (`source/index.ts` exports `KyInstance`, declared
 * in `source/types/ky.ts`). Each hit the title's names resolved to a declaration writes the
 * nearest index above it instead; the declaring file is near (`leftOut`), not written. A name
 * declared module-private is exported where it is declared: its file stays.
 */
export function throughIndex(hits: readonly Hit[], context: InferContext): { hits: Hit[]; leftOut: Array<[string, string]> } {
  const out: Hit[] = [];
  const leftOut: Array<[string, string]> = [];
  for (const hit of hits) {
    // A module-private name is made public where it is declared (`export` added there): that file changes.
    const isExported =
      hit.kind === 'identifier' && hit.isFile && hit.symbol !== undefined && (context.symbols.exported.get(hit.symbol) ?? []).includes(hit.entry);
    const index = isExported ? nearestIndex(hit.entry, context) : undefined;
    if (index === undefined) {
      out.push(hit);
      continue;
    }
    out.push({ ...hit, entry: index, files: [index], symbol: undefined });
    leftOut.push([hit.entry, `declares ${hit.symbol}, which the item exports through ${index}`]);
  }
  return { hits: out, leftOut };
}
