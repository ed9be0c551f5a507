import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { componentParts, isComponentSource, withComponents } from '../../src/analyze/component-scripts.js';
import { buildImportGraph, scanSpecifiers } from '../../src/analyze/import-graph.js';

const parts = suite('componentParts: the scripts of Vue, Svelte and Astro components');

parts('Vue: both scripts in document order, with their languages; src blocks', () => {
  const text = [
    '<script lang="ts">export default { name: "A" };</script>',
    '<template><div /></template>',
    '<script setup lang="tsx" generic="T extends Record<string, unknown>">import X from "./x";</script>',
    '<style src="./a.css" scoped></style>',
    '<template src="./a.html"></template>',
  ].join('\n');
  assert.equal(componentParts(text, 'A.vue'), [
    { script: 'export default { name: "A" };', lang: 'ts' },
    { script: 'import X from "./x";', lang: 'tsx' },
    { src: './a.css' },
    { src: './a.html' },
  ]);
});

parts('Svelte: module and instance scripts (old and Svelte 5 forms); JavaScript unless lang says', () => {
  const text =
    '<script module>import a from "./a";</script>\n<script context="module" lang="ts">import b from "./b";</script>\n<SCRIPT>import c from "./c";</SCRIPT>\n<p>{x}</p>';
  assert.equal(componentParts(text, 'C.svelte'), [
    { script: 'import a from "./a";', lang: 'js' },
    { script: 'import b from "./b";', lang: 'ts' },
    { script: 'import c from "./c";', lang: 'js' },
  ]);
});

parts('Astro: frontmatter (LF, CRLF, empty) then bundled scripts, as TypeScript', () => {
  assert.equal(componentParts('---\nimport L from "./L.astro";\n---\n<L/>\n<script>import "./s";</script>', 'p.astro'), [
    { script: 'import L from "./L.astro";\n', lang: 'ts' },
    { script: 'import "./s";', lang: 'ts' },
  ]);
  assert.equal(componentParts('---\r\nimport L from "./L.astro";\r\n---\r\n<L/>', 'p.astro'), [{ script: 'import L from "./L.astro";\r\n', lang: 'ts' }]);
  assert.equal(componentParts('---\n---\n<slot/>', 'p.astro'), [{ script: '', lang: 'ts' }]);
  // A `---` that is not first in the file is markup.
  assert.equal(componentParts('<p>a</p>\n---\nimport x from "./x";\n---\n', 'p.astro'), []);
});

parts('left out: comments, data scripts, is:inline, other languages, URLs and site paths', () => {
  const text = [
    '<!-- <script>import "./commented";</script> -->',
    '<script type="application/ld+json">{ "import": "./data" }</script>',
    '<script is:inline>import("./inline");</script>',
    '<script lang="coffee">x = require "./coffee"</script>',
    '<script src="https://cdn.example.com/x.js"></script>',
    '<script src="//cdn.example.com/y.js"></script>',
    '<script src="/public/z.js"></script>',
    '<script type="module" src="./kept.ts"></script>',
  ].join('\n');
  assert.equal(componentParts(text, 'x.astro'), [{ src: './kept.ts' }]);
});

parts('MDX: its import/export blocks (to a blank line), not fenced code or prose', () => {
  const text = [
    '---',
    'title: Hi',
    '---',
    "import { Callout } from '@/components/Callout';",
    'import {',
    '  Tabs,',
    "} from './tabs';",
    '',
    'Some prose that says import x from "./prose".',
    '',
    '```js',
    "import { hidden } from './in-fence';",
    '```',
    '',
    'export const meta = { a: 1 };',
    '',
    '<Callout>done</Callout>',
  ].join('\n');
  assert.equal(componentParts(text, 'doc.mdx'), [
    { script: "import { Callout } from '@/components/Callout';\nimport {\n  Tabs,\n} from './tabs';\nexport const meta = { a: 1 };", lang: 'jsx' },
  ]);
  assert.equal(withComponents(scanSpecifiers)(text, 'doc.mdx'), ['@/components/Callout', './tabs']);
  assert.equal(componentParts('# Just prose\n\n~~~\nimport x from "./x";\n~~~\n', 'a.mdx'), []);
});

parts("a script's text is its own: `<!--` in a string opens no comment; a comment hides a script, and markup after it counts", () => {
  const text =
    '<script setup lang="ts">\nconst marker = \'<!--\';\nimport Child from \'./Child.vue\';\n</script>\n<template><!-- a comment --><Child/></template>\n<!-- <style src="./hidden.css"></style> -->\n<style src="./shown.css"></style>';
  assert.equal(componentParts(text, 'App.vue'), [
    { script: "\nconst marker = '<!--';\nimport Child from './Child.vue';\n", lang: 'ts' },
    { src: './shown.css' },
  ]);
  // An unclosed comment hides the rest of the file.
  assert.equal(componentParts('<script>import a from "./a";</script>\n<!-- <script>import b from "./b";</script>', 'C.svelte'), [
    { script: 'import a from "./a";', lang: 'js' },
  ]);
});

parts("Svelte markup: `import()` in an expression ({#await import('./Lazy.svelte')}), not in a comment", () => {
  const text =
    "<script>import A from './A.svelte';</script>\n{#await import('./Lazy.svelte') then m}<m.default />{/await}\n<!-- {#await import('./Old.svelte')} -->";
  assert.equal(withComponents(scanSpecifiers)(text, 'App.svelte'), ['./A.svelte', './Lazy.svelte']);
  // Vue templates cannot import: not read there.
  assert.equal(withComponents(scanSpecifiers)("<template>{{ import('./x') }}</template>", 'A.vue'), []);
});

const scan = suite('withComponents: a scanner extended to components');

scan('a component: specifiers of every script and src block, once each; other files as the scanner reads them', () => {
  const scanning = withComponents(scanSpecifiers);
  const text =
    '<script lang="ts">import a from "./a";\nimport type { T } from "./t";</script>\n<script setup>import a2 from "./a";\nconst m = await import("./lazy");</script>\n<style src="./s.css"></style>';
  assert.equal(scanning(text, 'X.vue'), ['./a', './t', './lazy', './s.css']);
  assert.equal(scanning('import a from "./a";', 'x.ts'), ['./a']);
  // A .ts file that looks like markup is still a .ts file.
  assert.equal(scanning('const s = "<script>import x from \'./no\'</script>";', 'x.ts'), []);
});

scan('scripts are scanned as files of their language (the scanner sees App.vue.ts / App.vue.js)', () => {
  const seen: string[] = [];
  withComponents((_text, file) => (seen.push(file), []))('<script lang="ts"></script><script></script>', 'src/App.vue');
  assert.equal(seen, ['src/App.vue.ts', 'src/App.vue.js']);
});

scan('isComponentSource', () => {
  assert.ok(isComponentSource('src/App.vue') && isComponentSource('a/B.svelte') && isComponentSource('pages/index.astro'));
  assert.ok(isComponentSource('docs/intro.mdx'));
  assert.not.ok(isComponentSource('src/App.vue.ts') || isComponentSource('x.ts') || isComponentSource('doc.md'));
});

scan('a path written with backslashes: an asset resolves as a script does (TypeScript reads `\\` as `/`)', () => {
  const texts: Record<string, string> = {
    'gen/app.js': 'import("..\\\\src\\\\util.ts");\nimport("..\\\\src\\\\Page.svelte");\n',
    'src/util.ts': 'export const u = 1;\n',
    'src/Page.svelte': '<p>page</p>\n',
  };
  const graph = buildImportGraph({ files: Object.keys(texts).sort(), readText: (path) => texts[path] }).graph;
  assert.equal([...graph.get('gen/app.js')!].sort(), ['src/Page.svelte', 'src/util.ts']);
});

parts.run();
scan.run();
