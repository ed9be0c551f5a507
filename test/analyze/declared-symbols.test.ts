import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { declaredSymbols, symbolLookup } from '../../src/analyze/declared-symbols.js';
import { loadOxcBinding } from '../../src/analyze/fast-scan.js';
import { formatFileSymbol, parseFileSymbol, symbolRoot } from '../../src/file-symbol.js';

const parse = suite('parseFileSymbol');

parse('a file and a symbol, a class member, and plain paths', () => {
  assert.equal(parseFileSymbol('src/App.tsx#handlePaste'), { path: 'src/App.tsx', symbol: 'handlePaste' });
  assert.equal(parseFileSymbol('src/App.tsx#App.onKeyDown'), { path: 'src/App.tsx', symbol: 'App.onKeyDown' });
  assert.equal(parseFileSymbol('src/App.tsx#App.#secret'), { path: 'src/App.tsx', symbol: 'App.#secret' });
  assert.equal(parseFileSymbol('src/App.tsx'), { path: 'src/App.tsx' });
  assert.equal(parseFileSymbol('src/**'), { path: 'src/**' });
  // A `#` that does not introduce a symbol is part of the name.
  assert.equal(parseFileSymbol('docs/c#-notes.md'), { path: 'docs/c#-notes.md' });
  assert.equal(parseFileSymbol('#x'), { path: '#x' });
  assert.is(formatFileSymbol('src/a.ts', 'b'), 'src/a.ts#b');
  assert.is(formatFileSymbol('src/a.ts'), 'src/a.ts');
  assert.is(symbolRoot('App.handlePaste'), 'App');
  assert.is(symbolRoot('round'), 'round');
});

parse.run();

const declared = suite('declaredSymbols');

const TEXT = `// é ü (offsets are UTF-16)
import { x } from './x';
export default class App extends Base {
  handlePaste = () => 1;
  private onKeyDown(e: Event) {}
  static get size() { return 1; }
  #secret = 2;
  constructor() { super(); }
}
export function round(n: number) { return n; }
const a = 1, { b, c: [d] } = o;
export { a as aa };
interface Shape {}
export type Cents = number;
enum Color { Red }
namespace Space {}
`;

declared('top-level declarations, exported or not, and class members as Class.member, with what importers take them by', async () => {
  const oxc = (await loadOxcBinding())!;
  const symbols = declaredSymbols(oxc, 'src/App.tsx', TEXT);
  assert.equal(
    symbols.map((s) => `${s.name}:${s.exportedAs.join(',')}`),
    [
      'App:default',
      'App.handlePaste:default',
      'App.onKeyDown:default',
      'App.size:default',
      'App.#secret:default',
      'App.constructor:default',
      'round:round',
      'a:aa',
      'b:',
      'd:',
      'Shape:',
      'Cents:Cents',
      'Color:',
      'Space:',
    ],
  );
  const round = symbols.find((s) => s.name === 'round')!;
  assert.is(TEXT.slice(round.start, round.end), 'export function round(n: number) { return n; }');
  const paste = symbols.find((s) => s.name === 'App.handlePaste')!;
  assert.is(TEXT.slice(paste.start, paste.end), 'handlePaste = () => 1;');
});

declared('an anonymous default export is `default`; a bare member name finds its class when only one has it', async () => {
  const oxc = (await loadOxcBinding())!;
  assert.equal(
    declaredSymbols(oxc, 'a.ts', 'export default () => 1;\n').map((s) => s.name),
    ['default'],
  );
  const lookup = symbolLookup(declaredSymbols(oxc, 'src/App.tsx', TEXT));
  assert.is(lookup('handlePaste'), 'App.handlePaste');
  assert.is(lookup('App.handlePaste'), 'App.handlePaste');
  assert.is(lookup('round'), 'round');
  assert.is(lookup('nothing'), undefined);
  const two = symbolLookup(declaredSymbols(oxc, 'b.ts', 'class A { run() {} }\nclass B { run() {} }\n'));
  assert.is(two('run'), undefined, 'two classes have it: ambiguous');
  assert.is(two('B.run'), 'B.run');
  const aliased = symbolLookup(
    declaredSymbols(oxc, 'cache.ts', 'let pathsCache = 1;\nlet a = 1, b = 2;\nexport { pathsCache as path, a as both, b as both };\n'),
  );
  assert.is(aliased('path'), 'pathsCache', 'the name it is exported as');
  assert.is(aliased('pathsCache'), 'pathsCache');
  assert.is(aliased('both'), undefined, 'two declarations exported under one name: ambiguous');
});

declared.run();
