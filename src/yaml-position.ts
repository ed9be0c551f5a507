import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';

type Yaml = typeof import('yaml');
let yamlModule: Yaml | undefined;

/**
 * The `yaml` package, loaded on first use: the plan, the config and item frontmatter are read
 * by readBlockYaml first (src/plan/block-yaml.ts), so a pre-commit hook whose files are plain
 * never loads it (its 260 KB of source cost ~20 ms of the hook's 300 ms).
 */
function yaml(): Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml;
  return yamlModule;
}

export interface ParsedYaml {
  doc: Document;
  lineCounter: LineCounter;
  /** Parse errors as 1-based positions within this YAML text. */
  errors: Array<{ line: number; col: number; message: string }>;
}

/** Aliases a document may expand (yaml's own default): more is an alias bomb, reported as an error (docs/reliability.md). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parse, and find the problems a conversion would hit (an alias bomb, nesting too deep for the
 * stack) as errors with a position, so every caller reports them as file:line diagnostics
 * instead of throwing; a document without errors converts with `doc.toJS()`.
 */
export function parseYaml(text: string): ParsedYaml {
  const { Document, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  // Refused before yaml recurses into it: the stack overflow is a RangeError (caught below) only when
  // it happens in a JavaScript frame; when it happens while V8 compiles a regular expression for
  // the first time, V8 stops the process ("RegExpCompiler Allocation failed").
  const tooDeep = flowNestingOver(text, MAX_FLOW_DEPTH);
  if (tooDeep !== -1) {
    lineCounter.addNewLine(0);
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineCounter.addNewLine(at + 1);
    const pos = lineCounter.linePos(tooDeep);
    return { doc: new Document(null), lineCounter, errors: [{ line: pos.line, col: pos.col, message: limitMessage(new RangeError()) }] };
  }
  let doc: Document;
  try {
    // logLevel error: a collection used as a key is stringified without a Node warning on stderr; the schema then names the odd key.
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  } catch (error) {
    return { doc: new Document(null), lineCounter, errors: [{ line: 1, col: 1, message: limitMessage(error) }] };
  }
  const errors = doc.errors.map((e) => {
    // yaml notices a bracket or quote never closed where the next field starts: say it at the opener.
    const opener = /end with a [\]}]|Missing closing .?quote/.test(e.message) ? unclosedOpener(text, e.pos[0]) : undefined;
    const pos = lineCounter.linePos(opener?.at ?? e.pos[0]);
    return { line: pos.line, col: pos.col, message: opener?.message ?? e.message.split('\n')[0] };
  });
  if (errors.length === 0) {
    try {
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const alias = text.search(/(^|[\s,[{:-])\*[^\s,\]}]/);
      const pos = alias === -1 ? { line: 1, col: 1 } : lineCounter.linePos(alias + 1);
      errors.push({ line: pos.line, col: pos.col, message: limitMessage(error) });
    }
  }
  return { doc, lineCounter, errors };
}

/** Flow collections (`[`, `{`) nested deeper than this are refused unparsed (see parseYaml). */
const MAX_FLOW_DEPTH = 1000;

/** The offset of the first `[` or `{` (outside quotes and comments) that opens level `limit` + 1, or -1. */
function flowNestingOver(text: string, limit: number): number {
  if (text.length <= limit) return -1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || c === 0x27) {
      // a quoted scalar: skip to its closing quote ("" escapes with \, '' doubles it)
      for (i++; i < text.length && text.charCodeAt(i) !== c; i++) if (c === 0x22 && text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x23 && (i === 0 || text.charCodeAt(i - 1) === 0x20 || text.charCodeAt(i - 1) === 0x0a)) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    }
  }
  return -1;
}

/**
 * The first `[` or `{` still open at `end`, or a quote never closed, as `text` reads up to there:
 * quoted scalars and comments skipped, a quote opening a scalar only where one starts (after a
 * space, a line start or `[{,`), so `user's` in a plain title is an apostrophe.
 */
function unclosedOpener(text: string, end: number): { at: number; message: string } | undefined {
  const open: number[] = [];
  for (let i = 0; i < text.length && i < end; i++) {
    const c = text[i]!;
    if (c === '[' || c === '{') open.push(i);
    else if (c === ']' || c === '}') open.pop();
    else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,]/.test(text[i - 1]!))) {
      const start = i;
      for (i++; i < text.length && text[i] !== c; i++) if (c === '"' && text[i] === '\\') i++;
      if (i >= text.length) return { at: start, message: `this ${c} is never closed: end the text with ${c}` };
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      while (i < text.length && text[i] !== '\n') i++;
    }
  }
  const at = open[0];
  if (at === undefined) return undefined;
  const [what, close] = text[at] === '[' ? ['list', ']'] : ['map', '}'];
  return { at, message: `this "${text[at]}" is not closed: end the ${what} with "${close}" on this line, or on lines indented under it` };
}

function limitMessage(error: unknown): string {
  if (error instanceof RangeError) return 'nested too deeply to read (thousands of levels); flatten the structure';
  const text = error instanceof Error ? error.message : String(error);
  return /alias/i.test(text) ? `too many aliases (*name) are expanded, over ${MAX_ALIAS_COUNT}: an alias bomb; write the values out` : text.split('\n')[0]!;
}

/** A JSON pointer (ajv `instancePath`) as path segments. */
export function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * 1-based line/col of the node at `path` (or of its key when `key` is set),
 * falling back to the closest ancestor that exists.
 */
export function positionOf(parsed: ParsedYaml, path: readonly string[], key?: string): { line: number; col: number } {
  let node: unknown = parsed.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    const next = child(node, segment);
    if (next === undefined) break;
    node = next.value;
    offset = rangeStart(next.value) ?? next.keyStart ?? offset;
  }
  if (key !== undefined) {
    const pair = child(node, key);
    if (pair?.keyStart !== undefined) offset = pair.keyStart;
  }
  return parsed.lineCounter.linePos(offset);
}

/** True when the parsed document is a map (not a list, a scalar or empty). */
export function isMapDocument(parsed: ParsedYaml): boolean {
  return yaml().isMap(parsed.doc.contents);
}

function child(node: unknown, segment: string): { value: unknown; keyStart?: number } | undefined {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === segment) {
        return { value: pair.value, keyStart: rangeStart(pair.key) };
      }
    }
  } else if (isSeq(node)) {
    const item = node.items[Number(segment)];
    if (item !== undefined) return { value: item };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}
