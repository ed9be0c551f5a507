import type { OxcBinding } from './fast-scan.js';

/**
 * What the `direct` read rule needs of one module (docs/conflicts.md): which names each import
 * takes, which names the module defines itself, and what it re-exports from where.
 */
export interface ModuleShape {
  /** By specifier: the names its imports take, or null when one takes everything (namespace, side effect, `import()`). */
  imports: ReadonlyMap<string, readonly string[] | null>;
  /** Names the module defines itself (`default` for its default export). */
  defines: ReadonlySet<string>;
  /** Re-exported names: exported name → where from and under which name there (null: `export * as ns`, the whole module). */
  named: ReadonlyMap<string, { specifier: string; name: string | null }>;
  /** `export * from` specifiers, in source order. */
  stars: readonly string[];
}

interface NameRef {
  kind: string;
  name: string | null;
}
interface ModuleRecord {
  staticImports: Array<{ moduleRequest: { value: string }; entries: Array<{ importName: NameRef }> }>;
  staticExports: Array<{ entries: Array<{ moduleRequest: { value: string } | null; importName: NameRef; exportName: NameRef }> }>;
  dynamicImports: Array<{ moduleRequest: { start: number; end: number } }>;
}

/**
 * The shape of one module from oxc's module record (no AST walk). Type-only imports and
 * re-exports count like the others: a changed type breaks the importer's type check.
 */
export function parseModuleShape(oxc: OxcBinding, text: string, file: string): ModuleShape {
  const parsed = oxc.parseSync(file, text) as unknown as { module: ModuleRecord; program: string };
  const module = parsed.module;
  const imports = new Map<string, string[] | null>();
  const take = (specifier: string, name: string | null) => {
    const have = imports.get(specifier);
    if (have === null) return;
    if (name === null) imports.set(specifier, null);
    else if (have === undefined) imports.set(specifier, [name]);
    else if (!have.includes(name)) have.push(name);
  };
  for (const declaration of module.staticImports) {
    const specifier = declaration.moduleRequest.value;
    if (declaration.entries.length === 0) take(specifier, null);
    for (const entry of declaration.entries) take(specifier, nameOf(entry.importName));
  }
  for (const dynamic of module.dynamicImports) {
    const literal = text.slice(dynamic.moduleRequest.start, dynamic.moduleRequest.end);
    const quoted = /^(['"`])([^'"`$]*)\1$/.exec(literal);
    if (quoted) take(quoted[2], null);
  }
  const defines = new Set<string>();
  const named = new Map<string, { specifier: string; name: string | null }>();
  const stars: string[] = [];
  for (const declaration of module.staticExports) {
    for (const entry of declaration.entries) {
      const exported = entry.exportName.kind === 'Default' ? 'default' : entry.exportName.name;
      if (!entry.moduleRequest) {
        if (exported !== null) defines.add(exported);
        continue;
      }
      const specifier = entry.moduleRequest.value;
      if (entry.importName.kind === 'AllButDefault') stars.push(specifier);
      else if (exported !== null) named.set(exported, { specifier, name: entry.importName.kind === 'All' ? null : nameOf(entry.importName) });
    }
  }
  const commonJs = readCommonJs(parsed, text);
  // `const { Pool } = require('..')` takes Pool, as `import { Pool } from '..'` does, when every
  // require of that specifier in the file is such a declaration (any other may take anything).
  for (const [specifier, taken] of commonJs.takes)
    if (!imports.has(specifier) && taken.count === requireCount(text, specifier)) for (const name of taken.names) take(specifier, name);
  for (const r of commonJs.reExports) {
    if (r.exported === null) {
      if (!stars.includes(r.specifier)) stars.push(r.specifier);
      if (!named.has('default')) named.set('default', { specifier: r.specifier, name: null });
    } else if (!named.has(r.exported)) named.set(r.exported, { specifier: r.specifier, name: r.name });
  }
  return { imports, defines, named, stars };
}

/** One CommonJS re-export: the name it is exported as (null: the whole module), where from, and under which name there (null: the whole module). */
interface CommonJsReExport {
  exported: string | null;
  specifier: string;
  name: string | null;
}

interface EsNode {
  type: string;
  [key: string]: unknown;
}

/**
 * CommonJS at the top level (docs/conflicts.md): the names each destructuring require takes, and the re-exports: `module.exports = require('./lib/express')`
 * passes the whole module on (express's index.js, read as `export *` with `default`);
 * `exports.Router = require('./router')` one name (as `export * as Router`); a name bound by a
 * top-level require (`const Client = require('./lib/client')`, `const { Pool } = require('./pool')`,
 * `const X = require('./x').X`) exported as `module.exports.Client = Client` (undici's index.js) or
 * in an object literal `module.exports = { a: require('./a'), Agent, ...require('./b') }` is
 * passed on like `import { Pool } from './pool'; export { Pool }`. Other values are the module's own.
 */
function readCommonJs(parsed: { program: string }, text: string): { reExports: CommonJsReExport[]; takes: Map<string, { names: Set<string>; count: number }> } {
  const takes = new Map<string, { names: Set<string>; count: number }>();
  const out: CommonJsReExport[] = [];
  // A bundle (Yarn's 2.7 MB `.yarn/releases/yarn-*.cjs`) re-exports nothing a reader takes by name,
  // and its AST as JSON cost half a second and as much again in GC: read as a module that takes
  // everything it requires, as before CommonJS was read.
  if (text.length > MAX_COMMONJS_TEXT || !/\brequire\s*\(/.test(text)) return { reExports: out, takes };
  let body: EsNode[];
  try {
    body = topLevel((JSON.parse(parsed.program) as { node: { body: EsNode[] } }).node.body);
  } catch {
    return { reExports: out, takes };
  }
  const bound = new Map<string, { specifier: string; name: string | null }>();
  /** A top-level require taking only `names` (one taking everything is not counted). */
  const took = (specifier: string, names: readonly string[]) => {
    let t = takes.get(specifier);
    if (!t) takes.set(specifier, (t = { names: new Set(), count: 0 }));
    t.count++;
    for (const n of names) t.names.add(n);
  };
  /** What a value passes on: a require (or a property of one), or a name bound by one. */
  const source = (value: EsNode | undefined): { specifier: string; name: string | null } | undefined => {
    if (!value) return undefined;
    if (value.type === 'Identifier') return bound.get(value.name as string);
    const required = requireOf(value);
    if (required !== undefined) return { specifier: required, name: null };
    if (value.type === 'MemberExpression' && !value.computed) {
      const from = requireOf(value.object as EsNode);
      const property = value.property as EsNode;
      if (from !== undefined && property.type === 'Identifier') return { specifier: from, name: property.name as string };
    }
    return undefined;
  };
  for (const statement of body) {
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations as EsNode[]) {
        const id = d.id as EsNode;
        const from = source(d.init as EsNode | undefined);
        if (!from) continue;
        const init = d.init as EsNode;
        const direct = requireOf(init) !== undefined || (init.type === 'MemberExpression' && requireOf(init.object as EsNode) !== undefined);
        if (id.type === 'Identifier') {
          bound.set(id.name as string, from);
          if (direct && from.name !== null) took(from.specifier, [from.name]);
        } else if (id.type === 'ObjectPattern' && from.name === null) {
          const names: string[] = [];
          let whole = false;
          for (const p of id.properties as EsNode[]) {
            const key = p.key as EsNode | undefined;
            const value = p.value as EsNode | undefined;
            if (p.type !== 'Property' || p.computed || key?.type !== 'Identifier') {
              whole = true;
              continue;
            }
            names.push(key.name as string);
            if (value?.type === 'Identifier') bound.set(value.name as string, { specifier: from.specifier, name: key.name as string });
          }
          if (direct && !whole) took(from.specifier, names);
        }
      }
      continue;
    }
    if (statement.type !== 'ExpressionStatement') continue;
    // `exports = module.exports = X` (express's lib/express.js) assigns both: the inner one counts.
    let assignment = statement.expression as EsNode;
    while (assignment.type === 'AssignmentExpression' && (assignment.right as EsNode).type === 'AssignmentExpression') assignment = assignment.right as EsNode;
    if (assignment.type !== 'AssignmentExpression' || assignment.operator !== '=') continue;
    const target = exportTarget(assignment.left as EsNode);
    if (target === undefined) continue;
    const right = assignment.right as EsNode;
    if (target !== null) {
      const from = source(right);
      if (from) out.push({ exported: target, ...from });
      continue;
    }
    if (right.type !== 'ObjectExpression') {
      const from = source(right);
      if (from?.name === null) out.push({ exported: null, specifier: from.specifier, name: null });
      else if (from) out.push({ exported: 'default', ...from });
      continue;
    }
    for (const p of right.properties as EsNode[]) {
      if (p.type === 'SpreadElement') {
        const from = source(p.argument as EsNode);
        if (from?.name === null) out.push({ exported: null, specifier: from.specifier, name: null });
        continue;
      }
      const key = p.key as EsNode;
      const name = p.computed
        ? undefined
        : key.type === 'Identifier'
          ? (key.name as string)
          : key.type === 'Literal' && typeof key.value === 'string'
            ? key.value
            : undefined;
      const from = p.type === 'Property' && p.kind === 'init' && !p.method ? source(p.value as EsNode) : undefined;
      if (name !== undefined && from) out.push({ exported: name, ...from });
    }
  }
  return { reExports: mayReExportCommonJs(text) ? out : [], takes };
}

/** Past this many characters a module is a bundle, not a module someone wrote (Yarn's release is 2.7 MB). */
const MAX_COMMONJS_TEXT = 1_000_000;

/** How many times the text calls `require` with this specifier as a literal. */
function requireCount(text: string, specifier: string): number {
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...text.matchAll(new RegExp(`\\brequire\\s*\\(\\s*(['"\`])${quoted}\\1\\s*\\)`, 'g'))].length;
}

/**
 * Text that may hold a CommonJS re-export: an assignment to `module.exports` / `exports(.X)` at
 * the start of a line of a require, an object literal, or a name a require binds (`module.exports =
 * Client` of a class defined in the file is no re-export, and most CommonJS modules end so).
 */
function mayReExportCommonJs(text: string): boolean {
  if (!/\brequire\s*\(/.test(text)) return false;
  for (const m of text.matchAll(CJS_EXPORT)) {
    const name = m[1]?.replace(/\$/g, '\\$');
    if (name === undefined) return true;
    if (new RegExp(`\\b(?:const|let|var)\\s*(?:${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\})\\s*=\\s*require\\b`).test(text)) return true;
  }
  return false;
}

const CJS_EXPORT = /^[ \t]*(?:(?:module\.)?exports(?:\.[\w$]+)?[ \t]*=[ \t]*)+(?:require\b|\{|([A-Za-z_$][\w$]*)[ \t]*;?[ \t]*$)/gm;

/** Top-level statements, with those of top-level `if` blocks (react's `if (production) module.exports = require(…) else …`). */
function topLevel(body: readonly EsNode[]): EsNode[] {
  const out: EsNode[] = [];
  const add = (statement: EsNode | null | undefined) => {
    if (!statement) return;
    if (statement.type === 'BlockStatement') for (const s of statement.body as EsNode[]) add(s);
    else if (statement.type === 'IfStatement') {
      add(statement.consequent as EsNode);
      add(statement.alternate as EsNode | null);
    } else out.push(statement);
  };
  for (const statement of body) add(statement);
  return out;
}

/** `module.exports` / `exports` (null: the whole module), `module.exports.X` / `exports.X` (X); undefined: anything else. */
function exportTarget(node: EsNode): string | null | undefined {
  if (isExportsObject(node)) return null;
  if (node.type !== 'MemberExpression' || node.computed || !isExportsObject(node.object as EsNode)) return undefined;
  const property = node.property as EsNode;
  return property.type === 'Identifier' ? (property.name as string) : undefined;
}

function isExportsObject(node: EsNode): boolean {
  if (node.type === 'Identifier') return node.name === 'exports';
  if (node.type !== 'MemberExpression' || node.computed) return false;
  const object = node.object as EsNode;
  const property = node.property as EsNode;
  return object.type === 'Identifier' && object.name === 'module' && property.type === 'Identifier' && property.name === 'exports';
}

/** The specifier of `require('x')`; undefined for anything else. */
function requireOf(node: EsNode): string | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const callee = node.callee as EsNode;
  const args = node.arguments as EsNode[];
  if (callee.type !== 'Identifier' || callee.name !== 'require' || args.length !== 1) return undefined;
  const arg = args[0];
  return arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}

/** An imported name; null for a namespace import (everything). */
function nameOf(ref: NameRef): string | null {
  if (ref.kind === 'Default') return 'default';
  if (ref.kind === 'Name') return ref.name;
  return null;
}

/**
 * Whether a module's text may re-export anything (`export *`, `export {…} from`, `export {x}` of
 * an import, `module.exports = require(…)` or a name bound by a require): only those are parsed when reached, the others are leaves.
 */
export function mayReExport(text: string): boolean {
  return /\bexport\s*(?:type\s*)?[*{]/.test(text) || mayReExportCommonJs(text);
}
