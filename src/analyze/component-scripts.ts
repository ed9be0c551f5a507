/**
 * Single-file components of Vue, Svelte and Astro: their scripts import modules as any
 * TypeScript file does (`<script setup lang="ts">`, Svelte's `<script>`, Astro's `---`
 * frontmatter), so a component's imports are edges too (dependency-cruiser and the frameworks'
 * bundlers read them the same way). MDX documents import the same way, in their ESM blocks.
 * Pure: text in, script blocks out.
 */

import type { Scan } from './fast-scan.js';

const COMPONENT = /\.(?:vue|svelte|astro|mdx)$/;

/** A Vue, Svelte or Astro component, or an MDX document: files whose imports sit in script blocks. */
export function isComponentSource(path: string): boolean {
  return COMPONENT.test(path);
}

/** One script of a component, or a block that names its source file (`<script src="./x.ts">`). */
export type ComponentPart = { script: string; lang: ScriptLang } | { src: string };
export type ScriptLang = 'ts' | 'tsx' | 'js' | 'jsx';

/** An HTML comment (to its end, or the file's), or `<script …>…</script>` with its attributes (quoted values may hold `>`). */
const COMMENT_OR_SCRIPT = /<!--[\s\S]*?(?:-->|$)|<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script\s*>/gi;
/** Vue's other blocks that may name a file: `<style src="…">`, `<template src="…">`. */
const VUE_SRC_BLOCK = /<(?:style|template)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** Astro's frontmatter: a `---` fence first in the file (TypeScript). */
const FRONTMATTER = /^\s*---[^\S\r\n]*\r?\n([\s\S]*?\r?\n)?---[^\S\r\n]*(?:\r?\n|$)/;
/** `import('…')` with a literal, in markup. */
const MARKUP_IMPORT = /\bimport\s*\(\s*(['"`])[^'"`\n]+\1\s*\)/g;
/** `type` values a browser or the framework runs as a script (any other, such as JSON-LD, is data). */
const SCRIPT_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/typescript', 'ts', 'typescript']);

/** The parts of a component in document order: scripts with their language, and `src` references. */
export function componentParts(text: string, file: string): ComponentPart[] {
  if (file.endsWith('.mdx')) return mdxEsm(text);
  const parts: ComponentPart[] = [];
  let markup = text;
  if (file.endsWith('.astro')) {
    const front = FRONTMATTER.exec(text);
    if (front) {
      parts.push({ script: front[1] ?? '', lang: 'ts' });
      markup = text.slice(front[0].length);
    }
  }
  const blocks: Array<[at: number, part: ComponentPart]> = [];
  // In document order: a comment hides what it holds, a script's text is its own (a `'<!--'`
  // string in one opens no comment). The rest, those blanked out, is the markup.
  const rest: string[] = [];
  let last = 0;
  for (const match of markup.matchAll(COMMENT_OR_SCRIPT)) {
    rest.push(markup.slice(last, match.index), ' '.repeat(match[0].length));
    last = match.index + match[0].length;
    const part = match[0].startsWith('<!--') ? undefined : scriptPart(match[1], match[2], file);
    if (part) blocks.push([match.index, part]);
  }
  rest.push(markup.slice(last));
  const outside = rest.join('');
  if (file.endsWith('.vue')) {
    for (const match of outside.matchAll(VUE_SRC_BLOCK)) {
      const src = attributes(match[1]).get('src');
      if (src !== undefined && isModuleReference(src)) blocks.push([match.index, { src }]);
    }
  }
  if (file.endsWith('.svelte')) {
    // Svelte's markup holds expressions too: `{#await import('./Lazy.svelte') then m}`.
    for (const match of outside.matchAll(MARKUP_IMPORT)) blocks.push([match.index, { script: match[0], lang: 'js' }]);
  }
  blocks.sort((a, b) => a[0] - b[0]);
  for (const [, part] of blocks) parts.push(part);
  return parts;
}

/**
 * `scan` extended to components: each script scanned as a file of its language
 * (`App.vue.ts`), `src` references kept as specifiers; other files as `scan` reads them.
 */
export function withComponents(scan: Scan): Scan {
  return (text, file) => {
    if (!isComponentSource(file)) return scan(text, file);
    const out: string[] = [];
    for (const part of componentParts(text, file)) {
      if ('src' in part) out.push(part.src);
      else out.push(...scan(part.script, `${file}.${part.lang}`));
    }
    return [...new Set(out)];
  };
}

/**
 * MDX's `import`/`export` blocks: a paragraph (up to a blank line) whose first line starts with
 * one, outside fenced code, as MDX reads them; JavaScript with JSX.
 */
function mdxEsm(text: string): ComponentPart[] {
  const blocks: string[] = [];
  let fence: string | undefined;
  let block: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (block) {
      if (line.trim() !== '') {
        block.push(line);
        continue;
      }
      blocks.push(block.join('\n'));
      block = undefined;
    }
    if (marker !== undefined) fence = marker;
    else if (/^(?:import|export)\b/.test(line)) block = [line];
  }
  if (block) blocks.push(block.join('\n'));
  return blocks.length === 0 ? [] : [{ script: blocks.join('\n'), lang: 'jsx' }];
}

/** A `<script>` block as a part, or undefined when it is data, inline or in another language. */
function scriptPart(attributeText: string, body: string, file: string): ComponentPart | undefined {
  const attrs = attributes(attributeText);
  if (!SCRIPT_TYPES.has((attrs.get('type') ?? '').toLowerCase())) return undefined;
  // Astro leaves `is:inline` scripts as they are (the browser resolves what they import).
  if (attrs.has('is:inline')) return undefined;
  const src = attrs.get('src');
  if (src !== undefined) return isModuleReference(src) ? { src } : undefined;
  const lang = scriptLang(attrs.get('lang'), file);
  return lang === undefined ? undefined : { script: body, lang };
}

function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) out.set(match[1].toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  return out;
}

/** The language a script is written in; undefined for one that is not TypeScript or JavaScript (`lang="coffee"`). */
function scriptLang(lang: string | undefined, file: string): ScriptLang | undefined {
  // Astro compiles its scripts as TypeScript; Vue and Svelte read JavaScript unless told.
  if (lang === undefined || lang === '') return file.endsWith('.astro') ? 'ts' : 'js';
  const name = lang.toLowerCase();
  if (name === 'ts' || name === 'typescript') return 'ts';
  return name === 'tsx' || name === 'js' || name === 'jsx' ? name : name === 'javascript' ? 'js' : undefined;
}

/** A `src` the bundler resolves as a module: relative, aliased or bare; not a URL or a site path. */
function isModuleReference(src: string): boolean {
  return src !== '' && !src.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(src);
}
