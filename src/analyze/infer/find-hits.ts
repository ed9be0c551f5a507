import picomatch from 'picomatch';
import { compareStrings } from '../../order.js';
import { dirOf, normalizeName, type RepoShape } from './repo-shape.js';
import type { ChangeHistory } from './change-history.js';
import type { PastIndex } from './similar-past.js';
import type { SymbolIndex } from './symbol-index.js';
import type { Vocabulary } from './read-vocabulary.js';
import type { NameWords } from './name-words.js';
import { ALIAS, DOTFILE, type Candidate } from './text-evidence.js';
import { tuningOf, type Tuning } from './tuning.js';

/** A workspace package: its `name` in package.json and its folder. */
export interface WorkspacePackage {
  name: string;
  dir: string;
}

/** A package.json and the dependencies it lists (every dependency field), name → version range. */
export interface Manifest {
  file: string;
  dependencies: Readonly<Record<string, string>>;
}

/** Per conventional-commit scope: how many past commits used it and how often each file changed in them. */
export type ScopeHistory = ReadonlyMap<string, { commits: number; files: ReadonlyMap<string, number> }>;

export interface InferContext {
  shape: RepoShape;
  symbols: SymbolIndex;
  /** Config `analysis.components`: name → globs. */
  components: Readonly<Record<string, readonly string[]>>;
  packages: readonly WorkspacePackage[];
  /** Every package.json with the dependencies it lists (read-inference.ts readManifests): where a dependency update lands. */
  manifests?: readonly Manifest[];
  /** Dependabot's npm versioning strategy by directory (dependabot-strategy.ts), from `.github/dependabot.yml`. */
  dependabot?: Readonly<Record<string, string>>;
  history?: ScopeHistory;
  /** What `git log` says: change counts, co-change, past commits (docs/inference.md). */
  changes?: ChangeHistory;
  /** Past changes (commits, items of past runs) to compare an item's words with. */
  past?: PastIndex;
  /** The same past changes by their whole text (a commit's subject and body), compared with the item's title and body. */
  pastText?: PastIndex;
  /** Overrides of the ranking knobs (infer-footprint.ts TUNING), for the evaluation. */
  tuning?: Partial<Tuning>;
  /** The item's conventional-commit type (`fix`, `docs`…), when its title has one: set per item. */
  kind?: string;
  /** The item's title is about a package's manifest (`bump`, `deps`…: near-guess.ts): set per item. */
  aboutManifest?: boolean;
  /** Where the queue's words occur in the repository's files (read-vocabulary.ts). */
  vocabulary?: Vocabulary;
  /** The words of the repository's compound file names (name-words.ts). */
  nameWords?: NameWords;
  /** The files most of the repository's recent commits change (near-guess.ts hubsOf): every inferred guess reads them. */
  hubs?: readonly string[];
  /** The folders of the workspace packages the item's scope or words name (packageDirsOf): set per item. */
  itemPackages?: readonly string[];
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
  /** What kind of evidence: the candidate's kind, or `history`, `narrowed`, `learned`. */
  kind: HitKind;
  /** Every kind behind the entry once hits of one entry are merged. */
  kinds?: string[];
  /** The declaration the words named in this file (identifier hits resolved by the symbol index). */
  symbol?: string;
  /** Once merged: the declarations named, when every piece of evidence for the file is one. */
  symbols?: string[];
  /** Named by the item's words and corroborated by another source (content, past changes): enough to make the item strong. */
  isAgreed?: boolean;
  /** A big folder's busiest file with nothing but such guesses behind it: its confidence before it ranked below the observed files. */
  guessed?: number;
}

export type HitKind = Candidate['kind'] | 'history' | 'narrowed' | 'learned' | 'test' | 'cochange' | 'content' | 'dependency';

/**
 * Base confidences, before corroboration. Ambiguity lowers them: a name declared in two
 * places, a scope that matches two folders. Plain words stay below the strong threshold on
 * their own: a word that is also a folder name is a false friend until something else agrees.
 */
export const CONFIDENCE = {
  path: 0.95,
  pathFolder: 0.9,
  pathSuffix: [0.8, 0.55, 0.35],
  pathNew: 0.75,
  package: 0.9,
  exported: [0.85, 0.5, 0.3],
  local: [0.7, 0.4],
  stem: [0.6, 0.4],
  scopeComponent: 0.8,
  scopePackage: 0.85,
  scopeFolder: [0.8],
  scopeFile: [0.7],
  wordComponent: 0.45,
  wordPackage: 0.4,
  wordPackageName: 0.75,
  packageShortName: 0.55,
  sharedInPackage: 0.8,
  wordFolder: [0.35, 0.25],
  wordFile: [0.4, 0.25],
  history: 0.5,
  dependency: 0.85,
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
  // A plain word in the title says more than one in the body (the title is what the item is about).
  const boost = candidate.kind === 'word' && candidate.inTitle ? TITLE_WORD : 1;
  const add = (
    entry: string,
    files: string[],
    isFile: boolean,
    confidence: number | undefined,
    from = evidence,
    kind: HitKind = candidate.kind,
    scale = boost,
  ) => {
    if (confidence !== undefined && files.length > 0)
      hits.push({ entry, files, isFile, confidence: round(confidence * scale), words: candidate.words, evidence: from, kind });
  };
  const { shape } = context;
  // A folder holding more than a small share of the repository is a region, not a footprint:
  // it stands for the few files in it that change most (docs/inference.md), or for nothing.
  // A folder merely named (not written as a path) stands whole only when it is small.
  // A module specifier behind an alias (`$app/paths`) names its folder as a word does, not as a written path.
  const isWritten = candidate.kind === 'path' && !candidate.words.every((w) => ALIAS.test(w));
  const limit = isWritten ? maxFolderFiles(shape) : Math.min(maxFolderFiles(shape), tuningOf(context).namedFolderFiles);
  // A package named by its short name is ranked as a package hit is (`kind` 'package', no title boost).
  const folder = (dir: string, confidence: number | undefined, kind?: 'package') => {
    const scale = kind ? 1 : boost;
    const files = filesUnder(shape, dir);
    if (files.length <= limit) return add(`${dir}/**`, files, false, confidence, evidence, kind ?? candidate.kind, scale);
    if (confidence === undefined) return;
    for (const hot of hotFiles(files, context.changes, context.aboutManifest))
      add(hot, [hot], true, round(confidence * NARROWED), `${evidence}@${dir}`, 'narrowed', scale);
  };
  const each = (paths: string[], levels: readonly number[], max: number | undefined, onePath: (path: string, c: number | undefined) => void) => {
    const c = ranked(levels, paths.length, max);
    for (const path of paths) onePath(path, c);
  };
  // A name found in several files: the ones that changed lately are the likelier (docs/inference.md).
  const file = (path: string, c: number | undefined) => add(path, [path], true, c === undefined ? c : round(c * activity(path, context.changes)));
  const tuning = tuningOf(context);
  // A short name that cannot be an ordinary word (`zod-validator`), or any short name written as
  // code (`session`), names its package: weak alone, strong when another source agrees (docs/inference.md).
  const shortNamed = () => {
    if (!tuning.packageShortNames || (!candidate.value.includes('-') && !isWholeSpan(candidate))) return false;
    const packages = context.packages.filter((p) => shortName(p.name) === candidate.value);
    for (const pkg of packages) folder(pkg.dir, CONFIDENCE.packageShortName, 'package');
    return packages.length > 0;
  };
  // A name many files share, of which exactly one lies in a package the item names (`README.md` for `docs(session)`).
  const inItemPackage = (names: readonly string[]) => {
    if (!tuning.sharedNameInPackage || !context.itemPackages?.length) return false;
    const dirs = context.itemPackages.map((d) => `${d}/`);
    const inside = [...new Set(names)].filter((f) => dirs.some((d) => f.startsWith(d)));
    if (inside.length !== 1) return false;
    add(inside[0], [inside[0]], true, CONFIDENCE.sharedInPackage, `${evidence}@${dirOf(inside[0])}`, candidate.kind, 1);
    return true;
  };
  switch (candidate.kind) {
    case 'path': {
      const value = candidate.value.replace(/\/+$/, '');
      if (GLOB.test(value)) {
        const isMatch = picomatch(value, { dot: true });
        const matched = [...shape.files].filter((f) => isMatch(f)).sort(compareStrings);
        // A glob is held to the folder rule: `*/*` in prose is a media type, not half the repository.
        if (matched.length <= maxFolderFiles(shape)) add(value, matched, false, CONFIDENCE.path);
      } else if (!value.includes('/') && (shape.filesByBasename.get(value)?.length ?? 0) > 1) {
        // A bare file name that many files share (`tsconfig.json`, `package.json` in a monorepo)
        // names none of them: the root one counts like any other (docs/inference.md); but the
        // one in the package the item names, if only one lies there, is that package's.
        if (!inItemPackage(shape.filesByBasename.get(value)!)) pathBySuffix(value, shape, file, folder);
      } else if (shape.files.has(value))
        // A whole path written out is the author's word, however long the file went untouched.
        add(value, [value], true, CONFIDENCE.path);
      // A folder is written with a slash: a bare dot name (`.well-known`) names a file or nothing.
      else if (shape.folders.has(value) && (value.includes('/') || candidate.value.endsWith('/'))) folder(value, CONFIDENCE.pathFolder);
      else if (shape.folders.has(value)) break;
      else {
        const withExt = [...CODE_EXT.map((e) => value + e), ...CODE_EXT.map((e) => `${value}/index${e}`)].filter((f) => shape.files.has(f));
        if (withExt.length > 0) each(withExt, [CONFIDENCE.pathFolder], 9, file);
        else pathBySuffix(value, shape, file, folder);
        // A new file where the text puts it; not a bare dotfile name (".mts files" is an extension).
        if (hits.length === 0 && /\.\w+$/.test(value) && !DOTFILE.test(value) && shape.folders.has(dirOf(value))) add(value, [value], true, CONFIDENCE.pathNew);
      }
      break;
    }
    case 'package':
      for (const pkg of context.packages) if (pkg.name === candidate.value) folder(pkg.dir, CONFIDENCE.package);
      break;
    case 'identifier': {
      const exported = context.symbols.exported.get(candidate.value) ?? [];
      const local = context.symbols.local.get(candidate.value) ?? [];
      shortNamed();
      const before = hits.length;
      if (exported.length > 0) each([...exported], CONFIDENCE.exported, 5, file);
      // A module-private declaration named by a plain word (`server`, `env`) is a local variable
      // as often as not (a test's `server`): as weak as a file named by that word.
      else if (local.length > 0) each([...local], /^[a-z]+$/.test(candidate.value) ? CONFIDENCE.wordFile : CONFIDENCE.local, 2, file);
      else each(byName(shape.filesByStem, evidence), CONFIDENCE.stem, 2, file);
      // The name resolved to a declaration in that file: the entry can name it (`file#symbol`).
      if (exported.length > 0 || local.length > 0) for (let i = before; i < hits.length; i++) hits[i].symbol = candidate.value;
      break;
    }
    case 'scope': {
      // A scope names a folder or a file only when it names exactly one; when it names several,
      // the one that changed far more than the others lately (docs/inference.md), else none.
      // `deps` (Renovate's and Dependabot's scope) says a dependency update, which lands in
      // manifests and the lock file, not in a `deps/` folder: only what past `deps` changes changed counts.
      if (DEPENDENCY_SCOPES.has(candidate.value)) {
        historyHits(candidate, context, add);
        break;
      }
      let dirs: string[] = [];
      named(candidate.value, context, CONFIDENCE.scopeComponent, CONFIDENCE.scopePackage, (found) => (dirs = found), add, folder);
      // A compound scope that is a workspace package's short name (`js-sdk`, `adapter-node`) names
      // that package: a file or folder elsewhere named after it (a docs tool's `js-sdk.ts`) is about
      // the package, not where its fixes land. A single word (`browser`) may be a folder of another package too.
      const isPackage =
        tuning.scopeNamesPackageOnly &&
        candidate.value.includes('-') &&
        context.packages.some((p) => normalizeName(shortName(p.name)) === normalizeName(candidate.value));
      if (isPackage) dirs = [];
      const stems = isPackage ? [] : byName(shape.filesByStem, evidence);
      const all = [...dirs.map((d) => ({ path: d, isDir: true })), ...stems.map((f) => ({ path: f, isDir: false }))];
      // A code change does not land in documentation (`fix(config)`: `src/node/config.ts`, not
      // `docs/config/`): of the targets a scope names, those of the wrong kind are left out first,
      // unless what is left is a folder too big to stand whole (its busiest files are a guess the kind cannot vouch for).
      const fitting = all.length > 1 && context.kind !== undefined ? all.filter((o) => fitsKind(o.path, context.kind!)) : all;
      const isBig = (o: { path: string; isDir: boolean }) => o.isDir && filesUnder(shape, o.path).length > maxFolderFiles(shape);
      const options = fitting.length > 0 && !fitting.some(isBig) ? fitting : all;
      const pick = options.length === 1 ? options[0] : dominant(options, (o) => (o.isDir ? filesUnder(shape, o.path) : [o.path]), context.changes);
      const c = options.length === 1 ? 1 : DISAMBIGUATED;
      if (pick?.isDir) folder(pick.path, round(CONFIDENCE.scopeFolder[0] * c));
      else if (pick) file(pick.path, round(CONFIDENCE.scopeFile[0] * c));
      historyHits(candidate, context, add);
      break;
    }
    case 'word': {
      // A word that is a hyphenated package name as written (`create-vite`) is not a false friend,
      // however many paths hold it.
      if (shortNamed()) break;
      // A word most paths share (`node`, `types`) says nothing about where a change lands.
      if ((shape.filesByTerm.get(evidence) ?? 0) > Math.max(4, MAX_WORD_SHARE * shape.ownFiles)) break;
      if (candidate.value.includes('-')) for (const pkg of context.packages) if (pkg.name === candidate.value) folder(pkg.dir, CONFIDENCE.wordPackageName);
      named(candidate.value, context, CONFIDENCE.wordComponent, CONFIDENCE.wordPackage, (dirs) => each(dirs, CONFIDENCE.wordFolder, 2, folder), add, folder);
      each(byName(shape.filesByStem, evidence), CONFIDENCE.wordFile, 2, file);
      break;
    }
  }
  return hits;
}

/** A name written as a code span of its own (`` `session` ``), not a part of a longer one (`virtual:astro:server-app`). */
function isWholeSpan(candidate: Candidate): boolean {
  return candidate.quoted && candidate.words.includes(candidate.value);
}

/** A workspace package's name without its npm scope (`@hono/zod-validator` → `zod-validator`). */
function shortName(name: string): string {
  return name.replace(/^@[^/]+\//, '');
}

/**
 * The folders of the workspace packages an item's words name (pure): by a scope equal to a short
 * name, a full name written, or (TUNING.packageShortNames) a compound short name or one written as code.
 */
export function packageDirsOf(candidates: readonly Candidate[], context: InferContext): string[] {
  const tuning = tuningOf(context);
  const dirs = new Set<string>();
  for (const c of candidates)
    for (const pkg of context.packages) {
      const short = shortName(pkg.name);
      if (
        (c.kind === 'package' && c.value === pkg.name) ||
        (c.kind === 'scope' && normalizeName(short) === normalizeName(c.value)) ||
        (tuning.packageShortNames && (c.kind === 'word' || c.kind === 'identifier') && short === c.value && (short.includes('-') || isWholeSpan(c)))
      )
        dirs.add(pkg.dir);
    }
  return [...dirs].sort(compareStrings);
}

/** A path written relative to a package or partially (`client/retry.ts`, `retry`): match it as a suffix. */
function pathBySuffix(
  value: string,
  shape: RepoShape,
  file: (p: string, c: number | undefined) => void,
  folder: (d: string, c: number | undefined) => void,
): void {
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
  // `constructor`, `toString`: words, not components (the config is a plain object).
  const globs = Object.hasOwn(context.components, value) ? context.components[value] : undefined;
  if (globs) {
    const isMatch = picomatch([...globs], { dot: true });
    for (const glob of globs) add(glob, [...context.shape.files].filter((f) => isMatch(f)).sort(compareStrings), false, componentConfidence);
  }
  const key = normalizeName(value);
  const packages = context.packages.filter((p) => normalizeName(p.name.replace(/^@[^/]+\//, '')) === key);
  for (const pkg of packages) folder(pkg.dir, packageConfidence);
  const taken = new Set(packages.map((p) => p.dir));
  onFolders(byName(context.shape.foldersByName, key).filter((d) => !taken.has(d)));
}

/** Files that past commits with the same scope changed, weighted by how often: a tie-breaker, never strong alone. */
function historyHits(
  candidate: Candidate,
  context: InferContext,
  add: (entry: string, files: string[], isFile: boolean, c: number, from: string, kind: HitKind) => void,
): void {
  const record = context.history?.get(candidate.value);
  if (!record || record.commits < 2) return;
  for (const [file, count] of [...record.files].sort((a, b) => compareStrings(a[0], b[0]))) {
    const share = count / record.commits;
    if (share >= 0.34 && context.shape.files.has(file)) add(file, [file], true, CONFIDENCE.history * share, `history:${candidate.value}`, 'history');
  }
}

/** A title word's confidence multiplier. */
const TITLE_WORD = 1.25;

/** Lookup by a normalised name, singular or plural alike (`migration` finds `migrations.ts`). */
function byName(map: ReadonlyMap<string, string[]>, key: string): string[] {
  return map.get(key) ?? map.get(`${key}s`) ?? (key.length > 3 && key.endsWith('s') ? map.get(key.slice(0, -1)) : undefined) ?? [];
}

/** Conventional-commit scopes of dependency updates (Renovate, Dependabot): no folder's name. */
const DEPENDENCY_SCOPES = new Set(['deps', 'deps-dev', 'dev-deps', 'dependencies']);

/** A scope target picked from several by history counts a little less than a unique one. */
const DISAMBIGUATED = 0.9;
const CODE_KINDS = new Set(['fix', 'feat', 'feature', 'perf', 'refactor']);
const DOCS_PATH = /\.(?:md|mdx|markdown|txt|rst|adoc)$|(?:^|\/)docs?(?:\/|$)/i;

/**
 * Whether a path can be where a change of this kind lands: a code change (`fix`, `feat`, `perf`,
 * `refactor`) does not land in documentation. A `docs:` change may (comments in code), so it rules nothing out.
 */
function fitsKind(path: string, kind: string): boolean {
  return !CODE_KINDS.has(kind) || !DOCS_PATH.test(path);
}

/** The option whose files changed at least twice as much lately as any other's; none without history. */
function dominant<T>(options: readonly T[], filesOf: (o: T) => readonly string[], changes: ChangeHistory | undefined): T | undefined {
  if (!changes || options.length < 2) return undefined;
  const scored = options.map((o) => ({ o, n: filesOf(o).reduce((sum, f) => sum + (changes.changes.get(f) ?? 0), 0) })).sort((a, b) => b.n - a.n);
  return scored[0].n > 0 && scored[0].n >= 2 * scored[1].n ? scored[0].o : undefined;
}

/** Narrowed hits count less than the folder they stand for. */
const NARROWED = 0.75;
/** A word whose name is in more than this share of the repository's paths is not evidence. */
export const MAX_WORD_SHARE = 0.03;

/** The largest folder a word, scope or path may stand for whole: 1% of the repository, between 6 and 24 files. */
export function maxFolderFiles(shape: RepoShape): number {
  return Math.min(24, Math.max(6, Math.round(shape.ownFiles * 0.01)));
}

/**
 * A release's bookkeeping changes with every release, so it is the busiest file of every package
 * and says nothing of where a change lands: a changelog, and the manifest whose version it bumps
 * (unless the item is about the manifest: `bump`, `deps`).
 */
const CHANGELOG = /(?:^|\/)(?:CHANGELOG|CHANGES|HISTORY|RELEASES?)(?:\.[\w-]+)?$/i;
const MANIFEST = /(?:^|\/)package\.json$/;

/** The files of a big folder that changed most lately (at least a quarter as often as the first; at most 3), release bookkeeping left out; for a bump, its manifests. */
export function hotFiles(files: readonly string[], changes: ChangeHistory | undefined, aboutManifest = false): string[] {
  if (!changes) return [];
  // A bump lands in the package's manifest, not in its busiest code.
  const manifests = aboutManifest ? files.filter((f) => MANIFEST.test(f)) : [];
  const ranked = (manifests.length > 0 ? manifests : files)
    .filter((f) => !CHANGELOG.test(f) && (aboutManifest || !MANIFEST.test(f)))
    .map((f) => [f, changes.changes.get(f) ?? 0] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
  const top = ranked[0]?.[1] ?? 0;
  return ranked
    .filter(([, n]) => n >= top / 4)
    .slice(0, 3)
    .map(([f]) => f);
}

/** 1 for a file that changed in recent history, down to 0.75 for one that did not (no history: 1). */
export function activity(file: string, changes: ChangeHistory | undefined): number {
  if (!changes || changes.changes.size === 0) return 1;
  return 0.75 + 0.25 * Math.min(1, changes.changes.get(file) ?? 0);
}

/** Share of the repository's own files whose path has `term` (normalised) as a folder name or a file stem. */
export function termShare(shape: RepoShape, term: string): number {
  return shape.ownFiles === 0 ? 0 : (shape.filesByTerm.get(term) ?? 0) / shape.ownFiles;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function filesUnder(shape: RepoShape, dir: string): string[] {
  const prefix = `${dir}/`;
  return [...shape.files].filter((f) => f.startsWith(prefix)).sort(compareStrings);
}
