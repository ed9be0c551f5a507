import type { OxcBinding } from './fast-scan.js';

/** One symbol a file declares, where its text lies (UTF-16 offsets, end exclusive), and the names it is exported as. */
export interface DeclaredSymbol {
  /** `handlePaste`, or `App.handlePaste` for a class member. */
  name: string;
  start: number;
  end: number;
  /** Names importers take it by (`default` for a default export); empty when not exported. A member has its class's. */
  exportedAs: string[];
}

type Node = { type: string; start: number; end: number; [key: string]: unknown };

/**
 * The symbols of one module that a write set may name (docs/conflicts.md#symbol-level-write-sets):
 * its top-level declarations, exported or not (functions, classes, variables and destructured
 * names, interfaces, type aliases, enums, namespaces; an anonymous default export is `default`),
 * and the members of its top-level classes as `Class.member` (methods, properties, accessors; a
 * private `#x` keeps its `#`; the constructor is `Class.constructor`). Read from oxc-parser's AST,
 * no type check. Sorted by position.
 */
export function declaredSymbols(oxc: OxcBinding, file: string, text: string): DeclaredSymbol[] {
  const result = oxc.parseSync(file, text);
  const program = (JSON.parse(result.program) as { node: { body: Node[] } }).node;
  const out: DeclaredSymbol[] = [];
  const byName = new Map<string, DeclaredSymbol[]>();
  const add = (name: string, node: Node, exportedAs: string[]) => {
    const symbol = { name, start: node.start, end: node.end, exportedAs: [...exportedAs] };
    out.push(symbol);
    byName.set(name, [...(byName.get(name) ?? []), symbol]);
    return symbol;
  };
  const declare = (decl: Node, statement: Node, exportedAs: (name: string) => string[]) => {
    const id = decl.id as Node | null | undefined;
    switch (decl.type) {
      case 'FunctionDeclaration':
      case 'TSDeclareFunction':
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
      case 'TSEnumDeclaration':
        if (id?.type === 'Identifier') add(id.name as string, statement, exportedAs(id.name as string));
        return;
      case 'TSModuleDeclaration':
        if (id?.type === 'Identifier') add(id.name as string, statement, exportedAs(id.name as string));
        return;
      case 'ClassDeclaration': {
        if (id?.type !== 'Identifier') return;
        const name = id.name as string;
        const exported = exportedAs(name);
        add(name, statement, exported);
        for (const member of ((decl.body as Node).body as Node[]) ?? []) {
          const key = memberName(member);
          if (key !== undefined) add(`${name}.${key}`, member, exported);
        }
        return;
      }
      case 'VariableDeclaration':
        for (const d of decl.declarations as Node[]) for (const name of bindingNames(d.id as Node)) add(name, statement, exportedAs(name));
        return;
      default:
        return;
    }
  };
  const none = () => [];
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      const decl = statement.declaration as Node | null;
      if (decl) declare(decl, statement, (name) => [name]);
      continue;
    }
    if (statement.type === 'ExportDefaultDeclaration') {
      const decl = statement.declaration as Node;
      const id = decl.id as Node | null | undefined;
      if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && id?.type === 'Identifier') declare(decl, statement, () => ['default']);
      else if (decl.type !== 'Identifier') add('default', statement, ['default']);
      continue;
    }
    declare(statement, statement, none);
  }
  // `export { a as b }` and `export default a`: names given to declarations made elsewhere in the file.
  for (const statement of program.body) {
    const exported: Array<[string, string]> = [];
    if (statement.type === 'ExportNamedDeclaration' && !statement.declaration && !statement.source)
      for (const spec of statement.specifiers as Node[]) exported.push([nameOf(spec.local as Node), nameOf(spec.exported as Node)]);
    if (statement.type === 'ExportDefaultDeclaration' && (statement.declaration as Node).type === 'Identifier')
      exported.push([(statement.declaration as Node).name as string, 'default']);
    for (const [local, as] of exported)
      for (const [name, symbols] of byName)
        if (name === local || name.startsWith(`${local}.`)) for (const s of symbols) if (!s.exportedAs.includes(as)) s.exportedAs.push(as);
  }
  return out.sort((x, y) => x.start - y.start || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

function memberName(member: Node): string | undefined {
  if (!['MethodDefinition', 'PropertyDefinition', 'AccessorProperty', 'TSAbstractMethodDefinition', 'TSAbstractPropertyDefinition'].includes(member.type))
    return undefined;
  const key = member.key as Node;
  if (member.computed) return key.type === 'Literal' && typeof key.value === 'string' ? (key.value as string) : undefined;
  if (key.type === 'Identifier') return key.name as string;
  if (key.type === 'PrivateIdentifier') return `#${key.name as string}`;
  if (key.type === 'Literal') return String(key.value);
  return undefined;
}

function bindingNames(node: Node | null | undefined): string[] {
  if (!node) return [];
  switch (node.type) {
    case 'Identifier':
      return [node.name as string];
    case 'ObjectPattern':
      return (node.properties as Node[]).flatMap((p) => bindingNames((p.type === 'RestElement' ? p.argument : p.value) as Node));
    case 'ArrayPattern':
      return (node.elements as Array<Node | null>).flatMap((e) => bindingNames(e));
    case 'RestElement':
      return bindingNames(node.argument as Node);
    case 'AssignmentPattern':
      return bindingNames(node.left as Node);
    default:
      return [];
  }
}

function nameOf(node: Node): string {
  return node.type === 'Identifier' ? (node.name as string) : String(node.value);
}

/** The names a symbol set may be named by in an item: a member also by its bare name when no top-level declaration has it and one class does; a declaration also by the one name it is exported as (`export { a as b }`). */
export function symbolLookup(symbols: readonly DeclaredSymbol[]): (named: string) => string | undefined {
  const names = new Set(symbols.map((s) => s.name));
  const bare = new Map<string, string[]>();
  for (const s of symbols) {
    const dot = s.name.indexOf('.');
    if (dot === -1) continue;
    const member = s.name.slice(dot + 1);
    bare.set(member, [...(bare.get(member) ?? []), s.name]);
  }
  // `export { pathsCache as path }`: the name other modules (and an item's words) know it by.
  const aliases = new Map<string, Set<string>>();
  for (const s of symbols)
    if (!s.name.includes('.')) for (const as of s.exportedAs) if (as !== s.name) aliases.set(as, (aliases.get(as) ?? new Set()).add(s.name));
  return (named) => {
    if (names.has(named)) return named;
    const members = bare.get(named);
    if (members) return new Set(members).size === 1 ? members[0] : undefined;
    const aliased = aliases.get(named);
    return aliased?.size === 1 ? [...aliased][0] : undefined;
  };
}
