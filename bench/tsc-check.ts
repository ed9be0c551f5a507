// `npx tsx bench/tsc-check.ts [DIR…]` (default: the real corpora under bench/.work, see bench/real.ts):
// the import graph against TypeScript's own resolution (docs/import-graph.md). Each followed file
// is resolved by a TypeScript program of the tsconfig the graph resolved it with (parsed anew from
// disk, not through waveplan's host), on the real file system, with workspace packages linked
// under node_modules as pnpm links them. Prints, per repository, the edges both have and the
// edges only one has, by kind.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { assetUrlPath } from '../src/analyze/asset-urls.js';
import { isComponentSource } from '../src/analyze/component-scripts.js';
import { buildImportGraph } from '../src/analyze/import-graph.js';
import { jsxRuntimePragma } from '../src/analyze/jsx-runtime.js';
import { workTreeSourceHost } from '../src/analyze/read-sources.js';
import { isImportedAsset, isInNodeModules } from '../src/analyze/source-host.js';
import { readWorkspacePackages } from '../src/analyze/workspaces.js';
import { GIT_ENV } from './real-corpora.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface CheckResult {
  repo: string;
  files: number;
  shared: number;
  /** Edges only the graph has, by kind ("asset": styles/images, which TypeScript does not resolve; "url": `new URL(…)`). */
  onlyGraph: Map<string, string[]>;
  /** Edges only TypeScript's program has, by kind ("jsx-runtime": the runtime of a file without JSX). */
  onlyTsc: Map<string, string[]>;
}

/** Workspace packages linked at `<root>/node_modules/<name>` (the links this made, to remove after). */
function linkWorkspaces(root: string, workspaces: ReadonlyMap<string, string>): string[] {
  const made: string[] = [];
  for (const [name, dir] of workspaces) {
    if (dir === '') continue;
    const link = join(root, 'node_modules', name);
    if (existsSync(link) || isLink(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), join(root, dir)), link);
    made.push(link);
  }
  return made;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function checkAgainstTsc(root: string): CheckResult {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', env: GIT_ENV, maxBuffer: 1 << 30 })
    .split('\0')
    .filter(Boolean)
    .sort();
  const host = workTreeSourceHost(root, files);
  // The graph first, before node_modules holds anything.
  const built = buildImportGraph(host);
  const byProject = new Map<string, string[]>();
  for (const [file, imports] of built.imports) {
    const group = byProject.get(imports.project) ?? [];
    group.push(file);
    byProject.set(imports.project, group);
  }
  const hadNodeModules = existsSync(join(root, 'node_modules'));
  const links = linkWorkspaces(root, readWorkspacePackages(host));
  const sourceFiles = new Map<string, ts.SourceFile | undefined>();
  const optionsOf = new Map<string, ts.CompilerOptions>();
  const tsc = new Map<string, Set<string>>();
  const repoPath = (abs: string): string | undefined => {
    const rel = relative(root, abs).split('\\').join('/');
    return rel.startsWith('..') || isInNodeModules(rel) ? undefined : rel;
  };
  try {
    for (const [project, group] of [...byProject].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const options = projectOptions(root, project);
      const compilerHost = ts.createCompilerHost(options, true);
      const getSourceFile = compilerHost.getSourceFile.bind(compilerHost);
      compilerHost.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
        const key = `${fileName}\0${typeof languageVersion === 'object' ? `${languageVersion.languageVersion}:${languageVersion.impliedNodeFormat}` : languageVersion}`;
        if (!sourceFiles.has(key)) sourceFiles.set(key, getSourceFile(fileName, languageVersion, onError, shouldCreate));
        return sourceFiles.get(key);
      };
      const program = ts.createProgram({ rootNames: group.map((f) => join(root, f)), options, host: compilerHost });
      for (const file of group) {
        optionsOf.set(file, options);
        const source = program.getSourceFile(join(root, file));
        const edges = new Set<string>();
        tsc.set(file, edges);
        if (!source) continue;
        // The program's own lists (internal, stable since TS 5.0): every import, `import()`, `require()`,
        // import type and JSX runtime of the file, and its `declare module '…'` augmentations.
        const internal = source as unknown as { imports: readonly ts.StringLiteralLike[]; moduleAugmentations: readonly ts.Node[] };
        const literals = [...internal.imports, ...internal.moduleAugmentations.filter(ts.isStringLiteral)];
        const resolvedModule = (
          program as unknown as {
            getResolvedModule(f: ts.SourceFile, name: string, mode: ts.ResolutionMode): ts.ResolvedModuleWithFailedLookupLocations | undefined;
          }
        ).getResolvedModule;
        for (const literal of literals) {
          const mode = program.getModeForUsageLocation(source, literal);
          const resolved = resolvedModule.call(program, source, literal.text, mode)?.resolvedModule?.resolvedFileName;
          const rel = resolved === undefined ? undefined : repoPath(resolved);
          if (rel !== undefined && rel !== file) edges.add(rel);
        }
        for (const ref of source.referencedFiles) {
          const rel = repoPath(ts.resolveTripleslashReference(ref.fileName, source.fileName));
          if (rel !== undefined && rel !== file && files.includes(rel)) edges.add(rel);
        }
      }
    }
  } finally {
    for (const link of links) rmSync(link, { force: true });
    if (!hadNodeModules) removeEmptyFolders(join(root, 'node_modules'));
  }
  const onlyGraph = new Map<string, string[]>();
  const onlyTsc = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, kind: string, edge: string) => map.set(kind, [...(map.get(kind) ?? []), edge]);
  let shared = 0;
  for (const [file, imports] of built.imports) {
    const mine = built.graph.get(file) ?? new Set<string>();
    const theirs = tsc.get(file) ?? new Set<string>();
    for (const to of mine) {
      if (theirs.has(to)) shared++;
      else {
        const specifier = imports.specifiers[imports.resolved.indexOf(to)] ?? '';
        const kind =
          assetUrlPath(specifier) !== undefined
            ? 'url'
            : jsxRuntimePragma(specifier) !== undefined
              ? 'jsx-runtime'
              : isImportedAsset(to)
                ? 'asset'
                : isComponentSource(file)
                  ? 'component'
                  : byDesign(root, file, specifier, to, optionsOf.get(file));
        add(onlyGraph, kind, `${file} -> ${to} (${specifier})`);
      }
    }
    for (const to of theirs) if (!mine.has(to)) add(onlyTsc, /jsx-(dev-)?runtime/.test(to) ? 'jsx-runtime' : 'other', `${file} -> ${to}`);
  }
  return { repo: root, files: built.imports.size, shared, onlyGraph, onlyTsc };
}

/**
 * Why an edge only the graph has is one by design (docs/import-graph.md): `require()` in a TS file,
 * which TypeScript's program does not follow but the code loads; an extensionless import in an ESM
 * file under node16/nodenext, which TypeScript resolves only in the other mode (the graph tries
 * both, as bundlers and test runners load it). Else `other`.
 */
function byDesign(root: string, file: string, specifier: string, to: string, options: ts.CompilerOptions | undefined): string {
  const text = readFileSync(join(root, file), 'utf8');
  if (/\.[cm]?tsx?$/.test(file) && (text.includes(`require('${specifier}')`) || text.includes(`require("${specifier}")`))) return 'require in TS';
  if (options) {
    for (const mode of [ts.ModuleKind.CommonJS, ts.ModuleKind.ESNext] as const) {
      const found = ts.resolveModuleName(specifier, join(root, file), options, ts.sys, undefined, undefined, mode).resolvedModule?.resolvedFileName;
      if (found !== undefined && relative(root, realpathSync(found)).split('\\').join('/') === to) return 'other mode';
    }
  }
  return 'other';
}

/** The project's options as TypeScript reads its tsconfig from disk (defaults when there is none), without emitting or type checking. */
function projectOptions(root: string, project: string): ts.CompilerOptions {
  const base: ts.CompilerOptions = { noEmit: true, noLib: true, types: [], noResolve: true };
  const path = project.replace(/ \(allowJs\)$/, '');
  const allowJs = project.endsWith(' (allowJs)') ? { allowJs: true } : {};
  if (path === '')
    return {
      ...base,
      allowJs: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      resolveJsonModule: true,
      jsx: ts.JsxEmit.Preserve,
    };
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, path), {}, host);
  return { ...(parsed?.options ?? {}), ...allowJs, ...base };
}

function removeEmptyFolders(dir: string): void {
  if (!existsSync(dir) || isLink(dir)) return;
  for (const entry of readdirSync(dir)) removeEmptyFolders(join(dir, entry));
  if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}

export function formatCheck(r: CheckResult, limit = 8): string {
  const count = (m: Map<string, string[]>) => [...m].map(([k, v]) => `${k} ${v.length}`).join(', ') || 'none';
  const lines = [`${r.repo}: ${r.files} files followed, ${r.shared} edges in both; only in the graph: ${count(r.onlyGraph)}; only in tsc: ${count(r.onlyTsc)}`];
  for (const [side, m] of [
    ['graph', r.onlyGraph],
    ['tsc', r.onlyTsc],
  ] as const) {
    for (const [kind, edges] of m) if (kind === 'other') for (const e of edges.slice(0, limit)) lines.push(`  only ${side}: ${e}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dirs = process.argv.slice(2);
  const work = join(ROOT, 'bench/.work');
  const targets =
    dirs.length > 0
      ? dirs.map((d) => resolve(d))
      : readdirSync(work)
          .filter((d) => d.startsWith('real-') && !d.endsWith('-b'))
          .map((d) => join(work, d));
  for (const dir of targets) {
    const started = performance.now();
    const result = checkAgainstTsc(dir);
    process.stdout.write(`${formatCheck(result, Number(process.env.TSC_CHECK_LIMIT ?? 8))} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
}
