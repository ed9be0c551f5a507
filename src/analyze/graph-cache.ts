import { createHash } from 'node:crypto';

/** One followed file as cached: its blob id, its tsconfig, its specifiers and what each resolved to. */
export type CachedFile = [blob: string, project: string, specifiers: string[], resolved: Array<string | null>];

/** `.agent/cache/import-graph.json`, as the code uses it. */
export interface GraphCache {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** Hash of what every resolution depends on: the file list and the configs TypeScript read. */
  env: string;
  /** The configs behind `env` (tsconfigs, package.json files, pnpm-workspace.yaml). */
  configFiles: string[];
  files: Record<string, CachedFile>;
}

/**
 * On disk, every path is written once, in a table, and resolutions are indexes into it
 * (-1: unresolved): half the bytes of naming each target every time, and far fewer strings
 * for a warm run to parse (at 5,000 files, 40,000 resolved paths).
 */
interface StoredGraphCache {
  format: typeof FORMAT;
  version: typeof VERSION;
  env: string;
  configFiles: string[];
  paths: string[];
  projects: string[];
  /** [path, blob, project, specifiers, resolved] by index into paths / projects. */
  files: Array<[path: number, blob: string, project: number, specifiers: string[], resolved: number[]]>;
}

const FORMAT = 'waveplan-import-graph';
// 3: a version-2 cache can lack specifiers preProcessFile misses: `export * as ns from`, and imports after a regex with a backtick.
const VERSION = 3;

export interface EnvInput {
  /** Every file of the repository, sorted. */
  files: readonly string[];
  /** Blob ids by path. */
  versions: ReadonlyMap<string, string>;
  configFiles: readonly string[];
  /** The root tsconfig option and the waveplan version: a change re-resolves everything. */
  settings: string;
}

/**
 * Resolutions stay valid while the list of files resolution can land on, the configs they were
 * made with and the settings stay the same; a content change of a source file only needs that
 * file re-scanned. Renaming a queue item (a Markdown file) therefore keeps the cache warm.
 */
export function envKey(input: EnvInput): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}@${VERSION}\0${input.settings}\0`);
  for (const file of input.files) if (affectsResolution(file)) hash.update(`${file}\0`);
  hash.update('\0');
  for (const file of input.configFiles) hash.update(`${file}\0${input.versions.get(file) ?? '-'}\0`);
  return hash.digest('hex');
}

/**
 * Whether a file's presence can change what a specifier resolves to. TypeScript only ever lands
 * on script, declaration (`.d.css.ts` included) and JSON files, and reads `package.json` files;
 * a folder matters only through the files in it; `pnpm-workspace.yaml` names workspace packages.
 * Other files (Markdown, other YAML, images) cannot.
 */
export function affectsResolution(file: string): boolean {
  return RESOLVABLE.test(file) || file === 'pnpm-workspace.yaml';
}

const RESOLVABLE = /\.(?:[cm]?[jt]sx?|json)$/i;

/** A cache read back, or undefined when it is corrupt, foreign or from another format version: it is then rebuilt, never trusted. */
export function parseGraphCache(text: string): GraphCache | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.format !== FORMAT || data.version !== VERSION || typeof data.env !== 'string') return undefined;
  const { configFiles, paths, projects, files: stored } = data;
  if (!isStringArray(configFiles) || !isStringArray(paths) || !isStringArray(projects) || !Array.isArray(stored)) return undefined;
  const files: Record<string, CachedFile> = {};
  for (const entry of stored as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 5) return undefined;
    const [path, blob, project, specifiers, resolved] = entry as unknown[];
    if (!isIndex(path, paths) || typeof blob !== 'string' || !isIndex(project, projects) || !isStringArray(specifiers) || !Array.isArray(resolved) || resolved.length !== specifiers.length) return undefined;
    const targets: Array<string | null> = new Array(resolved.length);
    for (let i = 0; i < resolved.length; i++) {
      const r: unknown = resolved[i];
      if (r === -1) targets[i] = null;
      else if (isIndex(r, paths)) targets[i] = paths[r];
      else return undefined;
    }
    files[paths[path]] = [blob, projects[project], specifiers, targets];
  }
  return { format: FORMAT, version: VERSION, env: data.env, configFiles, files };
}

export function serializeGraphCache(cache: Omit<GraphCache, 'format' | 'version'>): string {
  // A cache, not a reviewed file: tables in first-seen order (the files' own order is stable).
  const paths: string[] = [];
  const pathIndex = new Map<string, number>();
  const indexOf = (path: string) => {
    let i = pathIndex.get(path);
    if (i === undefined) {
      pathIndex.set(path, (i = paths.length));
      paths.push(path);
    }
    return i;
  };
  const projects: string[] = [];
  const files: StoredGraphCache['files'] = [];
  for (const [file, [blob, project, specifiers, resolved]] of Object.entries(cache.files)) {
    let p = projects.indexOf(project);
    if (p === -1) p = projects.push(project) - 1;
    files.push([indexOf(file), blob, p, specifiers, resolved.map((r) => (r === null ? -1 : indexOf(r)))]);
  }
  const stored: StoredGraphCache = { format: FORMAT, version: VERSION, env: cache.env, configFiles: cache.configFiles, paths, projects, files };
  return JSON.stringify(stored);
}

/** Resolution memo key: the same specifier from the same folder, tsconfig and module kind resolves the same way. */
export function memoKey(file: string, project: string, specifier: string): string {
  const slash = file.lastIndexOf('/');
  const kind = /\.[cm][jt]s$/.test(file) ? file.slice(-3, -2) : '';
  return `${project}\0${slash === -1 ? '' : file.slice(0, slash)}\0${kind}\0${specifier}`;
}

function isIndex(value: unknown, table: readonly unknown[]): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < table.length;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
