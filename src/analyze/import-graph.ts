import { ts } from 'ts-morph';
import { compareStrings } from '../order.js';
import { dirnameOf, isImportedAsset, isInNodeModules, isJsSource, isTsSource, joinPath, joinRelative, type SourceHost } from './source-host.js';
import { createTsHost, toAbsolute, toRelative, type TsHost } from './ts-host.js';
import { createProjectLookup, type Project } from './tsconfig-lookup.js';
import { jsDocImportsOfText, typeImportName, typeImportSpecifier } from './jsdoc-imports.js';
import { isComponentSource } from './component-scripts.js';
import { graphScan } from './graph-scan.js';
import { assetUrlPath } from './asset-urls.js';
import { jsxRuntimePragma } from './jsx-runtime.js';
import { declaredModuleName, withDeclaredModules } from './declared-modules.js';
import { resolveImportsSource, resolveWorkspaceSource } from './workspace-source.js';
import { readJson, readWorkspacePackages, splitPackageSpecifier } from './workspaces.js';

/** File → the repo files it imports; built mutable, read as the shared `ImportGraph` (src/types.ts). */
export type MutableImportGraph = Map<string, Set<string>>;

/** What one file imports: its specifiers and, for each, the repo file it resolves to (null: outside the repo). */
export interface FileImports {
  specifiers: string[];
  resolved: Array<string | null>;
  /** The tsconfig the file was resolved with ('' for defaults). */
  project: string;
}

export interface BuiltImportGraph {
  graph: MutableImportGraph;
  /** Every followed file's specifiers and resolutions (what the cache keeps). */
  imports: Map<string, FileImports>;
  /** Repo files TypeScript read to resolve (tsconfigs, package.json files), sorted. */
  configFiles: string[];
}

export interface ImportGraphOptions {
  /** The root tsconfig (config `analysis.tsconfig`), repo-relative. Default `tsconfig.json`. */
  tsconfig?: string;
  /** Specifiers of a file; default TypeScript's `preProcessFile`. */
  scan?: (text: string, file: string) => string[];
  /** Specifiers already known (from the cache) for a file whose content has not changed; the file is then not read. */
  known?: (file: string) => string[] | undefined;
}

/** A resolver bound to one repository: specifier + importing file → repo file, or undefined. */
export type Resolve = (specifier: string, file: string) => string | undefined;

/**
 * The repo's import graph as TypeScript resolves it: each file's nearest tsconfig (with
 * `extends`, `references`, `paths`/`baseUrl`, node16/nodenext/bundler), index files,
 * `.js` → `.ts`, package `exports`, workspace packages by name. Only files in the repo count;
 * third-party packages and anything in node_modules are ignored.
 */
export function buildImportGraph(host: SourceHost, options: ImportGraphOptions = {}): BuiltImportGraph {
  const resolver = createResolver(host, options.tsconfig);
  const scan = graphScan(options.scan ?? scanSpecifiers);
  const graph: MutableImportGraph = new Map();
  const imports = new Map<string, FileImports>();
  for (const file of [...host.files].sort(compareStrings)) {
    if (!resolver.isFollowed(file)) continue;
    let specifiers = options.known?.(file);
    if (specifiers === undefined) {
      const text = host.readText(file);
      if (text === undefined) continue;
      specifiers = scan(text, file);
    }
    const resolved = specifiers.map((s) => resolver.resolve(s, file) ?? null);
    imports.set(file, { specifiers, resolved, project: resolver.projectOf(file) });
    graph.set(file, new Set(resolved.filter((r): r is string => r !== null && r !== file)));
  }
  return { graph, imports, configFiles: resolver.configFiles() };
}

/** Module specifiers of a file, in source order, unique: imports, export-from, import(), require(), triple-slash paths. */
export function scanSpecifiers(text: string, file = 'file.ts'): string[] {
  return preProcessed(text, file, true);
}

/** scanSpecifiers; `namespaces` false skips the full parse for `export * as ns from` (checkedScan's own check finds those). */
function preProcessed(text: string, file: string, namespaces: boolean): string[] {
  const info = ts.preProcessFile(text, true, true);
  const amd = text.includes('define') ? amdDependencyLists(text) : [];
  // In a script (no module syntax), a name the file declares itself (`declare module 'x' { … }` at
  // the top) is that declaration wherever the file imports it, as the program binds it: no edge,
  // unless the project makes the file a module (declared-modules.ts), which the resolver decides.
  const declared = new Set(info.ambientExternalModules ?? []);
  const out = info.importedFiles.filter((f) => !amd.some(([from, to]) => f.pos >= from && f.pos < to) && !declared.has(f.fileName)).map((f) => f.fileName);
  // `/// <reference path>` is a file path, not a module name: make it relative so it resolves as one.
  for (const ref of info.referencedFiles) out.push(/^\.\.?\//.test(ref.fileName) ? ref.fileName : `./${ref.fileName}`);
  if (namespaces && NAMESPACE_REEXPORT.test(text)) out.push(...namespaceReExports(text, file));
  if (isJsSource(file) && text.includes('/**')) out.push(...jsDocImportsOfText(text).map(typeImportSpecifier));
  return withDeclaredModules([...new Set(out)], declared);
}

const NAMESPACE_REEXPORT = /\bexport\s+(?:type\s+)?\*\s*as\b/;

/**
 * Where `define([…])` lists stand in the text. preProcessFile reads every string in them as an AMD
 * dependency, even in `HighlightStyle.define([{ tag: 'keyword' }])`; the compiler's program never
 * imports them (neither does oxc's scan), so they are dropped. Spans run from the `[` to its `]`.
 */
function amdDependencyLists(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const match of text.matchAll(/\bdefine\s*\(\s*(?:(['"`])[^'"`\n]*\1\s*,\s*)?\[/g)) {
    const from = match.index + match[0].length;
    let depth = 1;
    let at = from;
    for (; at < text.length && depth > 0; at++) {
      const c = text[at];
      if (c === '[') depth++;
      else if (c === ']') depth--;
    }
    spans.push([from, at]);
  }
  return spans;
}

/**
 * Text that names a module: `from '…'`, `import '…'`, `import('…')`, `require('…')`. Not a
 * property or a name that ends so (`x.import(`, `reimport`), nor text that only looks like one in
 * a minified bundle (`eval("require")("x")`, `"… from "+e`): a name with spaces, braces, commas
 * or operators is no specifier. A false alarm costs a full parse of the file (megabytes for a
 * bundled GitHub action).
 */
const NAMED_MODULE = /(?<![\w$.'"`@-])(?:from\s*|import\s*\(?\s*|require\s*\(\s*)(['"])([^'"\\\s{};,+=]+)\1/g;

/**
 * preProcessFile's specifiers, checked against the text: its scanner has no parser behind it
 * and loses track after some regex literals (a backtick in one, /`/, reads as the start of a
 * template string), missing every import after it. When the text names a module it did not
 * report, the full parser's answer (`parse`, oxc-parser, the warm path's scanner) is used.
 * That check also catches `export * as ns from './x'`, which preProcessFile misses: with a
 * parser at hand, scanSpecifiers' own TypeScript parse of such files is skipped.
 */
export function checkedScan(parse?: (text: string, file: string) => string[]): (text: string, file: string) => string[] {
  return (text, file) => {
    const found = preProcessed(text, file, parse === undefined);
    if (!parse) return found;
    const reported = new Set(found);
    for (const match of text.matchAll(NAMED_MODULE)) if (!reported.has(match[2]) && !onCommentLine(text, match.index)) return parse(text, file);
    return found;
  };
}

/** Whether `at` is on a line that is a comment (`// …`, a JSDoc line `* …`, `/* …`): what such a line names is no import. */
function onCommentLine(text: string, at: number): boolean {
  let start = text.lastIndexOf('\n', at) + 1;
  while (start < at && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9)) start++;
  const c = text.charCodeAt(start);
  const next = text.charCodeAt(start + 1);
  if (c === 47 /* / */ && next === 47) return true;
  // A block comment's line, unless the comment ends before `at` (`/* x */ import …`).
  if (c !== 42 /* * */ && !(c === 47 && next === 42)) return false;
  const end = text.indexOf('*/', c === 47 ? start + 2 : start);
  return end === -1 || end > at;
}

/**
 * `export * as ns from './x'` and `export type * as ns from './x'` (ES2020, TS 5.0), which
 * preProcessFile does not report: a barrel written this way would lose every edge. The rare
 * file that has one is parsed in full (top-level statements only, as preProcessFile reads).
 */
function namespaceReExports(text: string, file: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
  const out: string[] = [];
  for (const statement of source.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamespaceExport(statement.exportClause) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      out.push(statement.moduleSpecifier.text);
    }
  }
  return out;
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

export interface Resolver {
  resolve: Resolve;
  /** Whether a file's own imports are followed: TS sources and components (Vue, Svelte, Astro, MDX) always, JS when its project allows JS. */
  isFollowed(file: string): boolean;
  /** The tsconfig a file resolves with ('' for defaults). */
  projectOf(file: string): string;
  /** Repo files read so far to resolve (tsconfigs, package.json files; installed or ignored configs an `extends` asked for, there or not), sorted. */
  configFiles(): string[];
}

export function createResolver(host: SourceHost, tsconfig?: string): Resolver {
  const workspaces = readWorkspacePackages(host);
  const tsHost = createTsHost(host, workspaces);
  const lookup = createProjectLookup(host, tsHost, tsconfig);
  const projects = new Map<string, Project>();
  const jsProjects = new Map<Project, Project>();
  const projectOf = (file: string) => {
    let project = projects.get(file);
    if (!project) {
      project = lookup(file);
      // A JS file no tsconfig includes (a script, a template, a test fixture) is one the language
      // service opens in an inferred project, which allows JS: it resolves with its nearest
      // config's options (paths, moduleResolution) and JS allowed, and its imports are followed.
      if (isJsSource(file) && project.path !== '' && !project.options.allowJs && !project.fileNames.has(file)) project = allowingJs(project, jsProjects);
      projects.set(file, project);
    }
    return project;
  };
  const files = new Set(host.files);
  // A workspace package's entry, by folder and subpath: asked once per importing file otherwise.
  const workspaceSources = new Map<string, string | undefined>();
  const workspaceSource = (dir: string, subpath: string) => {
    const key = `${dir}\0${subpath}`;
    if (!workspaceSources.has(key)) workspaceSources.set(key, resolveWorkspaceSource(host, files, dir, subpath));
    return workspaceSources.get(key);
  };
  const importsSources = new Map<string, string | undefined>();
  const importsSource = (file: string, specifier: string) => {
    const key = `${dirnameOf(file)}\0${specifier}`;
    if (!importsSources.has(key)) importsSources.set(key, resolveImportsSource(host, files, file, specifier));
    return importsSources.get(key);
  };
  // One resolution cache per set of options resolution depends on (resolutionKey), not per
  // tsconfig: a monorepo's packages mostly extend one base, so hundreds of configs share a few
  // caches, and every cache shares what it learnt of package.json files.
  const caches = new Map<string, ts.ModuleResolutionCache>();
  const cacheOf = new Map<Project, ts.ModuleResolutionCache>();
  let packageJsonInfo: ts.PackageJsonInfoCache | undefined;
  const cacheFor = (project: Project) => {
    let cache = cacheOf.get(project);
    if (!cache) {
      const key = resolutionKey(project);
      cache = caches.get(key);
      if (!cache) {
        caches.set(key, (cache = ts.createModuleResolutionCache('/repo', (f) => f, project.options, packageJsonInfo)));
        packageJsonInfo ??= cache.getPackageJsonInfoCache();
      }
      cacheOf.set(project, cache);
    }
    return cache;
  };
  const outsideOnly = bareOutsideRepo(host, workspaces);
  const keys = new Map<Project, string>();
  const keyOf = (project: Project) => {
    let key = keys.get(project);
    if (key === undefined) keys.set(project, (key = resolutionKey(project)));
    return key;
  };
  // A file's module format (ESM or CJS under node16/nodenext: its package.json `type`), once per file.
  const implied = new Map<string, ts.ResolutionMode>();
  const impliedOf = (file: string, project: Project) => {
    if (!implied.has(file)) {
      const format = ts.getImpliedNodeFormatForFile(toAbsolute(file) as ts.Path, cacheFor(project).getPackageJsonInfoCache(), tsHost, project.options);
      implied.set(file, format);
    }
    return implied.get(file);
  };
  // With nothing listed under node_modules, every node_modules folder TypeScript looks into holds
  // only the workspace packages' links: a bare specifier resolves the same from every folder of a
  // package (its package.json decides a self-reference, `import 'hono/jsx'` inside hono), for the
  // same resolution options and module format. Asked once per package and name, not per folder.
  const scopes = new Map<string, string>();
  const scopeOf = (dir: string): string => {
    let scope = scopes.get(dir);
    if (scope === undefined) {
      scope = files.has(joinPath(dir, 'package.json')) || dir === '' ? dir : scopeOf(dirnameOf(dir));
      scopes.set(dir, scope);
    }
    return scope;
  };
  const bare = new Map<string, string | undefined>();
  const sameFromEveryFolder = !host.files.some(isInNodeModules);
  const inRepo = (abs: string | undefined): string | undefined => {
    const rel = abs === undefined ? undefined : toRelative(abs);
    if (rel === undefined) return undefined;
    const real = tsHost.repoPath(rel);
    return files.has(real) && !isInNodeModules(real) ? real : undefined;
  };
  const resolver: Resolver = {
    projectOf: (file) => projectOf(file).path,
    // What resolution depends on besides the file list: every config TypeScript read, and the
    // manifests that name workspace packages (read before TypeScript runs).
    configFiles: () => [...new Set([...tsHost.filesRead, ...lookup.outside(), ...workspaceManifests(host)])].sort(compareStrings),
    isFollowed(file) {
      if (isInNodeModules(file)) return false;
      if (isTsSource(file) || isComponentSource(file)) return true;
      if (!isJsSource(file)) return false;
      const { options, path } = projectOf(file);
      return path === '' || options.allowJs === true || options.checkJs === true;
    },
    resolve(specifier, file) {
      const typeName = typeImportName(specifier);
      if (typeName !== undefined) return resolveModule(typeName, file, true);
      return resolveModule(specifier, file, false);
    },
  };
  /** A specifier's repository file; `types`: as a type reference (a JSDoc import), which keeps a `.d.ts`. */
  const resolveModule = (specifier: string, file: string, types: boolean): string | undefined => {
    const pragma = jsxRuntimePragma(specifier);
    if (pragma !== undefined) {
      // JSX's implicit import (jsx-runtime.ts): the runtime module the file's project (or pragma) names.
      const runtime = jsxRuntimeModule(pragma, projectOf(file).options);
      return runtime === undefined ? undefined : resolver.resolve(runtime, file);
    }
    const declared = declaredModuleName(specifier);
    if (declared !== undefined) return isModuleByProject(file, projectOf(file)) ? resolver.resolve(declared, file) : undefined;
    const url = assetUrlPath(specifier);
    // `new URL('./worker.js', import.meta.url)`: exactly the file it names.
    if (url !== undefined) {
      const path = joinRelative(dirnameOf(file), url.replace(/[?#].*$/, ''));
      return path === undefined ? undefined : inRepo(toAbsolute(path));
    }
    const project = projectOf(file);
    if (outsideOnly(specifier, project)) return undefined;
    const format = impliedOf(file, project);
    if (!sameFromEveryFolder || !isBare(specifier) || isClassic(project.options)) return resolveFrom(specifier, file, project, format, types);
    const key = `${keyOf(project)}\0${format}\0${scopeOf(dirnameOf(file))}\0${types ? 'type' : ''}\0${specifier}`;
    if (!bare.has(key)) bare.set(key, resolveFrom(specifier, file, project, format, types));
    return bare.get(key);
  };
  /**
   * Whether the project makes a file a module whatever its syntax (TypeScript's module detection):
   * every file but a declaration file under `force`; under `auto`, one whose format is ESM or
   * CommonJS by its extension or, under node16/nodenext, by its package.json `type`.
   */
  const isModuleByProject = (file: string, project: Project): boolean => {
    if (/\.d\.([cm]?ts|[^/.]+\.ts)$/.test(file)) return false;
    const detection = project.options.moduleDetection ?? ts.ModuleDetectionKind.Auto;
    if (detection === ts.ModuleDetectionKind.Force) return true;
    if (detection === ts.ModuleDetectionKind.Legacy) return false;
    return /\.[cm][jt]s$/.test(file) || impliedOf(file, project) === ts.ModuleKind.ESNext;
  };
  // JavaScript runs the code, not its declarations: where TypeScript resolves a JS file's import to
  // a repository `.d.ts` (a package's hand-written `"types": "index.d.ts"`, `util.d.ts` beside
  // `util.js`), the file Node or a bundler loads is resolved as TypeScript's "go to source
  // definition" does (noDtsResolution, JS allowed), in caches of its own: that option is not part
  // of TypeScript's cache key.
  const runtimeProjects = new Map<Project, Project>();
  const runtimeCaches = new Map<string, ts.ModuleResolutionCache>();
  const runtimeOf = (specifier: string, file: string, project: Project, format: ts.ResolutionMode): string | undefined => {
    let runtime = runtimeProjects.get(project);
    if (!runtime) {
      const options = { ...project.options, allowJs: true, noDtsResolution: true } as ts.CompilerOptions;
      runtimeProjects.set(project, (runtime = { ...project, path: `${project.path} (runtime)`, options }));
    }
    const key = keyOf(project);
    let cache = runtimeCaches.get(key);
    if (!cache) runtimeCaches.set(key, (cache = ts.createModuleResolutionCache('/repo', (f) => f, runtime.options, packageJsonInfo)));
    const found = inRepo(resolveWithTs(specifier, file, format, runtime, tsHost, cache));
    return found !== undefined && isJsSource(found) ? found : undefined;
  };
  /** TypeScript's answer, else a workspace package's source, an `imports` source or an asset. */
  const resolveFrom = (specifier: string, file: string, project: Project, format: ts.ResolutionMode, types = false): string | undefined => {
    const found = resolveWithTs(specifier, file, format, project, tsHost, cacheFor(project));
    const rel = inRepo(found);
    if (rel !== undefined && !types && DECLARATION.test(rel) && isJsSource(file)) return runtimeOf(specifier, file, project, format) ?? rel;
    if (rel !== undefined) return rel;
    const split = splitPackageSpecifier(specifier);
    const dir = split && workspaces.get(split[0]);
    if (dir !== undefined && split) return workspaceSource(dir, split[1]);
    // `#internal/x` into build output that is not there (package.json `imports` → dist/): its source.
    if (specifier.startsWith('#')) return importsSource(file, specifier);
    return importedAsset(specifier, file, project.options, files, tsHost.repoPath);
  };
  return resolver;
}

/**
 * What resolution depends on in a project's options: TypeScript's own key for sharing a cache
 * between projects (the options that affect module resolution, and where `paths` are relative
 * to), plus the few others its resolver reads (TypeScript's key leaves out what a package's
 * self-reference reads, as a program never shares a cache across those). Projects with the same
 * key resolve every specifier from a folder alike, so they share one cache.
 */
function resolutionKey(project: Project): string {
  const o = project.options;
  const internal = ts as unknown as {
    getKeyForCompilerOptions?: (options: ts.CompilerOptions, declarations: unknown) => string;
    moduleResolutionOptionDeclarations?: unknown;
  };
  if (typeof internal.getKeyForCompilerOptions !== 'function' || internal.moduleResolutionOptionDeclarations === undefined) return `project:${project.path}`;
  // With an outDir or a declarationDir, a package's own `exports`/`imports` targets in them map
  // back to its sources, relative to the config (its rootDir, or its folder): per config then.
  const output = o.outDir !== undefined || o.declarationDir !== undefined ? [o.outDir, o.declarationDir, o.rootDir, o.configFilePath] : [];
  const extra = [
    o.allowJs,
    o.preserveSymlinks,
    o.allowArbitraryExtensions,
    o.allowImportingTsExtensions,
    o.noDtsResolution,
    o.rewriteRelativeImportExtensions,
    ...output,
  ];
  return `${internal.getKeyForCompilerOptions(o, internal.moduleResolutionOptionDeclarations)}|${JSON.stringify(extra)}`;
}

/**
 * Whether TypeScript's resolution of a bare specifier (`react`, `next/link`, `node:fs`) can only
 * end outside the repository, so it need not run: most of a real repository's specifiers name
 * installed packages, and each would walk every `node_modules` folder up to the root. That holds
 * when the project has no `baseUrl`, no `paths` pattern matches, resolution is not `classic`
 * (which looks for `<name>.ts` in every parent folder), the name is no package of the repository
 * (a workspace package, or a package's own name, which TypeScript resolves through its `exports`)
 * and the repository lists nothing under `node_modules`.
 */
function bareOutsideRepo(host: SourceHost, workspaces: ReadonlyMap<string, string>): (specifier: string, project: Project) => boolean {
  if (host.files.some(isInNodeModules)) return () => false;
  let names: Set<string> | undefined;
  const eligible = new Map<Project, boolean>();
  return (specifier, project) => {
    // Relative, absolute, `#imports`, URLs and JSX pragmas go the usual way.
    if (!isBare(specifier)) return false;
    const name = specifier.startsWith('node:') ? specifier : splitPackageSpecifier(specifier)![0];
    let ok = eligible.get(project);
    if (ok === undefined) eligible.set(project, (ok = project.options.baseUrl === undefined && !isClassic(project.options)));
    if (!ok) return false;
    const paths = project.options.paths;
    if (paths) for (const pattern in paths) if (matchesPattern(pattern, specifier)) return false;
    if (!names) {
      names = new Set(workspaces.keys());
      for (const f of host.files) {
        if (f !== 'package.json' && !f.endsWith('/package.json')) continue;
        const own = readJson(host, f)?.name;
        if (typeof own === 'string') names.add(own);
      }
    }
    return !names.has(name) && !names.has(specifier);
  };
}

/** A package name, or a subpath of one (`react`, `@acme/ui/button`, `node:fs`): not relative, absolute, `#imports`, a URL or a marker. */
function isBare(specifier: string): boolean {
  const first = specifier.charCodeAt(0);
  if (first === 46 /* . */ || first === 47 /* / */ || first === 35 /* # */) return false;
  return specifier.startsWith('node:') || splitPackageSpecifier(specifier) !== undefined;
}

/** `classic` resolution looks for `<name>.ts` in every parent folder of the importing file. */
function isClassic(options: ts.CompilerOptions): boolean {
  const kind =
    options.moduleResolution ??
    (ts as unknown as { getEmitModuleResolutionKind?: (o: ts.CompilerOptions) => ts.ModuleResolutionKind }).getEmitModuleResolutionKind?.(options);
  return kind === undefined || kind === ts.ModuleResolutionKind.Classic;
}

/** A `paths` key matches a specifier as TypeScript matches it: exactly, or around its one `*`. */
function matchesPattern(pattern: string, specifier: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === specifier;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return specifier.length >= head.length + tail.length && specifier.startsWith(head) && specifier.endsWith(tail);
}

/**
 * The module a file's JSX imports: under `react-jsx`/`react-jsxdev`, `<jsxImportSource>/jsx-runtime`
 * (`/jsx-dev-runtime`), the source `react` by default; a file's `@jsxImportSource` pragma names the
 * source whatever the setting, as TypeScript resolves it. Classic `react` JSX imports nothing.
 */
function jsxRuntimeModule(pragma: string, options: ts.CompilerOptions): string | undefined {
  const automatic = options.jsx === ts.JsxEmit.ReactJSX || options.jsx === ts.JsxEmit.ReactJSXDev;
  const source = pragma !== '' ? pragma : automatic ? (options.jsxImportSource ?? 'react') : undefined;
  if (source === undefined) return undefined;
  return `${source}/${options.jsx === ts.JsxEmit.ReactJSXDev ? 'jsx-dev-runtime' : 'jsx-runtime'}`;
}

/**
 * `./App.css`, `../logo.svg?url`, `@/styles/globals.css` (a `paths` alias): a specifier naming a
 * repo file TypeScript does not resolve (isImportedAsset), relative to the importing file or
 * through the project's `paths`.
 */
function importedAsset(
  specifier: string,
  file: string,
  options: ts.CompilerOptions,
  files: ReadonlySet<string>,
  repoPath: (rel: string) => string,
): string | undefined {
  // TypeScript reads `\` as `/` in a path (`..\\src\\util.ts` resolves), so does this.
  const name = specifier.replace(/[?#].*$/, '').replace(/\\/g, '/');
  const found = (listed: string | undefined) => {
    const path = listed === undefined ? undefined : repoPath(listed);
    return path !== undefined && isImportedAsset(path) && files.has(path) && !isInNodeModules(path) ? path : undefined;
  };
  if (/^\.\.?\//.test(name)) return found(joinRelative(dirnameOf(file), name));
  if (!isImportedAsset(name) || !options.paths) return undefined;
  // TypeScript keeps the folder `paths` are relative to: baseUrl, or the config's own folder.
  const base = toRelative(String(options.baseUrl ?? options.pathsBasePath ?? ''));
  if (base === undefined) return undefined;
  for (const [pattern, targets] of Object.entries(options.paths)) {
    const star = pattern.indexOf('*');
    const [head, tail] = star === -1 ? [pattern, ''] : [pattern.slice(0, star), pattern.slice(star + 1)];
    if (star === -1 ? name !== pattern : !(name.startsWith(head) && name.endsWith(tail) && name.length >= head.length + tail.length)) continue;
    const captured = name.slice(head.length, name.length - tail.length);
    for (const target of targets) {
      const path = found(joinRelative(base, target.replace('*', captured)));
      if (path !== undefined) return path;
    }
  }
  return undefined;
}

function allowingJs(project: Project, memo: Map<Project, Project>): Project {
  let variant = memo.get(project);
  if (!variant) memo.set(project, (variant = { ...project, path: `${project.path} (allowJs)`, options: { ...project.options, allowJs: true } }));
  return variant;
}

function workspaceManifests(host: SourceHost): string[] {
  return host.files.filter(
    (f) => (f === 'pnpm-workspace.yaml' || f === 'rush.json' || f === 'lerna.json' || /(^|\/)(package\.json|deno\.jsonc?)$/.test(f)) && !isInNodeModules(f),
  );
}

const MODES = [ts.ModuleKind.ESNext, ts.ModuleKind.CommonJS] as const;

const DECLARATION = /\.d\.[cm]?ts$/;

/** TypeScript's resolution in the file's own mode first (ESM or CJS under node16/nodenext), then the other. */
function resolveWithTs(
  specifier: string,
  file: string,
  implied: ts.ResolutionMode,
  project: Project,
  host: TsHost,
  cache: ts.ModuleResolutionCache,
): string | undefined {
  const abs = toAbsolute(file);
  const modes = implied === ts.ModuleKind.CommonJS ? [...MODES].reverse() : MODES;
  for (const mode of modes) {
    const result = ts.resolveModuleName(specifier, abs, project.options, host, cache, undefined, mode);
    forgetLookups(result);
    const name = result.resolvedModule?.resolvedFileName;
    if (name !== undefined) return name;
  }
  return undefined;
}

/**
 * Drops what a resolution records for a watcher (every path it probed, the package.json files it
 * read) from the result, which is also the object the resolution cache keeps: only the resolved
 * file is read here, and those lists were most of what the caches held on a large monorepo
 * (docs/benchmarks.md, peak RSS). TypeScript appends to a cached result's lists when it reuses it
 * from another folder; it starts them again from nothing.
 */
function forgetLookups(result: ts.ResolvedModuleWithFailedLookupLocations): void {
  const lists = result as { failedLookupLocations?: string[]; affectingLocations?: string[] };
  lists.failedLookupLocations = undefined;
  lists.affectingLocations = undefined;
}
