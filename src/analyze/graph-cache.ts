import { createHash } from 'node:crypto';

/** One followed file as cached: its blob id, its tsconfig, its specifiers and what each resolved to. */
export type CachedFile = [blob: string, project: string, specifiers: string[], resolved: Array<string | null>];

/** `.agent/cache/import-graph.json`. */
export interface GraphCache {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** Hash of what every resolution depends on: the file list and the configs TypeScript read. */
  env: string;
  /** The configs behind `env` (tsconfigs, package.json files, pnpm-workspace.yaml). */
  configFiles: string[];
  files: Record<string, CachedFile>;
}

const FORMAT = 'waveplan-import-graph';
const VERSION = 1;

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
  if (!isStringArray(data.configFiles) || !isRecord(data.files)) return undefined;
  for (const entry of Object.values(data.files)) if (!isCachedFile(entry)) return undefined;
  return data as unknown as GraphCache;
}

export function serializeGraphCache(cache: Omit<GraphCache, 'format' | 'version'>): string {
  return JSON.stringify({ format: FORMAT, version: VERSION, env: cache.env, configFiles: cache.configFiles, files: cache.files });
}

/** Resolution memo key: the same specifier from the same folder, tsconfig and module kind resolves the same way. */
export function memoKey(file: string, project: string, specifier: string): string {
  const slash = file.lastIndexOf('/');
  const kind = /\.[cm][jt]s$/.test(file) ? file.slice(-3, -2) : '';
  return `${project}\0${slash === -1 ? '' : file.slice(0, slash)}\0${kind}\0${specifier}`;
}

function isCachedFile(entry: unknown): entry is CachedFile {
  if (!Array.isArray(entry) || entry.length !== 4) return false;
  const [blob, project, specifiers, resolved] = entry as unknown[];
  return typeof blob === 'string' && typeof project === 'string' && isStringArray(specifiers) && Array.isArray(resolved)
    && resolved.length === specifiers.length && resolved.every((r) => r === null || typeof r === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
