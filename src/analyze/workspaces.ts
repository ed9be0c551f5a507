import picomatch from 'picomatch';
import YAML from 'yaml';
import { compareStrings } from '../order.js';
import { dirnameOf, isInNodeModules, joinPath, type SourceHost } from './source-host.js';

/**
 * Workspace packages of a monorepo, by package name → repo-relative folder ('' for the root).
 * Read from npm/yarn `workspaces` (array or `{ packages }`), `pnpm-workspace.yaml`, Lerna's
 * `lerna.json` `packages`, Rush's `rush.json` `projects` (name and folder given) and Deno's
 * `deno.json` `workspace` (each member's deno.json names it), so that
 * `import { x } from '@acme/lib'` resolves to the sibling package's source with nothing installed.
 */
export function readWorkspacePackages(host: SourceHost): Map<string, string> {
  const patterns = workspacePatterns(host);
  const out = rushProjects(host);
  for (const [name, dir] of denoMembers(host)) if (!out.has(name)) out.set(name, dir);
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
  const lerna = readJson(host, 'lerna.json')?.packages;
  if (Array.isArray(lerna)) out.push(...lerna.filter((p): p is string => typeof p === 'string'));
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

/** Rush's projects, name → folder, as rush.json lists them (JSON with comments and trailing commas). */
function rushProjects(host: SourceHost): Map<string, string> {
  const out = new Map<string, string>();
  const projects = readJson(host, 'rush.json')?.projects;
  if (!Array.isArray(projects)) return out;
  for (const project of projects as Array<Record<string, unknown> | null>) {
    const name = project?.packageName;
    const folder = project?.projectFolder;
    if (typeof name === 'string' && name !== '' && typeof folder === 'string' && !out.has(name)) out.set(name, trimPattern(folder));
  }
  return out;
}

/** A folder's Deno config (deno.json, else deno.jsonc), when it has one. */
export function denoConfig(host: SourceHost, dir: string): Record<string, unknown> | undefined {
  return readJson(host, joinPath(dir, 'deno.json')) ?? readJson(host, joinPath(dir, 'deno.jsonc'));
}

/** Deno's workspace members, name → folder: the root config's `workspace` (a list, or `{ members }`; globs allowed), each member's config `name`. */
function denoMembers(host: SourceHost): Map<string, string> {
  const out = new Map<string, string>();
  const workspace = denoConfig(host, '')?.workspace;
  const list = Array.isArray(workspace) ? workspace : (workspace as { members?: unknown } | undefined)?.members;
  if (!Array.isArray(list)) return out;
  const patterns = list.filter((p): p is string => typeof p === 'string').map(trimPattern);
  const include = picomatch(patterns);
  const configs = host.files.filter((f) => /(^|\/)deno\.jsonc?$/.test(f) && !isInNodeModules(f));
  for (const dir of [...new Set(configs.map(dirnameOf))].sort(compareStrings)) {
    if (dir === '' || !include(dir)) continue;
    const name = denoConfig(host, dir)?.name;
    if (typeof name === 'string' && name !== '' && !out.has(name)) out.set(name, dir);
  }
  return out;
}

/** JSON with `//` and `/* *\/` comments and trailing commas, as plain JSON (strings left whole). */
function withoutJsonComments(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
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

function parseJsonObject(raw: string | undefined): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  // A byte order mark (saved by a Windows editor): npm, Node and TypeScript read past it, JSON.parse does not.
  const text = raw.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON with comments (rush.json, deno.json, deno.jsonc): read as their tools read them.
    try {
      value = JSON.parse(withoutJsonComments(text)!);
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `@scope/name/sub/path` → [`@scope/name`, `sub/path`]; undefined for relative or absolute specifiers. */
export function splitPackageSpecifier(specifier: string): [name: string, subpath: string] | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  const count = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < count || parts.slice(0, count).some((p) => p === '')) return undefined;
  return [parts.slice(0, count).join('/'), parts.slice(count).join('/')];
}
