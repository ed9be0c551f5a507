import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { jsxRuntimeOf, jsxRuntimePragma, jsxRuntimeSpecifier, withJsxRuntime } from '../../src/analyze/jsx-runtime.js';
import { scanSpecifiers } from '../../src/analyze/import-graph.js';

const jsx = suite('JSX runtime: the import a file with JSX makes without naming it');

jsx('a .tsx/.jsx text with a closing, self-closing or fragment tag has JSX; types and comparisons do not', () => {
  assert.is(jsxRuntimeOf('export const A = () => <div>x</div>;', 'a.tsx'), 'jsx()');
  assert.is(jsxRuntimeOf('export const A = () => <br />;', 'a.jsx'), 'jsx()');
  assert.is(jsxRuntimeOf('export const A = () => <>{1}</>;', 'a.tsx'), 'jsx()');
  assert.is(jsxRuntimeOf('export const A = () => <ui.Button.Icon></ui.Button.Icon>;', 'a.tsx'), 'jsx()');
  assert.is(jsxRuntimeOf('const f = <T,>(x: Array<T>): Map<string, T> => new Map(); const b = 1 < 2 && 3 > 2;', 'a.tsx'), undefined);
  assert.is(jsxRuntimeOf('export const A = () => <div>x</div>;', 'a.ts'), undefined, 'not in .ts files');
});

jsx('the pragma is read from the leading comments only, as TypeScript reads it', () => {
  assert.is(jsxRuntimeOf('/** @jsxImportSource preact */\nexport const A = () => <p />;', 'a.tsx'), 'jsx(preact)');
  assert.is(jsxRuntimeOf('// @jsxImportSource ../../jsx\n// other\nexport const A = () => <p />;', 'a.tsx'), 'jsx(../../jsx)');
  assert.is(jsxRuntimeOf("import x from 'y';\n/** @jsxImportSource preact */\nexport const A = () => <p />;", 'a.tsx'), 'jsx()');
});

jsx("kept apart from module specifiers, after the scanner's, once", () => {
  assert.is(jsxRuntimePragma(jsxRuntimeSpecifier('hono/jsx')), 'hono/jsx');
  assert.is(jsxRuntimePragma(jsxRuntimeSpecifier('')), '');
  assert.is(jsxRuntimePragma('./jsx'), undefined);
  assert.equal(withJsxRuntime(scanSpecifiers)("import { B } from './b';\nexport const A = () => <B />;", 'a.tsx'), ['./b', 'jsx()']);
});

jsx.run();
