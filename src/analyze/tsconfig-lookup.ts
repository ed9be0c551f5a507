import { ts } from 'ts-morph';
import { dirnameOf, joinPath, type SourceHost } from './source-host.js';
import { toAbsolute, toRelative, type TsHost } from './ts-host.js';

/** One parsed tsconfig: the options its files are resolved with. */
export interface Project {
  /** Repo-relative config path; '' for the defaults used when no tsconfig applies. */
  path: string;
  options: ts.CompilerOptions;
  /** Repo-relative files the config includes. */
  fileNames: ReadonlySet<string>;
  /** Repo-relative paths of referenced configs (solution-style `references`). */
  references: readonly string[];
}

/** Without a tsconfig, resolve as a bundler would: extensionless and index imports, `.js` → `.ts`, JS followed. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.Preserve,
};
export const DEFAULT_PROJECT: Project = { path: '', options: DEFAULT_OPTIONS, fileNames: new Set(), references: [] };

/** The project of a file; `outside()`: the files and (ending in `/`) folders outside the file list config parsing asked for so far. */
export type ProjectLookup = ((file: string) => Project) & { outside(): string[] };

/**
 * Components a config's `include` takes (a folder, or a glob ending in `.vue`), as vue-tsc,
 * svelte-check and Astro's language server have TypeScript read them: a component resolves with
 * the options of the project that includes it (its `paths`), not only the nearest config's.
 */
const COMPONENT_EXTENSIONS: readonly ts.FileExtensionInfo[] = ['.vue', '.svelte', '.astro', '.mdx'].map((extension) => ({
  extension,
  isMixedContent: true,
  scriptKind: ts.ScriptKind.Deferred,
}));

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/**
 * The project a file belongs to, as the TypeScript language service picks it: walking up from
 * the file, the first tsconfig that includes it, directly or through its `references`
 * (solution-style configs with `files: []`); otherwise the nearest tsconfig; otherwise defaults.
 * `rootConfig` (config `analysis.tsconfig`) is tried first at its own folder.
 */
export function createProjectLookup(host: SourceHost, tsHost: TsHost, rootConfig = 'tsconfig.json'): ProjectLookup {
  const files = new Set(host.files);
  // `extends` may name a file outside the list, as tsc reads it from disk: an installed package
  // (`@tsconfig/node20`, `astro/tsconfigs/strict`) or a generated, git-ignored config
  // (`./.svelte-kit/tsconfig.json`, whose `paths` give SvelteKit's `$lib`). Each file and folder
  // asked for, there or not, is recorded: the graph cache is keyed by what they hold.
  const outsideFiles = new Map<string, string | undefined>();
  const outsideFolders = new Map<string, boolean>();
  const unlisted = (abs: string): string | undefined => {
    const rel = toRelative(abs);
    if (rel === undefined || rel === '' || files.has(rel) || !host.readUnlisted) return undefined;
    if (!outsideFiles.has(rel)) outsideFiles.set(rel, host.readUnlisted(rel));
    return outsideFiles.get(rel);
  };
  const unlistedFolder = (abs: string): boolean => {
    const rel = toRelative(abs);
    if (rel === undefined || rel === '' || !host.hasUnlistedFolder) return false;
    if (!outsideFolders.has(rel)) outsideFolders.set(rel, host.hasUnlistedFolder(rel));
    return outsideFolders.get(rel)!;
  };
  const configHost: TsHost = {
    ...tsHost,
    fileExists: (abs) => tsHost.fileExists(abs) || unlisted(abs) !== undefined,
    readFile: (abs) => tsHost.readFile(abs) ?? unlisted(abs),
    // tsc reads an installed config where it really is (pnpm's `.pnpm/…`): its relative `paths` start there.
    realpath: (abs) => {
      const rel = toRelative(abs);
      const real = rel === undefined || files.has(rel) || !host.realUnlisted ? undefined : host.realUnlisted(rel);
      return real === undefined ? tsHost.realpath(abs) : toAbsolute(real);
    },
    // A node_modules folder counts as there even when nothing is installed: a workspace package's
    // config (`@repo/typescript-config/base.json`, as Turborepo lays it out) is found through it.
    directoryExists: (abs) => (tsHost.directoryExists?.(abs) ?? false) || /(^|\/)node_modules$/.test(toRelative(abs) ?? '') || unlistedFolder(abs),
  };
  const projects = new Map<string, Project>();
  const parse = (path: string): Project => {
    let project = projects.get(path);
    if (!project) projects.set(path, (project = parseProject(path, configHost)));
    return project;
  };
  const configAt = new Map<string, string | undefined>();
  const configIn = (dir: string): string | undefined => {
    if (!configAt.has(dir)) {
      const names = dir === dirnameOf(rootConfig) ? [rootConfig.slice(rootConfig.lastIndexOf('/') + 1), ...CONFIG_NAMES] : CONFIG_NAMES;
      configAt.set(
        dir,
        names.map((n) => joinPath(dir, n)).find((p) => files.has(p)),
      );
    }
    return configAt.get(dir);
  };
  // Which project of a config and the ones it references (depth first, in order, each once) first
  // includes each file: built once per config, not searched per file. A solution-style root config
  // (babel's 150 references, 17,600 sources) made that search files × references.
  const owners = new Map<string, Map<string, Project>>();
  const ownersOf = (config: string): Map<string, Project> => {
    let owner = owners.get(config);
    if (owner) return owner;
    owners.set(config, (owner = new Map()));
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      const project = parse(path);
      for (const file of project.fileNames) if (!owner.has(file)) owner.set(file, project);
      for (const ref of project.references) visit(ref);
    };
    visit(config);
    return owner;
  };
  const lookup = (file: string): Project => {
    let nearest: string | undefined;
    for (let dir = dirnameOf(file); ; dir = dirnameOf(dir)) {
      const config = configIn(dir);
      if (config !== undefined) {
        // The config alone first: most files are its own, and its references need not be read.
        const own = parse(config);
        const found = own.fileNames.has(file) ? own : own.references.length > 0 ? ownersOf(config).get(file) : undefined;
        if (found) return found;
        nearest ??= config;
      }
      if (dir === '') break;
    }
    return nearest === undefined ? DEFAULT_PROJECT : parse(nearest);
  };
  return Object.assign(lookup, { outside: () => [...outsideFiles.keys(), ...[...outsideFolders.keys()].map((dir) => `${dir}/`)] });
}

function parseProject(path: string, host: TsHost): Project {
  const abs = toAbsolute(path);
  const read = ts.readConfigFile(abs, (p) => host.readFile(p));
  if (read.error || read.config === null || typeof read.config !== 'object') return { ...DEFAULT_PROJECT, path };
  // Diagnostics (deprecated options, missing extends) are TypeScript's to report; we take what parses.
  const parsed = ts.parseJsonConfigFileContent(read.config, host, abs.slice(0, abs.lastIndexOf('/')), undefined, abs, undefined, COMPONENT_EXTENSIONS);
  const fileNames = new Set<string>();
  for (const name of parsed.fileNames) {
    const rel = toRelative(name);
    if (rel !== undefined) fileNames.add(rel);
  }
  const references: string[] = [];
  for (const ref of parsed.projectReferences ?? []) {
    const rel = toRelative(ts.resolveProjectReferencePath(ref));
    if (rel !== undefined) references.push(rel);
  }
  return { path, options: parsed.options, fileNames, references };
}
