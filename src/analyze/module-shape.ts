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
  const module = oxc.parseSync(file, text).module as unknown as ModuleRecord;
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
  // CommonJS re-exports, at the start of a line (top level as written): `module.exports =
  // require('./lib/express')` passes the whole module on (express's index.js), `exports.Router =
  // require('./router')` one name. Read as `export *` (with `default`) and `export * as Router`.
  for (const m of text.matchAll(CJS_REEXPORT)) {
    const [, name, single, double] = m;
    const specifier = (single ?? double)!;
    if (name === undefined) {
      if (!stars.includes(specifier)) stars.push(specifier);
      if (!named.has('default')) named.set('default', { specifier, name: null });
    } else if (!named.has(name)) named.set(name, { specifier, name: null });
  }
  return { imports, defines, named, stars };
}

const CJS_REEXPORT =
  /^[ \t]*(?:module\.exports|exports)(?:\.([A-Za-z_$][\w$]*))?[ \t]*=[ \t]*require\([ \t]*(?:'([^'\n]+)'|"([^"\n]+)")[ \t]*\)[ \t]*;?[ \t]*$/gm;

/** An imported name; null for a namespace import (everything). */
function nameOf(ref: NameRef): string | null {
  if (ref.kind === 'Default') return 'default';
  if (ref.kind === 'Name') return ref.name;
  return null;
}

/**
 * Whether a module's text may re-export anything (`export *`, `export {…} from`, `export {x}` of
 * an import, `module.exports = require(…)`): only those are parsed when reached, the others are leaves.
 */
export function mayReExport(text: string): boolean {
  return /\bexport\s*(?:type\s*)?[*{]/.test(text) || /\bexports(?:\.[\w$]+)?\s*=\s*require\(/.test(text);
}
