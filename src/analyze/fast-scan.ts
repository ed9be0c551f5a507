/** Module specifiers of one file, in the same sense as TypeScript's `preProcessFile` (see import-graph.ts). */
export type Scan = (text: string, file: string) => string[];

type Oxc = typeof import('oxc-parser');
type Node = { type: string; [key: string]: unknown };

let loaded: Promise<Scan | undefined> | undefined;

/**
 * The fast scanner of the warm path: oxc-parser (native, ~10× cheaper to load than
 * TypeScript). Undefined when it cannot load (another platform, an older Node); callers
 * then scan with TypeScript.
 */
export function loadFastScanner(): Promise<Scan | undefined> {
  loaded ??= import('oxc-parser').then(
    (oxc) => (text: string, file: string) => scanWithOxc(oxc, text, file),
    () => undefined,
  );
  return loaded;
}

/**
 * Imports, `import type`, `export … from`, `import()` and `require()` with a literal, import
 * types, `import x = require()`, `declare module '…'` in a module, and top-of-file
 * `/// <reference path>`: what `ts.preProcessFile(text, true, true)` reports.
 */
export function scanWithOxc(oxc: Oxc, text: string, file: string): string[] {
  const result = oxc.parseSync(file, text);
  const out: string[] = [];
  const { module } = result;
  // The AST (JSON the native side hands over, parsed on first read) only when a comment may be a reference.
  if (result.comments.some((c) => c.type === 'Line' && REFERENCE_PATH.test(c.value))) {
    for (const ref of topReferences(result.comments, result.program.body[0]?.start ?? text.length)) out.push(ref);
  }
  for (const entry of module.staticImports) out.push(entry.moduleRequest.value);
  for (const entry of module.staticExports) for (const e of entry.entries) if (e.moduleRequest) out.push(e.moduleRequest.value);
  // The module record has every import declaration; the rest needs the AST: `import()` and
  // import types (each an `import` past the declarations'), `require()`, `declare module`.
  // Text with no more `import`s than the record has declarations, no `require` and no
  // `declare` (nor a `\u` escape, which can spell `require`) has none of them; a name like
  // `reimport` only costs the walk.
  if (countOf(text, 'import') <= module.staticImports.length && !text.includes('require') && !text.includes('declare') && !text.includes('\\u')) return [...new Set(out)];
  // Specifiers found outside `declare module` blocks: what makes preProcessFile call the file a module.
  let ambientDepth = 0;
  let outside = 0;
  const add = (node: unknown) => {
    const value = literal(node as Node | undefined);
    if (value === undefined) return;
    out.push(value);
    if (ambientDepth === 0) outside++;
  };
  const ambient: unknown[] = [];
  new oxc.Visitor({
    ImportExpression: (node) => add(node.source),
    // `typeof import('./x')`, `import('./x').T`: type-level imports count, as for preProcessFile.
    TSImportType: (node) => add((node as unknown as Node).source ?? ((node as unknown as Node).argument as Node | undefined)?.literal),
    // Imports inside `declare module '…' { … }` blocks (top-level ones are in the module record too).
    ImportDeclaration: (node) => add(node.source),
    ExportAllDeclaration: (node) => add(node.source),
    ExportNamedDeclaration: (node) => add(node.source ?? undefined),
    CallExpression: (node) => {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length >= 1) add(node.arguments[0]);
    },
    TSImportEqualsDeclaration: (node) => {
      if (node.moduleReference.type === 'TSExternalModuleReference') add(node.moduleReference.expression);
    },
    TSModuleDeclaration: (node) => {
      if (node.id.type === 'Literal') ambient.push(node.id);
      ambientDepth++;
    },
    'TSModuleDeclaration:exit': () => {
      ambientDepth--;
    },
  }).visit(result.program);
  // `declare module '…'` is a dependency (an augmentation) in a module; preProcessFile counts a
  // file as one when it has module syntax or any import outside such blocks (`import()`,
  // `require()` and import types too).
  if (module.hasModuleSyntax || outside > 0) for (const node of ambient) add(node);
  return [...new Set(out)];
}

function countOf(text: string, word: string): number {
  let count = 0;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) count++;
  return count;
}

/** A string literal or a template literal without substitutions. */
function literal(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && (node.expressions as unknown[]).length === 0) {
    const [quasi] = node.quasis as Array<{ value: { cooked: string | null } }>;
    return quasi?.value.cooked ?? undefined;
  }
  return undefined;
}

const REFERENCE_PATH = /^\/\s*<reference\s+path\s*=\s*(["'])([^"']+)\1/;

/** `/// <reference path="x" />` comments before the first statement, as relative specifiers. */
function topReferences(comments: ReadonlyArray<{ type: string; value: string; start: number }>, firstStatement: number): string[] {
  const out: string[] = [];
  for (const c of comments) {
    if (c.start >= firstStatement) break;
    const match = c.type === 'Line' ? REFERENCE_PATH.exec(c.value) : null;
    if (match) out.push(/^\.\.?\//.test(match[2]) ? match[2] : `./${match[2]}`);
  }
  return out;
}
