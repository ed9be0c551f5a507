import { ts } from 'ts-morph';
import { dirnameOf, isInNodeModules, type SourceHost } from './source-host.js';

/**
 * TypeScript sees the repository under this fixed absolute root, so resolution never touches
 * the disk outside the file list and results do not depend on where the repo is checked out.
 */
export const ROOT = '/repo';

export function toAbsolute(rel: string): string {
  return rel === '' ? ROOT : `${ROOT}/${rel}`;
}

/** Repo-relative path of an absolute one under ROOT, or undefined. */
export function toRelative(abs: string): string | undefined {
  // TypeScript asks for `'.'` and `'..'` as folders with a trailing slash (`/repo/src/`).
  const path = abs.length > ROOT.length + 1 && abs.endsWith('/') ? abs.replace(/\/+$/, '') : abs;
  if (path === ROOT || path === `${ROOT}/`) return '';
  return path.startsWith(`${ROOT}/`) ? path.slice(ROOT.length + 1) : undefined;
}

interface Entries {
  files: string[];
  directories: string[];
}

/** The resolution and config-parsing host TypeScript asks, answered from the in-memory file list. */
export interface TsHost extends Omit<ts.ModuleResolutionHost, 'useCaseSensitiveFileNames'>, ts.ParseConfigHost {
  realpath(path: string): string;
  /** Repo files TypeScript has read (tsconfigs, package.json files): what resolution depends on besides the file list. */
  readonly filesRead: ReadonlySet<string>;
}

/**
 * A TS host over the repo's file list. Workspace packages appear as virtual
 * `node_modules/<name>` links to their folders, so a sibling package import resolves
 * to its source (through its package.json `exports`/`types`/`main`) with nothing installed.
 */
export function createTsHost(host: SourceHost, workspaces: ReadonlyMap<string, string>): TsHost {
  const files = new Set(host.files);
  const dirs = new Map<string, Entries>();
  const entry = (dir: string) => {
    let e = dirs.get(dir);
    if (!e) dirs.set(dir, (e = { files: [], directories: [] }));
    return e;
  };
  entry('');
  const linked = new Set<string>();
  for (const file of host.files) {
    let dir = dirnameOf(file);
    entry(dir).files.push(file.slice(dir === '' ? 0 : dir.length + 1));
    while (dir !== '' && !linked.has(dir)) {
      linked.add(dir);
      const parent = dirnameOf(dir);
      entry(parent).directories.push(dir.slice(parent === '' ? 0 : parent.length + 1));
      dir = parent;
    }
  }
  const texts = new Map<string, string | undefined>();
  const read = new Set<string>();
  const real = (abs: string): string | undefined => {
    const rel = toRelative(abs);
    return rel === undefined ? undefined : unlink(rel, workspaces);
  };
  const readFile = (abs: string) => {
    const rel = real(abs);
    if (rel === undefined || !files.has(rel)) return undefined;
    if (!texts.has(rel)) {
      read.add(rel);
      texts.set(rel, host.readText(rel));
    }
    return texts.get(rel);
  };
  const getEntries = (abs: string): Entries => {
    const rel = real(abs);
    const e = rel === undefined ? undefined : dirs.get(rel);
    return e ? { files: [...e.files], directories: [...e.directories] } : { files: [], directories: [] };
  };
  return {
    filesRead: read,
    useCaseSensitiveFileNames: true,
    fileExists: (abs) => {
      const rel = real(abs);
      return rel !== undefined && files.has(rel);
    },
    directoryExists: (abs) => {
      const rel = real(abs);
      return rel !== undefined && dirs.has(rel);
    },
    readFile,
    realpath: (abs) => {
      const rel = real(abs);
      return rel === undefined ? abs : toAbsolute(rel);
    },
    getCurrentDirectory: () => ROOT,
    getDirectories: (abs) => getEntries(abs).directories,
    readDirectory: (root, extensions, excludes, includes, depth) => matchFiles(root, extensions, excludes, includes, depth, getEntries),
  };
}

type MatchFiles = (
  path: string, extensions: readonly string[] | undefined, excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined, useCaseSensitiveFileNames: boolean, currentDirectory: string,
  depth: number | undefined, getFileSystemEntries: (path: string) => Entries, realpath: (path: string) => string,
) => string[];

/** tsconfig include/exclude matching: TypeScript's own (internal) matcher, over our entries. */
function matchFiles(
  root: string, extensions: readonly string[] | undefined, excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined, depth: number | undefined, getEntries: (path: string) => Entries,
): string[] {
  const internal = (ts as unknown as { matchFiles?: MatchFiles }).matchFiles;
  if (typeof internal === 'function') return internal(root, extensions, excludes, includes, true, ROOT, depth, getEntries, (p) => p);
  // Without the internal matcher: every file under root with a wanted extension.
  const out: string[] = [];
  const walk = (dir: string) => {
    const e = getEntries(dir);
    for (const f of e.files) if (!extensions || extensions.some((x) => f.endsWith(x))) out.push(`${dir}/${f}`);
    for (const d of e.directories) if (d !== 'node_modules') walk(`${dir}/${d}`);
  };
  walk(root);
  return out;
}

/** Map `…/node_modules/<workspace package>/rest` to the package's folder; other paths unchanged. */
export function unlink(rel: string, workspaces: ReadonlyMap<string, string>): string {
  if (workspaces.size === 0 || !isInNodeModules(rel)) return rel;
  const at = rel.lastIndexOf('node_modules/');
  const rest = rel.slice(at + 'node_modules/'.length).split('/');
  const count = rest[0]?.startsWith('@') ? 2 : 1;
  const dir = workspaces.get(rest.slice(0, count).join('/'));
  if (dir === undefined) return rel;
  const tail = rest.slice(count).join('/');
  return tail === '' ? dir : dir === '' ? tail : `${dir}/${tail}`;
}
