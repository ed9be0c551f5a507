import picomatch from 'picomatch';
import { compareStrings } from '../../order.js';
import { dirOf, normalizeName, type RepoShape } from './repo-shape.js';
import type { SymbolIndex } from './symbol-index.js';
import type { Candidate } from './text-evidence.js';

/** A workspace package: its `name` in package.json and its folder. */
export interface WorkspacePackage {
  name: string;
  dir: string;
}

/** Per conventional-commit scope: how many past commits used it and how often each file changed in them. */
export type ScopeHistory = ReadonlyMap<string, { commits: number; files: ReadonlyMap<string, number> }>;

export interface InferContext {
  shape: RepoShape;
  symbols: SymbolIndex;
  /** Config `analysis.components`: name → globs. */
  components: Readonly<Record<string, readonly string[]>>;
  packages: readonly WorkspacePackage[];
  history?: ScopeHistory;
}

/** One place a candidate points at. */
export interface Hit {
  /** What the item would write: a file, `folder/**`, or a glob. */
  entry: string;
  /** The repo files the entry covers (a file that does not exist yet covers itself). */
  files: string[];
  /** A single-file hit: widened to its folder and its tests when kept. */
  isFile: boolean;
  confidence: number;
  words: string[];
  /** Identity of the evidence: hits with the same one never corroborate each other. */
  evidence: string;
}

/**
 * Base confidences, before corroboration. Ambiguity lowers them: a name declared in two
 * places, a scope that matches two folders. Plain words stay below the strong threshold on
 * their own: a word that is also a folder name is a false friend until something else agrees.
 */
export const CONFIDENCE = {
  path: 0.95, pathFolder: 0.9, pathSuffix: [0.8, 0.55, 0.35], pathNew: 0.75,
  package: 0.9, exported: [0.85, 0.5, 0.3], local: [0.7, 0.4], stem: [0.6, 0.4],
  scopeComponent: 0.8, scopePackage: 0.85, scopeFolder: [0.8, 0.55, 0.35], scopeFile: [0.7, 0.45],
  wordComponent: 0.45, wordPackage: 0.4, wordPackageName: 0.75, wordFolder: [0.35, 0.25], wordFile: [0.4, 0.25],
  history: 0.5,
} as const;

const GLOB = /[*?{}[\]]/;
const CODE_EXT = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** By count of matches: the confidence for 1, 2, 3… places; undefined when too many to mean anything. */
function ranked(levels: readonly number[], count: number, max = levels.length): number | undefined {
  return count === 0 || count > max ? undefined : levels[Math.min(count, levels.length) - 1];
}

export function findHits(candidate: Candidate, context: InferContext): Hit[] {
  const hits: Hit[] = [];
  const evidence = normalizeName(candidate.value);
  const add = (entry: string, files: string[], isFile: boolean, confidence: number | undefined, from = evidence) => {
    if (confidence !== undefined && files.length > 0) hits.push({ entry, files, isFile, confidence, words: candidate.words, evidence: from });
  };
  const { shape } = context;
  const folder = (dir: string, confidence: number | undefined) => add(`${dir}/**`, filesUnder(shape, dir), false, confidence);
  const each = (paths: string[], levels: readonly number[], max: number | undefined, onePath: (path: string, c: number | undefined) => void) => {
    const c = ranked(levels, paths.length, max);
    for (const path of paths) onePath(path, c);
  };
  const file = (path: string, c: number | undefined) => add(path, [path], true, c);
  switch (candidate.kind) {
    case 'path': {
      const value = candidate.value.replace(/\/+$/, '');
      if (GLOB.test(value)) {
        const isMatch = picomatch(value, { dot: true });
        add(value, [...shape.files].filter((f) => isMatch(f)).sort(compareStrings), false, CONFIDENCE.path);
      } else if (shape.files.has(value)) file(value, CONFIDENCE.path);
      else if (shape.folders.has(value)) folder(value, CONFIDENCE.pathFolder);
      else {
        const withExt = [...CODE_EXT.map((e) => value + e), ...CODE_EXT.map((e) => `${value}/index${e}`)].filter((f) => shape.files.has(f));
        if (withExt.length > 0) each(withExt, [CONFIDENCE.pathFolder], 9, file);
        else pathBySuffix(value, shape, file, folder);
        if (hits.length === 0 && /\.\w+$/.test(value) && shape.folders.has(dirOf(value))) add(value, [value], true, CONFIDENCE.pathNew);
      }
      break;
    }
    case 'package':
      for (const pkg of context.packages) if (pkg.name === candidate.value) folder(pkg.dir, CONFIDENCE.package);
      break;
    case 'identifier': {
      const exported = context.symbols.exported.get(candidate.value) ?? [];
      const local = context.symbols.local.get(candidate.value) ?? [];
      if (exported.length > 0) each([...exported], CONFIDENCE.exported, 5, file);
      else if (local.length > 0) each([...local], CONFIDENCE.local, 2, file);
      else each(shape.filesByStem.get(evidence) ?? [], CONFIDENCE.stem, 2, file);
      break;
    }
    case 'scope':
      named(candidate.value, context, CONFIDENCE.scopeComponent, CONFIDENCE.scopePackage, (dirs) => each(dirs, CONFIDENCE.scopeFolder, 6, folder), add, folder);
      each(shape.filesByStem.get(evidence) ?? [], CONFIDENCE.scopeFile, 2, file);
      historyHits(candidate, context, add);
      break;
    case 'word':
      // A word that is a hyphenated package name as written (`create-vite`) is not a false friend.
      if (candidate.value.includes('-')) for (const pkg of context.packages) if (pkg.name === candidate.value) folder(pkg.dir, CONFIDENCE.wordPackageName);
      named(candidate.value, context, CONFIDENCE.wordComponent, CONFIDENCE.wordPackage, (dirs) => each(dirs, CONFIDENCE.wordFolder, 2, folder), add, folder);
      each(shape.filesByStem.get(evidence) ?? [], CONFIDENCE.wordFile, 2, file);
      break;
  }
  return hits;
}

/** A path written relative to a package or partially (`client/retry.ts`, `retry`): match it as a suffix. */
function pathBySuffix(value: string, shape: RepoShape, file: (p: string, c: number | undefined) => void, folder: (d: string, c: number | undefined) => void): void {
  const suffixes = [value, ...CODE_EXT.map((e) => value + e)].map((s) => `/${s}`);
  const base = value.slice(value.lastIndexOf('/') + 1);
  const files = [...new Set([base, ...CODE_EXT.map((e) => base + e)].flatMap((b) => shape.filesByBasename.get(b) ?? []))]
    .filter((f) => suffixes.some((s) => `/${f}`.endsWith(s)))
    .sort(compareStrings);
  const folders = value.includes('/') ? [...shape.folders].filter((d) => `/${d}`.endsWith(`/${value}`)).sort(compareStrings) : [];
  const c = ranked(CONFIDENCE.pathSuffix, files.length + folders.length, 5);
  for (const f of files) file(f, c);
  for (const d of folders) folder(d, c);
}

/** A scope or a word that names a component, a workspace package, or a folder. */
function named(
  value: string,
  context: InferContext,
  componentConfidence: number,
  packageConfidence: number,
  onFolders: (dirs: string[]) => void,
  add: (entry: string, files: string[], isFile: boolean, c: number | undefined) => void,
  folder: (dir: string, c: number | undefined) => void,
): void {
  const globs = context.components[value];
  if (globs) {
    const isMatch = picomatch([...globs], { dot: true });
    for (const glob of globs) add(glob, [...context.shape.files].filter((f) => isMatch(f)).sort(compareStrings), false, componentConfidence);
  }
  const key = normalizeName(value);
  const packages = context.packages.filter((p) => normalizeName(p.name.replace(/^@[^/]+\//, '')) === key);
  for (const pkg of packages) folder(pkg.dir, packageConfidence);
  const taken = new Set(packages.map((p) => p.dir));
  onFolders((context.shape.foldersByName.get(key) ?? []).filter((d) => !taken.has(d)));
}

/** Files that past commits with the same scope changed, weighted by how often: a tie-breaker, never strong alone. */
function historyHits(candidate: Candidate, context: InferContext, add: (entry: string, files: string[], isFile: boolean, c: number, from: string) => void): void {
  const record = context.history?.get(candidate.value);
  if (!record || record.commits < 2) return;
  for (const [file, count] of [...record.files].sort((a, b) => compareStrings(a[0], b[0]))) {
    const share = count / record.commits;
    if (share >= 0.34 && context.shape.files.has(file)) add(file, [file], true, CONFIDENCE.history * share, `history:${candidate.value}`);
  }
}

export function filesUnder(shape: RepoShape, dir: string): string[] {
  const prefix = `${dir}/`;
  return [...shape.files].filter((f) => f.startsWith(prefix)).sort(compareStrings);
}
