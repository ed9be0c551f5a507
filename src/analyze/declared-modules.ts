/**
 * `declare module 'x' { … }` at the top of a file without module syntax (a script) declares the
 * module `x`: the file depends on nothing by it, and where the file imports `x` that is the
 * declaration. But when the project makes every file a module (`moduleDetection: force`, or the
 * file's format: `.mts`/`.cts`/`.mjs`/`.cjs`, ESM by package.json under node16/nodenext), the same
 * block augments the real module `x`, which TypeScript then resolves: an edge.
 *
 * Whether a file is a module depends on its project, which the scanners do not know, so a name
 * the file declares so is kept among its specifiers as `declare(<name>)` (no real specifier's
 * shape), and the resolver, which knows the project's options, decides (import-graph.ts).
 */

/** The marker for a module name a script declares at its top. */
export function declaredModuleSpecifier(name: string): string {
  return `declare(${name})`;
}

/** The module name a declaredModuleSpecifier holds, or undefined for a module specifier. */
export function declaredModuleName(specifier: string): string | undefined {
  return specifier.startsWith('declare(') && specifier.endsWith(')') ? specifier.slice(8, -1) : undefined;
}

/**
 * A script's specifiers as the graph keeps them: the ones naming a module it declares at its top
 * left out, a marker for each such module after the others.
 */
export function withDeclaredModules(specifiers: readonly string[], declared: ReadonlySet<string>): string[] {
  if (declared.size === 0) return [...specifiers];
  return [...specifiers.filter((s) => !declared.has(s)), ...[...declared].map(declaredModuleSpecifier)];
}
