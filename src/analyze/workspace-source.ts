import { joinPath, type SourceHost } from './source-host.js';
import { readJson } from './workspaces.js';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const BUILD_DIR = /^(dist|lib|build|out|esm|cjs)\//;

/**
 * The source file behind a workspace package import when TypeScript cannot resolve it,
 * typically because `main`/`types`/`exports` point at build output that does not exist:
 * map `dist/x.js` or `dist/x.d.ts` to `src/x.ts`, else try `src/<subpath>` and `src/index`.
 */
export function resolveWorkspaceSource(host: SourceHost, files: ReadonlySet<string>, dir: string, subpath: string): string | undefined {
  const candidates: string[] = [];
  if (subpath === '') {
    const manifest = readJson(host, joinPath(dir, 'package.json')) ?? {};
    const exported = rootExport(manifest.exports);
    for (const entry of [manifest.source, manifest.types, manifest.typings, exported, manifest.module, manifest.main]) {
      if (typeof entry !== 'string') continue;
      const path = entry.replace(/^\.\//, '');
      candidates.push(path, ...withSourceExtensions(path.replace(BUILD_DIR, 'src/')));
    }
  }
  const stem = subpath === '' ? 'index' : subpath.replace(/\.(d\.ts|[cm]?js|jsx)$/, '');
  candidates.push(...withSourceExtensions(`src/${stem}`), ...withSourceExtensions(`src/${stem}/index`), ...withSourceExtensions(stem), ...withSourceExtensions(`${stem}/index`));
  return candidates.map((c) => joinPath(dir, c)).find((c) => files.has(c));
}

function withSourceExtensions(path: string): string[] {
  const stem = path.replace(/\.(d\.ts|d\.mts|d\.cts|[cm]?[jt]sx?)$/, '');
  return SOURCE_EXTENSIONS.map((ext) => `${stem}${ext}`);
}

/** The string an `exports` field gives for `.`, following the usual condition names. */
function rootExport(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (exports === null || typeof exports !== 'object' || Array.isArray(exports)) return undefined;
  const record = exports as Record<string, unknown>;
  const dot = '.' in record ? record['.'] : record;
  if (typeof dot === 'string') return dot;
  if (dot === null || typeof dot !== 'object') return undefined;
  for (const condition of ['source', 'types', 'import', 'module', 'default', 'require']) {
    const found = rootExport((dot as Record<string, unknown>)[condition]);
    if (found !== undefined) return found;
  }
  return undefined;
}
