import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readImportGraph } from '../../src/analyze/read-import-graph.js';
import { gitPort } from '../../src/io/git.js';
import type { ImportGraph } from '../../src/types.js';
import { gitRepo } from '../helpers/git-repo.js';

/** The graph of a fixture, built as a real git repo. */
async function graphOf(fixture: string): Promise<ImportGraph> {
  const root = gitRepo(`analyze/${fixture}`);
  return (await readImportGraph({ root, files: await gitPort(root).listFiles(), cacheDir: false })).graph;
}

function edges(graph: ImportGraph, from: string): string[] {
  return [...(graph.get(from) ?? [])].sort();
}

const readGraph = suite('readImportGraph (fixtures as git repos)');

const cases: Array<[fixture: string, from: string, to: string[]]> = [
  ['solution-tsconfig', 'src/main.ts', ['src/lib/money.ts']],
  ['paths-alias', 'src/billing/invoice.ts', ['src/lib/money.ts']],
  ['tsconfig-extends', 'src/billing/invoice.ts', ['src/lib/money.ts']],
  ['js-specifier', 'src/billing/invoice.ts', ['src/lib/money.ts']],
  ['index-file', 'src/billing/invoice.ts', ['src/lib/index.ts']],
  ['type-only-import', 'src/billing/invoice.ts', ['src/lib/money.ts']],
  ['re-export-chain', 'src/lib/index.ts', ['src/lib/money.ts']],
  ['re-export-chain', 'src/shared.ts', ['src/lib/index.ts']],
  // Through the sibling's `exports` with nothing installed: a subpath whose file has another name
  // (not the decoy src/server.ts), a wildcard subpath; `main` and an exported subpath into an
  // unbuilt dist/ fall back to their sources in src/.
  [
    'workspace-package',
    'packages/billing/src/invoice.ts',
    [
      'packages/money/src/index.ts',
      'packages/tax/src/entry/server-impl.ts',
      'packages/tax/src/features/vat/main.ts',
      'packages/tax/src/index.ts',
      'packages/tax/src/legacy/old.ts',
      'packages/tax/src/rates.ts',
    ],
  ],
  // A subpath import (package.json `imports`, `#internal/*` → an unbuilt dist/): its source.
  ['workspace-package', 'packages/tax/src/index.ts', ['packages/tax/src/internal/round.ts']],
  // The root package is a workspace package too (`"shop": "workspace:*"`): its exports resolve.
  ['pnpm-workspace', 'apps/web/src/cart.ts', ['lib/h3.d.mts', 'libs/money/src/index.ts']],
  // A script .d.ts importing a module it declares itself: that declaration, no edge (tsc: "locally
  // declared ambient module"); in a module file the same blocks augment the real modules.
  ['ambient-module', 'types/bundle.d.ts', []],
  ['ambient-module', 'types/augment.d.ts', ['src/mylib.ts', 'src/sub.ts']],
  ['ambient-module', 'src/sub.ts', ['src/mylib.ts']],
  ['dynamic-import', 'src/billing/invoice.ts', ['src/lib/money.ts']],
  ['require-call', 'src/billing/invoice.js', ['src/lib/money.ts']],
  ['nearest-tsconfig', 'packages/shop/src/cart.ts', ['packages/shop/src/money.ts']],
  ['nearest-tsconfig', 'packages/bank/src/ledger.ts', ['packages/bank/src/ledger-money.ts']],
  ['allow-js', 'src/billing/invoice.ts', ['src/legacy/format.js']],
  ['allow-js', 'src/legacy/format.js', ['src/lib/money.ts']],
  ['mts-cts', 'src/billing/invoice.mts', ['src/lib/legacy-format.cts', 'src/lib/money.mts']],
  ['mts-cts', 'src/billing/receipt.cts', ['src/lib/legacy-format.cts']],
  ['namespace-reexport', 'src/lib/index.ts', ['src/lib/money.ts', 'src/lib/tax.ts']],
  ['namespace-reexport', 'src/billing/invoice.ts', ['src/lib/index.ts']],
  ['import-type-query', 'src/billing/invoice.ts', ['src/lib/money.ts', 'src/lib/rates.ts']],
  ['regex-before-import', 'src/lib/paths.ts', ['src/lib/money.ts']],
  ['dot-specifier', 'src/lib/format.ts', ['src/lib/index.ts']],
  ['dot-specifier', 'src/lib/currency/euro.ts', ['src/index.ts', 'src/lib/index.ts']],
  ['js-outside-project', 'scripts/release.js', ['scripts/bump.js', 'scripts/setup.js', 'src/app.ts']],
  // JSDoc `@import` tags and import types, followed in JavaScript only (tsc --listFiles agrees).
  ['jsdoc-import', 'src/billing/invoice.js', ['src/lib/money.ts', 'src/lib/rates.ts']],
  ['jsdoc-import', 'src/billing/summary.ts', []],
  ['asset-import', 'src/App.tsx', ['src/App.css', 'src/Button.vue', 'src/logo.svg', 'styles/theme.scss']],
  // Components' scripts import as TypeScript files do: Vue `<script setup lang="ts">` and `src` blocks, with the `paths`
  // of the referenced config whose `include` takes `.vue` files (Vite's vue-ts layout),
  // JSX's implicit runtime import: the project's jsxImportSource through `paths`, a file's own
  // @jsxImportSource pragma, a fragment; not for a .tsx without JSX, nor under classic "jsx": "react".
  ['jsx-runtime', 'src/app.tsx', ['src/jsx/jsx-runtime.ts']],
  ['jsx-runtime', 'src/pragma.tsx', ['src/other/runtime/jsx-runtime.ts']],
  ['jsx-runtime', 'src/fragment.tsx', ['src/jsx/jsx-runtime.ts']],
  ['jsx-runtime', 'src/no-jsx.tsx', []],
  ['jsx-runtime', 'classic/view.tsx', []],
  ['component-scripts', 'src/App.vue', ['src/Button.vue', 'src/app.css', 'src/lib/money.ts']],
  ['component-scripts', 'src/Button.vue', ['src/button.ts']],
  // `new URL('./x', import.meta.url)`: exactly the file named (a worker, WebAssembly, an image), not URLs or site paths.
  ['asset-url', 'src/main.ts', ['src/assets/logo.png', 'src/assets/sum.wasm', 'src/workers/hash.worker.ts']],
  // both Svelte scripts, not a commented-out one or JSON-LD,
  ['component-scripts', 'src/Counter.svelte', ['src/lib/money.ts', 'src/lib/rates.ts']],
  // Astro's frontmatter and its bundled `<script>`, not an `is:inline` one.
  ['component-scripts', 'src/pages/index.astro', ['src/Layout.astro', 'src/lib/money.ts', 'src/lib/rates.ts']],
  ['component-scripts', 'src/Layout.astro', []],
  // MDX's import blocks (a `paths` alias through the config that includes .mdx), not a fenced example.
  ['component-scripts', 'src/docs/intro.mdx', ['src/Button.vue', 'src/lib/money.ts']],
];

for (const [fixture, from, to] of cases) {
  readGraph(`${fixture}: ${from} → ${to.join(', ')}`, async () => {
    assert.equal(edges(await graphOf(fixture), from), to);
  });
}

readGraph('every node and edge is a repo-relative path of a file in the repo', async () => {
  const graph = await graphOf('workspace-package');
  for (const [from, tos] of graph) {
    for (const path of [from, ...tos]) assert.ok(!path.startsWith('/') && !path.includes('node_modules'), path);
  }
});

readGraph.run();
