import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadFastScanner, scanWithOxc } from '../../src/analyze/fast-scan.js';
import { checkedScan, scanSpecifiers } from '../../src/analyze/import-graph.js';

const scan = suite('oxc scanner = preProcessFile, with and without the AST walk');

// Each text is scanned by oxc-parser (module record, and the AST only when the text may hold
// more) and by TypeScript's preProcessFile: the same specifiers, in any order.
const TEXTS: Record<string, string> = {
  'static imports only (no walk)':
    "import a from './a';\nimport type { B } from './b';\nexport * from './c';\nexport { d } from './d';\nimport './side-effect';\n",
  'names that contain import (walk, nothing more)': "import { importAll } from './import-all';\nconst reimport = importAll();\n",
  'a dynamic import': "import a from './a';\nexport const load = () => import('./lazy');\n",
  'a dynamic import with a comment': "const m = import(/* webpackChunkName: 'x' */ './chunk');\n",
  'an import type': "import a from './a';\nexport type T = typeof import('./types').T;\n",
  require: "const fs = require('fs');\nconst local = require(`./local`);\n",
  'require spelled with an escape': "const x = \\u0072equire('./escaped');\n",
  'import = require': "import fs = require('./fs-wrapper');\n",
  'declare module in a module': "import './a';\ndeclare module './augmented' { interface X { y: 1 } }\n",
  'declare module in a script': "declare module 'ambient' { export const x: 1; }\n",
  'a reference path': '/// <reference path="types.d.ts" />\nimport \'./a\';\n',
  'import in a comment and a string': "// import('./not-code')\nconst s = \"import x from './nope'\";\nimport './a';\n",
  'export import alias': "import * as ns from './ns';\nexport import Alias = ns.X;\n",
  nothing: 'export const x = 1;\n',
};

for (const [name, text] of Object.entries(TEXTS)) {
  scan(name, async () => {
    const oxc = await loadFastScanner();
    assert.ok(oxc, 'oxc-parser loads on this machine');
    assert.equal([...oxc(text, 'file.ts')].sort(), scanSpecifiers(text, 'file.ts').sort());
    // The binding as oxc-parser's own loader finds it (other platforms, musl): the same answer.
    const binding = await import(OXC_LOADER);
    assert.equal(scanWithOxc(binding, text, 'file.ts'), oxc(text, 'file.ts'));
  });
}

const OXC_LOADER: string = 'oxc-parser/src-js/bindings';

scan('a deeply nested expression is walked without running out of stack', async () => {
  const oxc = (await loadFastScanner())!;
  const text = `const x = require('./deep') + ${Array.from({ length: 20000 }, (_, i) => `v${i}`).join(' + ')};\n`;
  assert.equal(oxc(text, 'file.ts'), ['./deep']);
});

scan.run();

const js = suite('JavaScript files with JSX, AMD define lists: both scanners as the compiler reads them');

js('a .js file with JSX: every import after it counts, on both paths (TypeScript reads JSX in any JS file)', async () => {
  const oxc = (await loadFastScanner())!;
  const text =
    "import React from 'react';\nconst tick = /`/;\nexport const App = () => <div>{String(tick)}</div>;\nexport { helper } from './helper.js';\nexport const page = () => import('./page.js');\nconst svg = require('./logo.svg').default;\n";
  const expected = ['./helper.js', './logo.svg', './page.js', 'react'];
  for (const file of ['app.js', 'app.mjs', 'app.jsx']) assert.equal([...oxc(text, file)].sort(), expected, file);
  assert.equal([...checkedScan(oxc)(text, 'app.js')].sort(), expected, 'the cold path (preProcessFile loses track at the regex; oxc answers)');
  assert.equal(oxc("const x = require('./x');\nmodule.exports = () => <b/>;\n", 'old.cjs'), ['./x']);
});

js('strings in define([…]) lists are not imports (tsc never reads them), in TypeScript or JavaScript', async () => {
  const oxc = (await loadFastScanner())!;
  const text =
    "declare const HighlightStyle: { define(specs: object[]): unknown };\nexport const style = HighlightStyle.define([{ tag: 'keyword', class: './page.js' }, { color: '#569cd6' }]);\nimport a from './a';\nconst b = require('./b');\n";
  assert.equal(scanSpecifiers(text, 'theme.ts').sort(), ['./a', './b']);
  assert.equal([...oxc(text, 'theme.ts')].sort(), ['./a', './b']);
  const amd = "define('name', ['./dep', 'jquery'], function (dep) { return require('./later'); });\n";
  assert.equal(scanSpecifiers(amd, 'amd.js'), ['./later']);
  assert.equal(oxc(amd, 'amd.js'), ['./later']);
});

js('JSDoc imports: @import tags and import types in JavaScript, as TypeScript follows them; nothing in TypeScript files or plain comments', async () => {
  const oxc = (await loadFastScanner())!;
  const text = [
    "/** @import { A, B } from './ab.js' */",
    '/**',
    ' * @import {',
    ' *   Long,',
    ' * } from "./long.js"',
    ' * @import * as NS from "./ns.js"',
    " * @typedef {typeof import('./typeof.js')} Mod",
    ' */',
    "/**/ /* import('./block.js') */",
    "// @import { L } from './line.js'",
    "/** @param {import('./param.js').P} p */",
    'export const f = (p) => p;',
    "const s = 'not a comment';",
    "/** @import { Last } from './last.js' */",
  ].join('\n');
  // Kept as type references (typeImportSpecifier): they keep a .d.ts a JavaScript import would leave for the .js.
  const expected = ['./ab.js', './long.js', './ns.js', './param.js', './typeof.js', './last.js'].map((s) => `type(${s})`).sort();
  for (const file of ['a.js', 'a.mjs', 'a.cjs', 'a.jsx']) {
    assert.equal([...oxc(text, file)].sort(), expected, `oxc ${file}`);
    assert.equal([...scanSpecifiers(text, file)].sort(), expected, `preProcessFile ${file}`);
    assert.equal([...checkedScan(oxc)(text, file)].sort(), expected, `cold path ${file}`);
  }
  for (const file of ['a.ts', 'a.tsx', 'a.d.ts']) {
    assert.equal(oxc(text, file), [], file);
    assert.equal(checkedScan(oxc)(text, file), [], file);
  }
});

js('export * as ns from: the cold path finds it through its own check, without a second TypeScript parse', async () => {
  const oxc = (await loadFastScanner())!;
  for (const text of [
    "import './a';\nexport * as money from './money';\nexport type * as Tax from './tax';\n",
    "import { m } from './money';\nexport * as money from './money';\n",
  ]) {
    const expected = scanSpecifiers(text, 'index.ts').sort();
    assert.ok(expected.includes('./money'));
    assert.equal([...checkedScan(oxc)(text, 'index.ts')].sort(), expected);
    assert.equal([...oxc(text, 'index.ts')].sort(), expected);
  }
});

js.run();

const release = suite("nativeRelease: parsing loops give oxc's native memory back as they go");

release('nothing to wait for below the threshold; a turn of the event loop past it, then counting starts again', async () => {
  const { nativeRelease } = await import('../../src/analyze/fast-scan.js');
  const parsed = nativeRelease(100);
  assert.is(parsed.after('x'.repeat(60)), undefined);
  let immediate = false;
  setImmediate(() => (immediate = true));
  const turn = parsed.after('x'.repeat(40));
  assert.instance(turn, Promise, 'at 100 characters');
  await turn;
  assert.ok(immediate, 'the event loop turned (finalizers run there)');
  assert.is(parsed.after('x'.repeat(99)), undefined, 'counting from zero again');
});

release('a module view read with releases between parses is the one read without', async () => {
  const oxc = (await loadFastScanner())!;
  const { nativeRelease } = await import('../../src/analyze/fast-scan.js');
  const texts = Array.from({ length: 40 }, (_, i) => `import { a${i} } from './m${i + 1}';\nexport * from './s${i}';\n// ${'x'.repeat(2000)}\n`);
  const each = nativeRelease(4096);
  const released: string[][] = [];
  for (const [i, text] of texts.entries()) {
    released.push(oxc(text, `m${i}.ts`));
    await each.after(text);
  }
  assert.equal(
    released,
    texts.map((text, i) => oxc(text, `m${i}.ts`)),
  );
});

release.run();
