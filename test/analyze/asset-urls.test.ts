import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assetUrlPath, assetUrls, assetUrlSpecifier, withAssetUrls } from '../../src/analyze/asset-urls.js';
import { scanSpecifiers } from '../../src/analyze/import-graph.js';
import { graphScan } from '../../src/analyze/graph-scan.js';

const urls = suite('new URL(path, import.meta.url): the files code loads at run time');

urls('relative paths in any quotes, spread over lines; not URLs, site paths, interpolations or other bases', () => {
  const text = [
    "new Worker(new URL('./w.ts', import.meta.url));",
    'new URL("../a/b.wasm", import.meta.url);',
    'new URL(`./logo.png`,',
    '  import.meta.url);',
    "new URL('https://x.dev/a.js', import.meta.url);",
    "new URL('/favicon.ico', import.meta.url);",
    'new URL(`./${name}.js`, import.meta.url);',
    "new URL('./base.js', location.href);",
  ].join('\n');
  assert.equal(assetUrls(text), ['new URL(./w.ts)', 'new URL(../a/b.wasm)', 'new URL(./logo.png)']);
  assert.equal(assetUrls('const u = new URL("./x.js", base);'), []);
});

urls('kept apart from module specifiers: a marker no specifier has', () => {
  assert.is(assetUrlPath(assetUrlSpecifier('./w.ts')), './w.ts');
  assert.is(assetUrlPath('./w.ts'), undefined);
  assert.is(assetUrlPath('new-url'), undefined);
});

urls("after the scanner's specifiers, once; inside components too", () => {
  const scan = withAssetUrls(scanSpecifiers);
  assert.equal(scan("import a from './a';\nnew URL('./w.js', import.meta.url); new URL('./w.js', import.meta.url);", 'x.ts'), ['./a', 'new URL(./w.js)']);
  assert.equal(graphScan(scanSpecifiers)("<script>const w = new Worker(new URL('./w.js', import.meta.url));</script>", 'A.svelte'), ['new URL(./w.js)']);
});

urls.run();
