import { dirnameOf, joinPath, type SourceHost } from './source-host.js';
import { denoConfig, readJson } from './workspaces.js';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const BUILD_DIR = /^(dist|lib|build|out|esm|cjs)\//;

/**
 * The source file behind a workspace package import when TypeScript cannot resolve it,
 * typically because `main`/`types`/`exports` point at build output that does not exist:
 * map `dist/x.js` or `dist/x.d.ts` to `src/x.ts`, else try `src/<subpath>` and `src/index`.
 * Not for a subpath the package's `exports` leaves out: that import fails, installed or not.
 */
export function resolveWorkspaceSource(host: SourceHost, files: ReadonlySet<string>, dir: string, subpath: string): string | undefined {
  const candidates: string[] = [];
  // A Deno workspace member has its name and `exports` in deno.json.
  const manifest = readJson(host, joinPath(dir, 'package.json')) ?? denoConfig(host, dir) ?? {};
  const exported = mapTarget(manifest.exports, subpath === '' ? '.' : `./${subpath}`);
  // A subpath `exports` does not list is one Node and TypeScript refuse (ERR_PACKAGE_PATH_NOT_EXPORTED): no guess.
  if (exported === undefined && manifest.exports !== undefined && manifest.exports !== null) return undefined;
  if (exported !== undefined) candidates.push(...sourcesOf(exported));
  if (subpath === '') {
    for (const entry of [manifest.source, manifest.types, manifest.typings, manifest.module, manifest.main]) {
      if (typeof entry === 'string') candidates.push(...sourcesOf(entry));
    }
  }
  const stem = subpath === '' ? 'index' : subpath.replace(/\.(d\.ts|[cm]?js|jsx)$/, '');
  candidates.push(
    ...withSourceExtensions(`src/${stem}`),
    ...withSourceExtensions(`src/${stem}/index`),
    ...withSourceExtensions(stem),
    ...withSourceExtensions(`${stem}/index`),
  );
  return candidates.map((c) => joinPath(dir, c)).find((c) => files.has(c));
}

/**
 * The source behind a subpath import (`#internal/x`, package.json `imports` of the package the
 * file is in) when TypeScript cannot resolve it: the target when it is in the repository, else
 * the source of an unbuilt `dist/` target, as for a workspace package's entry.
 */
export function resolveImportsSource(host: SourceHost, files: ReadonlySet<string>, file: string, specifier: string): string | undefined {
  const dir = packageScope(files, dirnameOf(file));
  if (dir === undefined) return undefined;
  const target = mapTarget(readJson(host, joinPath(dir, 'package.json'))?.imports, specifier);
  return target === undefined
    ? undefined
    : sourcesOf(target)
        .map((c) => joinPath(dir, c))
        .find((c) => files.has(c));
}

/** The folder of the package.json nearest to `dir` (the package a file belongs to), or undefined. */
function packageScope(files: ReadonlySet<string>, dir: string): string | undefined {
  for (let at: string | undefined = dir; at !== undefined; at = at === '' ? undefined : dirnameOf(at)) {
    if (files.has(joinPath(at, 'package.json'))) return at;
  }
  return undefined;
}

/** A target path as written (`./lib/x.mjs`) and its sources, when it is build output. */
function sourcesOf(target: string): string[] {
  const path = target.replace(/^\.\//, '');
  return [path, ...withSourceExtensions(path.replace(BUILD_DIR, 'src/'))];
}

function withSourceExtensions(path: string): string[] {
  const stem = path.replace(/\.(d\.ts|d\.mts|d\.cts|[cm]?[jt]sx?)$/, '');
  return SOURCE_EXTENSIONS.map((ext) => `${stem}${ext}`);
}

/**
 * The path a package.json `exports` or `imports` map gives for `key` (`.`, `./sub`, `#x`): an exact
 * entry, else the pattern with one `*` and the longest prefix (as Node picks); conditions followed
 * by the usual names, source and types first.
 */
export function mapTarget(map: unknown, key: string): string | undefined {
  if (typeof map === 'string' || Array.isArray(map)) return key === '.' ? conditionTarget(map) : undefined;
  if (map === null || typeof map !== 'object') return undefined;
  const record = map as Record<string, unknown>;
  const keys = Object.keys(record);
  // `exports` of conditions only (no `.` keys) is the `.` entry.
  if (key === '.' && keys.length > 0 && keys.every((k) => !k.startsWith('.') && !k.startsWith('#'))) return conditionTarget(record);
  if (key in record && !key.includes('*')) return conditionTarget(record[key]);
  let best: { prefix: string; suffix: string; value: unknown } | undefined;
  for (const pattern of keys) {
    const star = pattern.indexOf('*');
    if (star === -1 || pattern.indexOf('*', star + 1) !== -1) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (key.length < pattern.length - 1 || !key.startsWith(prefix) || !key.endsWith(suffix)) continue;
    if (!best || prefix.length > best.prefix.length) best = { prefix, suffix, value: record[pattern] };
  }
  if (!best) return undefined;
  const match = key.slice(best.prefix.length, key.length - best.suffix.length);
  return conditionTarget(best.value)?.replaceAll('*', match);
}

const CONDITIONS = ['source', 'types', 'import', 'module', 'node', 'default', 'require'];

function conditionTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const entry of value) {
      const found = conditionTarget(entry);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const condition of CONDITIONS) {
    const found = conditionTarget((value as Record<string, unknown>)[condition]);
    if (found !== undefined) return found;
  }
  return undefined;
}
