import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadFastScanner, scanWithOxc } from '../../src/analyze/fast-scan.js';
import { scanSpecifiers } from '../../src/analyze/import-graph.js';

const scan = suite('oxc scanner = preProcessFile, with and without the AST walk');

// Each text is scanned by oxc-parser (module record, and the AST only when the text may hold
// more) and by TypeScript's preProcessFile: the same specifiers, in any order.
const TEXTS: Record<string, string> = {
  'static imports only (no walk)': "import a from './a';\nimport type { B } from './b';\nexport * from './c';\nexport { d } from './d';\nimport './side-effect';\n",
  'names that contain import (walk, nothing more)': "import { importAll } from './import-all';\nconst reimport = importAll();\n",
  'a dynamic import': "import a from './a';\nexport const load = () => import('./lazy');\n",
  'a dynamic import with a comment': "const m = import(/* webpackChunkName: 'x' */ './chunk');\n",
  'an import type': "import a from './a';\nexport type T = typeof import('./types').T;\n",
  'require': "const fs = require('fs');\nconst local = require(`./local`);\n",
  'require spelled with an escape': "const x = \\u0072equire('./escaped');\n",
  'import = require': "import fs = require('./fs-wrapper');\n",
  'declare module in a module': "import './a';\ndeclare module './augmented' { interface X { y: 1 } }\n",
  'declare module in a script': "declare module 'ambient' { export const x: 1; }\n",
  'a reference path': "/// <reference path=\"types.d.ts\" />\nimport './a';\n",
  'import in a comment and a string': "// import('./not-code')\nconst s = \"import x from './nope'\";\nimport './a';\n",
  'export import alias': "import * as ns from './ns';\nexport import Alias = ns.X;\n",
  'nothing': 'export const x = 1;\n',
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
