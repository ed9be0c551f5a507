import { ts } from 'ts-morph';
import { sortStrings } from '../../order.js';

/** The top-level names one file declares: `exported` ones and module-private `local` ones. */
export interface FileSymbols {
  exported: string[];
  local: string[];
}

/**
 * Top-level declarations of one TS/JS file, read with the TypeScript parser that ts-morph
 * bundles (no program, no type checker: one `createSourceFile` per file is enough to see
 * declarations). Re-exports (`export { x } from './x'`) are left out on purpose: the index maps a
 * name to the file that *declares* it, not to every barrel that passes it on.
 */
export function scanExports(fileName: string, text: string): FileSymbols {
  // Declarations only: JSDoc is not parsed (a fifth of the parse on a JSDoc-heavy repository such as Effect).
  const source = ts.createSourceFile(
    fileName,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    scriptKind(fileName),
  );
  const exported = new Set<string>();
  const local = new Set<string>();
  const localNames = new Set<string>();
  // `import * as path from '@std/path'; export { path }` passes an import on: a re-export too.
  const imported = importedNames(source);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
      // `export { a as b }`: b is the public name, declared here.
      for (const spec of statement.exportClause.elements) {
        const own = (spec.propertyName ?? spec.name).getText(source);
        if (imported.has(own)) continue;
        exported.add(spec.name.text);
        localNames.add(own);
      }
      continue;
    }
    const names = declaredNames(statement);
    if (names.length === 0) continue;
    const target = hasExport(statement) ? exported : local;
    for (const name of names) target.add(name);
  }
  for (const name of localNames) local.delete(name);
  for (const name of exported) local.delete(name);
  return { exported: sortStrings(exported), local: sortStrings(local) };
}

/** Names the file's top-level imports bind (default, namespace, named, `import x = require()`). */
function importedNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isImportEqualsDeclaration(statement)) names.add(statement.name.text);
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
    const clause = statement.importClause;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    else if (bindings) for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

function declaredNames(statement: ts.Statement): string[] {
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  ) {
    return statement.name && ts.isIdentifier(statement.name) ? [statement.name.text] : [];
  }
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  }
  return [];
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

function hasExport(statement: ts.Statement): boolean {
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
  return modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(fileName)) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(fileName)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}
