import picomatch from 'picomatch';
import YAML from 'yaml';
import { compareStrings } from '../order.js';
import { dirnameOf, isInNodeModules, type SourceHost } from './source-host.js';

/**
 * Workspace packages of a monorepo, by package name → repo-relative folder ('' for the root).
 * Read from npm/yarn `workspaces` (array or `{ packages }`) and `pnpm-workspace.yaml`, so that
 * `import { x } from '@acme/lib'` resolves to the sibling package's source with nothing installed.
 */
export function readWorkspacePackages(host: SourceHost): Map<string, string> {
  const patterns = workspacePatterns(host);
  const out = new Map<string, string>();
  if (patterns.length === 0) return out;
  const include = picomatch(patterns.filter((p) => !p.startsWith('!')).map(trimPattern));
  const exclude = picomatch(patterns.filter((p) => p.startsWith('!')).map((p) => trimPattern(p.slice(1))));
  const manifests = host.files.filter((f) => (f === 'package.json' || f.endsWith('/package.json')) && !isInNodeModules(f));
  for (const manifest of [...manifests].sort(compareStrings)) {
    const dir = dirnameOf(manifest);
    if (dir === '' || !include(dir) || exclude(dir)) continue; // the root: below
    const name = readJson(host, manifest)?.name;
    if (typeof name === 'string' && name !== '' && !out.has(name)) out.set(name, dir);
  }
  // The root is a package of the workspace too (pnpm links it where a package depends on it,
  // `"name": "workspace:*"`), unless a package in a folder has its name.
  const root = readJson(host, 'package.json')?.name;
  if (typeof root === 'string' && root !== '' && !out.has(root)) out.set(root, '');
  return out;
}

function workspacePatterns(host: SourceHost): string[] {
  const out: string[] = [];
  const workspaces = readJson(host, 'package.json')?.workspaces;
  const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
  if (Array.isArray(list)) out.push(...list.filter((p): p is string => typeof p === 'string'));
  const pnpm = host.readText('pnpm-workspace.yaml');
  if (pnpm !== undefined) {
    try {
      const packages = (YAML.parse(pnpm) as { packages?: unknown } | null)?.packages;
      if (Array.isArray(packages)) out.push(...packages.filter((p): p is string => typeof p === 'string'));
    } catch {
      // A broken pnpm-workspace.yaml only loses the workspace mapping; pnpm itself reports it.
    }
  }
  return out;
}

function trimPattern(pattern: string): string {
  return pattern.replace(/^\.\//, '').replace(/\/+$/, '');
}

const parsedJson = new WeakMap<SourceHost, Map<string, Record<string, unknown> | undefined>>();

/** A JSON object file of the host, parsed once per host (a workspace's package.json is asked for once per import of it). */
export function readJson(host: SourceHost, path: string): Record<string, unknown> | undefined {
  let cache = parsedJson.get(host);
  if (!cache) parsedJson.set(host, (cache = new Map()));
  if (!cache.has(path)) cache.set(path, parseJsonObject(host.readText(path)));
  return cache.get(path);
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `@scope/name/sub/path` → [`@scope/name`, `sub/path`]; undefined for relative or absolute specifiers. */
export function splitPackageSpecifier(specifier: string): [name: string, subpath: string] | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((p) => p === '')) return undefined;
  return [parts.slice(0, count).join('/'), parts.slice(count).join('/')];
}
