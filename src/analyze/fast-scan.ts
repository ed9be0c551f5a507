import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { withDeclaredModules } from './declared-modules.js';
import { jsDocImports, typeImportSpecifier } from './jsdoc-imports.js';

/** Module specifiers of one file, in the same sense as TypeScript's `preProcessFile` (see import-graph.ts). */
export type Scan = (text: string, file: string) => string[];

/** What the scanner uses of oxc-parser's native binding: `parseSync`, whose result holds the module record, the comments and the AST as JSON. */
export interface OxcBinding {
  parseSync(filename: string, sourceText: string, options?: object): OxcResult;
}
interface OxcResult {
  module: {
    hasModuleSyntax: boolean;
    staticImports: Array<{ moduleRequest: { value: string } }>;
    staticExports: Array<{ entries: Array<{ moduleRequest: { value: string } | null }> }>;
  };
  comments: Array<{ type: string; value: string; start: number }>;
  /** `{"node": Program, "fixes": […]}` (the fixes set the values of BigInt and RegExp literals, which are not read here). Each field reads once. */
  program: string;
  errors: unknown[];
}
type Node = { type: string; [key: string]: unknown };

let loaded: Promise<Scan | undefined> | undefined;
let binding: Promise<OxcBinding> | undefined;

/** oxc-parser's native binding, loaded once (shared with the scanner); undefined when it cannot load here. */
export function loadOxcBinding(): Promise<OxcBinding | undefined> {
  return (binding ??= loadBinding()).catch(() => undefined);
}

/**
 * The fast scanner of the warm path: oxc-parser (native, ~10× cheaper to load than
 * TypeScript). Undefined when it cannot load (another platform, an older Node); callers
 * then scan with TypeScript.
 */
export function loadFastScanner(): Promise<Scan | undefined> {
  loaded ??= (binding ??= loadBinding()).then(
    (oxc) => (text: string, file: string) => scanWithOxc(oxc, text, file),
    () => undefined,
  );
  return loaded;
}

/**
 * The native binding for this platform, required from oxc-parser's own folder (where a strict
 * installer such as pnpm puts it), at the version oxc-parser names: ~7 ms sooner than through
 * `oxc-parser`'s index, whose platform probing, wrappers and visitor modules cost that on every
 * warm plan. Anywhere this does not cover (musl, other systems), oxc-parser's own loader.
 */
async function loadBinding(): Promise<OxcBinding> {
  const target = PLATFORM_BINDINGS[`${process.platform}-${process.arch}`];
  if (target) {
    try {
      // Found with require's resolution, and the manifests read as files: import.meta.resolve and
      // requiring two package.json files cost ~5 ms more of each warm plan.
      const oxcManifest = createRequire(import.meta.url).resolve('oxc-parser/package.json');
      const fromOxc = createRequire(oxcManifest);
      const name = `@oxc-parser/binding-${target}`;
      if (versionOf(fromOxc.resolve(`${name}/package.json`)) === versionOf(oxcManifest)) return fromOxc(name) as OxcBinding;
    } catch {
      // Not installed here (another libc), or it would not load: oxc-parser's loader decides.
    }
  }
  return (await import(OXC_LOADER)) as OxcBinding;
}

function versionOf(manifest: string): unknown {
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
}

/** oxc-parser's own loader of the binding (an export of the package, without type declarations). */
const OXC_LOADER: string = 'oxc-parser/src-js/bindings';

/** Text parsed between two releases (about 25 MB of native memory held meanwhile). */
const RELEASE_EVERY = 1 << 20;

/**
 * For a loop that parses many files with oxc: `await release.after(text)` after each parse
 * releases what the results held about every megabyte of text parsed. Each result holds native
 * memory (the whole AST as JSON, ~25× the text, whether read or not) that Node frees in a
 * finalizer, which runs only once V8 has collected the result's small wrapper and the event loop
 * turns. The wrappers sit in the young generation, which V8 collects after megabytes of further
 * allocation: a loop over the 470 modules a large monorepo's `direct` reads parse held ~100 MB
 * that way (docs/benchmarks.md, peak RSS). So each release collects the young generation (a
 * scavenge, ~2 ms) and lets the event loop turn.
 */
export function nativeRelease(every = RELEASE_EVERY): { after(text: string): Promise<void> | undefined } {
  let parsed = 0;
  return {
    after(text) {
      parsed += text.length;
      if (parsed < every) return undefined;
      parsed = 0;
      scavenge();
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

let collect: ((options: { type: 'minor' }) => void) | null | undefined;

/**
 * V8's young-generation collection, where it can be had: Node has no API for it, but V8 gives
 * a context created after `--expose-gc` is set its `gc` function (nothing else changes).
 */
function scavenge(): void {
  try {
    if (collect === undefined) {
      const require = createRequire(import.meta.url);
      (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
      collect = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as typeof collect;
    }
    collect?.({ type: 'minor' });
  } catch {
    collect = null;
  }
}

/** The binding packages oxc-parser installs for the common platforms (glibc on Linux). */
const PLATFORM_BINDINGS: Record<string, string> = {
  'linux-x64': 'linux-x64-gnu',
  'linux-arm64': 'linux-arm64-gnu',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64-msvc',
  'win32-arm64': 'win32-arm64-msvc',
};

/**
 * Imports, `import type`, `export … from`, `import()` and `require()` with a literal, import
 * types, `import x = require()`, `declare module '…'` in a module, and top-of-file
 * `/// <reference path>`: what `ts.preProcessFile(text, true, true)` reports.
 */
export function scanWithOxc(oxc: OxcBinding, text: string, file: string): string[] {
  let result = oxc.parseSync(file, text);
  // TypeScript reads JSX in every JavaScript file; oxc only in .jsx: a .js file it cannot read
  // (a parse error leaves the rest of the file out) is read again as JSX. (Each field of the
  // result can be read once: the native side hands it over.)
  const errors = result.errors.length;
  if (errors > 0 && /\.[cm]?js$/.test(file)) {
    const jsx = oxc.parseSync(file, text, { lang: 'jsx', ...(file.endsWith('.cjs') ? { sourceType: 'commonjs' } : {}) });
    if (jsx.errors.length < errors) result = jsx;
  }
  const out: string[] = [];
  const { module, comments } = result;
  let program: Node | undefined;
  // The AST (JSON the native side hands over) is parsed only when it is needed.
  const ast = () => (program ??= (JSON.parse(result.program) as { node: Node }).node);
  if (comments.some((c) => c.type === 'Line' && REFERENCE_PATH.test(c.value))) {
    const first = (ast().body as Node[])[0] as Node | undefined;
    for (const ref of topReferences(comments, (first?.start as number | undefined) ?? text.length)) out.push(ref);
  }
  // JSDoc imports count in JavaScript only (`/** @import … */`, `{import('./x').T}`), as for TypeScript.
  if (JS_FILE.test(file))
    for (const c of comments) if (c.type === 'Block' && c.value.startsWith('*') && c.value !== '*') out.push(...jsDocImports(c.value).map(typeImportSpecifier));
  for (const entry of module.staticImports) out.push(entry.moduleRequest.value);
  for (const entry of module.staticExports) for (const e of entry.entries) if (e.moduleRequest) out.push(e.moduleRequest.value);
  // The module record has every import declaration; the rest needs the AST: `import()` and
  // import types (`import(` both), `require(`, `declare module '…'`. Text with none of them (a
  // comment may sit between the word and what follows; nor a `\u` escape, which can spell
  // `require`) has none; `import.meta`, `imports` or a comment that names one only costs the walk.
  if (!NEEDS_AST.test(text) && !text.includes('\\u')) return [...new Set(out)];
  // Specifiers found outside `declare module` blocks: what makes preProcessFile call the file a module.
  let outside = 0;
  const ambient: Node[] = [];
  const topLevel = new Set<string>();
  walk(ast(), (node, ambientDepth) => {
    const add = (source: unknown) => {
      const value = literal(source as Node | undefined);
      if (value === undefined) return;
      out.push(value);
      if (ambientDepth === 0) outside++;
    };
    switch (node.type) {
      // `typeof import('./x')`, `import('./x').T`: type-level imports count, as for preProcessFile.
      case 'TSImportType':
        add(node.source ?? (node.argument as Node | undefined)?.literal);
        break;
      // Imports inside `declare module '…' { … }` blocks too (top-level ones are in the module record).
      case 'ImportExpression':
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        add(node.source ?? undefined);
        break;
      case 'CallExpression': {
        const callee = node.callee as Node;
        const args = node.arguments as Node[];
        if (callee.type === 'Identifier' && callee.name === 'require' && args.length >= 1) add(args[0]);
        break;
      }
      case 'TSImportEqualsDeclaration': {
        const reference = node.moduleReference as Node;
        if (reference.type === 'TSExternalModuleReference') add(reference.expression);
        break;
      }
      case 'TSModuleDeclaration':
        if ((node.id as Node).type === 'Literal') {
          ambient.push(node.id as Node);
          if (ambientDepth === 0) topLevel.add(literal(node.id as Node)!);
        }
        break;
    }
  });
  // `declare module '…'` is a dependency (an augmentation) in a module; preProcessFile counts a
  // file as one when it has module syntax or any import outside such blocks (`import()`,
  // `require()` and import types too).
  if (module.hasModuleSyntax || outside > 0) for (const node of ambient) out.push(literal(node)!);
  // In a script, a module the file declares at the top is that declaration where the file imports
  // it, unless its project makes it a module (declared-modules.ts; as preProcessed).
  else if (topLevel.size > 0) return withDeclaredModules([...new Set(out)], topLevel);
  return [...new Set(out)];
}

/**
 * Every node of an ESTree AST in source order (fields in the order oxc writes them), with how
 * many `declare module` / namespace declarations enclose it. A stack, not recursion: a long
 * chain of `a + b + …` nests thousands deep.
 */
function walk(root: Node, visit: (node: Node, moduleDepth: number) => void): void {
  // A number on the stack: leaving a TSModuleDeclaration.
  const stack: Array<Node | number> = [root];
  let depth = 0;
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next === 'number') {
      depth--;
      continue;
    }
    visit(next, depth);
    if (next.type === 'TSModuleDeclaration') {
      depth++;
      stack.push(0);
    }
    const children: Node[] = [];
    for (const key in next) {
      const value = next[key];
      if (value === null || typeof value !== 'object') continue;
      if (Array.isArray(value)) {
        for (const item of value) if (item !== null && typeof item === 'object' && typeof (item as Node).type === 'string') children.push(item as Node);
      } else if (typeof (value as Node).type === 'string') children.push(value as Node);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

const NEEDS_AST = /\b(?:import|require)\s*(?:\(|\/[*/])|\bdeclare\s*(?:module\b|\/[*/])/;

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

const JS_FILE = /\.[cm]?jsx?$/;

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
