import { ts } from 'ts-morph';
import { dirnameOf, isInNodeModules, joinRelative, type SourceHost } from './source-host.js';

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
  /** Repo files TypeScript has read (tsconfigs, package.json files, and symbolic links it went through): what resolution depends on besides the file list. */
  readonly filesRead: ReadonlySet<string>;
  /** The repo path a path TypeScript names stands for: through workspace package links and symbolic links to folders. */
  repoPath(rel: string): string;
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
  const links = new Map<string, string | undefined>();
  /** A listed file used as a folder is a symbolic link: its target, repo-relative (undefined: no link, or outside the repo). */
  const linkTarget = (path: string): string | undefined => {
    if (!links.has(path)) {
      const target = host.readLink?.(path);
      const resolved = target === undefined || target.startsWith('/') ? undefined : joinRelative(dirnameOf(path), target);
      links.set(path, resolved);
      // The link's blob id (its target) then keys the graph cache, as a config file's does.
      if (resolved !== undefined) read.add(path);
    }
    return links.get(path);
  };
  const repoPath = (rel: string): string => {
    let path = unlink(rel, workspaces);
    // A path under a link to a folder (`src/linked/x.ts`, src/linked → ../shared) is its target's (`shared/x.ts`); links may chain.
    for (let hops = 0; hops < 8 && !files.has(path) && !dirs.has(path); hops++) {
      // Up to the nearest listed folder or file: a folder means the path is simply not there (most
      // of TypeScript's probes); a file with the path below it is a link.
      let slash = path.lastIndexOf('/');
      let prefix = '';
      for (; slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
        prefix = path.slice(0, slash);
        if (dirs.has(prefix) || files.has(prefix)) break;
      }
      const target = slash > 0 && files.has(prefix) ? linkTarget(prefix) : undefined;
      if (target === undefined) break;
      path = target === '' ? path.slice(slash + 1) : `${target}${path.slice(slash)}`;
    }
    return path;
  };
  const real = (abs: string): string | undefined => {
    const rel = toRelative(abs);
    return rel === undefined ? undefined : repoPath(rel);
  };
  /** The folder a path names: itself, or where a listed link to a folder points. */
  const folder = (abs: string): string | undefined => {
    const rel = real(abs);
    if (rel === undefined || dirs.has(rel) || !files.has(rel)) return rel;
    const target = linkTarget(rel);
    return target === undefined ? rel : repoPath(target);
  };
  // TypeScript looks into `node_modules` (and `node_modules/@scope`) only when the folder exists:
  // with nothing installed, those holding a workspace package's virtual link do.
  const scopes = new Set([...workspaces.keys()].filter((name) => name.startsWith('@')).map((name) => name.slice(0, name.indexOf('/'))));
  const leadsToWorkspaceLink = (rel: string): boolean => {
    if (workspaces.size === 0) return false;
    const slash = rel.lastIndexOf('/');
    const last = rel.slice(slash + 1);
    if (last === 'node_modules') return true;
    const parent = slash === -1 ? '' : rel.slice(0, slash);
    return scopes.has(last) && (parent === 'node_modules' || parent.endsWith('/node_modules'));
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
    const rel = folder(abs);
    const e = rel === undefined ? undefined : dirs.get(rel);
    return e ? { files: [...e.files], directories: [...e.directories] } : { files: [], directories: [] };
  };
  return {
    filesRead: read,
    repoPath,
    useCaseSensitiveFileNames: true,
    fileExists: (abs) => {
      const rel = real(abs);
      return rel !== undefined && files.has(rel);
    },
    directoryExists: (abs) => {
      const rel = folder(abs);
      return rel !== undefined && (dirs.has(rel) || leadsToWorkspaceLink(rel));
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
  path: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined,
  useCaseSensitiveFileNames: boolean,
  currentDirectory: string,
  depth: number | undefined,
  getFileSystemEntries: (path: string) => Entries,
  realpath: (path: string) => string,
) => string[];

/** tsconfig include/exclude matching: TypeScript's own (internal) matcher, over our entries. */
function matchFiles(
  root: string,
  extensions: readonly string[] | undefined,
  excludes: readonly string[] | undefined,
  includes: readonly string[] | undefined,
  depth: number | undefined,
  getEntries: (path: string) => Entries,
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
