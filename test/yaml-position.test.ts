import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseYaml } from '../src/yaml-position.js';

const deep = suite('parseYaml: nesting too deep for the stack');

deep('flow collections nested past the limit are refused before yaml parses them, at the bracket that passes it', () => {
  const text = `run: x\nfiles: [${'['.repeat(5000)}${']'.repeat(5000)}]\n`;
  const { errors, doc } = parseYaml(text);
  assert.equal(errors, [{ line: 2, col: 1008, message: 'nested too deeply to read (thousands of levels); flatten the structure' }]);
  assert.is(doc.toJS(), null);
});

deep('the same depth spread over siblings, or inside quotes and comments, is read as usual', () => {
  const siblings = `files: [${'[a], '.repeat(3000)}b]\n`;
  assert.equal(parseYaml(siblings).errors, []);
  const quoted = `title: "${'['.repeat(3000)}"\nrun: '${'{'.repeat(3000)}'\n# ${'['.repeat(3000)}\n`;
  const parsed = parseYaml(quoted);
  assert.equal(parsed.errors, []);
  assert.is((parsed.doc.toJS() as { title: string }).title.length, 3000);
});

deep.run();

const unclosed = suite('parseYaml: a bracket or quote never closed');

unclosed('is reported at the opener, wherever yaml noticed it', () => {
  assert.equal(parseYaml('files: [a.ts\nestimate: 2\n').errors, [
    { line: 1, col: 8, message: 'this "[" is not closed: end the list with "]" on this line, or on lines indented under it' },
  ]);
  assert.equal(parseYaml('run: x\ncomponents: {web: [a, b]\n').errors, [
    { line: 2, col: 13, message: 'this "{" is not closed: end the map with "}" on this line, or on lines indented under it' },
  ]);
  assert.equal(parseYaml('title: it\'s fine\nrun: "npm test\nfiles: [a]\n').errors, [
    { line: 2, col: 6, message: 'this " is never closed: end the text with "' },
  ]);
  // Brackets inside quotes and comments are not openers.
  assert.equal(parseYaml('title: "[wip" # [x\nfiles: [a\n').errors, [
    { line: 2, col: 8, message: 'this "[" is not closed: end the list with "]" on this line, or on lines indented under it' },
  ]);
});

unclosed.run();
