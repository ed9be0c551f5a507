import { compareStrings } from '../../order.js';
import type { InferContext } from './find-hits.js';
import { dirOf, isOwnPath, type RepoShape } from './repo-shape.js';
import { cochanged, type InferredEntry } from './infer-footprint.js';
import { tuningOf } from './tuning.js';

/**
 * How an inferred guess stays safe when it is wrong (docs/inference.md, "Still safe when wrong"):
 * what else the item may write (`near`, written with the guess: it conflicts with whoever writes
 * or reads it) and what it reads besides its imports (`reads`).
 */
export interface GuessMargin {
  /** Files the item may change too: the rest of a small folder, frequent co-change partners, the manifest its words imply, a big folder's busiest files beside an observed file, a file one close past commit lent beside a sure one. */
  near: string[];
  /** Why each near file is near, in a reader's words (the first reason found). */
  nearWhy: Record<string, string>;
  /** Globs it reads: the regions of a doubtful guess. */
  reads: string[];
}

/** A folder of at most this many files is near every file found in it. */
export const NEAR_FOLDER = 12;
/** A file that changed with a found file in at least this share of that file's commits is near it. */
export const NEAR_COCHANGE = 0.1;
/** At most this many co-change partners per file found. */
const MAX_NEAR_COCHANGE = 5;

/**
 * Below this confidence an inferred write set is a guess resting on weak evidence (one content
 * match and a word, a single close commit): it also reads its whole region, so it shares no
 * wave with another item writing there.
 */
export const SURE_CONFIDENCE = 0.75;

/** The margin of an inferred item's guess (pure): see GuessMargin; `leftOut`, the files ranking kept out of the write set (with why), are near too. */
export function guessMargin(
  entries: readonly InferredEntry[],
  confidence: number,
  title: string,
  context: InferContext,
  leftOut: ReadonlyArray<readonly [string, string]> = [],
): GuessMargin {
  const written = new Set(entries.map((e) => e.path));
  const found = [...nearby(entries, context), ...manifestsOf(entries, title, context), ...leftOut];
  if (tuningOf(context).manifestBringsLock) found.push(...locksOf([...written, ...found.map(([file]) => file)], context));
  const near = uniqueSortedFiles(
    found.map(([file]) => file),
    written,
    context.shape,
  );
  const why = new Map<string, string>();
  for (const [file, reason] of found) if (!why.has(file)) why.set(file, reason);
  const nearWhy = Object.fromEntries(near.map((file) => [file, why.get(file)!]));
  const hubs = (context.hubs ?? []).filter((f) => !written.has(f) && !near.includes(f));
  const reads = [...(confidence < SURE_CONFIDENCE ? regionsOf(entries, context) : []), ...hubs];
  return { near, nearWhy, reads };
}

/**
 * Where a guess may be wrong by a little (pure): the other files of each found file's folder
 * (when small) and the files that changed with it in at least NEAR_COCHANGE of its commits. They
 * are written with the guess, not only read: an item that imports one conflicts with it as with
 * any writer. (The hits ranking left out were tried too: on the tuning repositories they cost the
 * most waves and kept no more pairs apart.)
 */
function nearby(entries: readonly InferredEntry[], context: InferContext): Array<[string, string]> {
  const { shape } = context;
  const { nearFolderAtRoot } = tuningOf(context);
  const out: Array<[string, string]> = [];
  for (const { path } of entries) {
    if (!shape.files.has(path)) continue;
    const dir = dirOf(path);
    const size = shape.filesByDir.get(dir) ?? 0;
    if (size <= NEAR_FOLDER && (dir !== '' || nearFolderAtRoot))
      for (const f of shape.filesInDir.get(dir) ?? []) if (isOwnPath(f)) out.push([f, `beside ${path}, in a folder of ${size} files`]);
    for (const [other, share] of cochanged(path, context, NEAR_COCHANGE, MAX_NEAR_COCHANGE))
      out.push([other, `changed with ${path} in ${Math.round(share * 100)}% of its recent commits`]);
  }
  return out;
}

/** Words of a title that change a package's manifest: its dependencies, what it publishes, its engines. */
export const MANIFEST_WORDS = /\b(?:deps?|dependenc(?:y|ies)|(?:dev|peer|optional)Dependencies|bump(?:s|ed)?|upgrade[sd]?|publish(?:es|ed|ing)?|engines?)\b/i;
/** Words that change the lock file as well. */
const LOCK_WORDS = /\b(?:deps?|dependenc(?:y|ies)|(?:dev|peer|optional)Dependencies|bump(?:s|ed)?|upgrade[sd]?)\b/i;
export const LOCK_FILES = ['pnpm-lock.yaml', 'package-lock.json', 'yarn.lock', 'bun.lock', 'bun.lockb', 'npm-shrinkwrap.json'];

/**
 * The manifest a title implies (pure): `bump`, `deps`, `devDependencies`, `publish`, `engines`
 * change the `package.json` of the package the guess lies in (the root one for a file outside
 * every package), and the dependency words the root lock file too.
 */
function manifestsOf(entries: readonly InferredEntry[], title: string, context: InferContext): Array<[string, string]> {
  const word = MANIFEST_WORDS.exec(title)?.[0];
  if (word === undefined) return [];
  const out = new Map<string, string>();
  for (const { path } of entries) {
    const pkg = packageOf(path, context);
    out.set(pkg === undefined ? 'package.json' : `${pkg}/package.json`, `the manifest its title's "${word}" implies`);
  }
  const lock = LOCK_WORDS.exec(title)?.[0];
  if (lock !== undefined) for (const file of LOCK_FILES) out.set(file, `the lock file its title's "${lock}" implies`);
  return [...out];
}

/**
 * The lock file a manifest brings (pure; TUNING.manifestBringsLock): whoever may change a
 * `package.json` (written or near the guess) may change the root lock file with it, as a
 * dependency added, a workspace package added or a version moved does. Where the lock file is a
 * hub, every other guess reads it, so such an item shares no wave with another inferred item.
 */
function locksOf(files: readonly string[], context: InferContext): Array<[string, string]> {
  const manifest = files.find((f) => f === 'package.json' || f.endsWith('/package.json'));
  if (manifest === undefined) return [];
  return LOCK_FILES.filter((f) => context.shape.files.has(f)).map((f) => [f, `the lock file changes with ${manifest}`]);
}

/** Hubs are counted over this many of the newest commits. */
const HUB_COMMITS = 200;
/** A file changed by at least this share of them is a hub. */
export const HUB_SHARE = 0.25;

/**
 * The repository's hubs (pure): the files that at least HUB_SHARE of its newest HUB_COMMITS
 * commits changed (a lock file, a root manifest, the core module of a small library). Any
 * item may change one without saying so; an inferred guess reads them, so it never shares a wave
 * with an item that writes one.
 */
export function hubsOf(commits: ReadonlyArray<{ files: readonly string[] }>, isFile: (path: string) => boolean): string[] {
  const recent = commits.filter((c) => c.files.length > 0).slice(0, HUB_COMMITS);
  if (recent.length < 20) return [];
  const counts = new Map<string, number>();
  for (const commit of recent) for (const file of new Set(commit.files)) counts.set(file, (counts.get(file) ?? 0) + 1);
  return [...counts]
    .filter(([file, n]) => n >= HUB_SHARE * recent.length && isFile(file))
    .map(([file]) => file)
    .sort(compareStrings);
}

/** The deepest workspace package (not the root one) holding `path`. */
function packageOf(path: string, context: InferContext): string | undefined {
  return context.packages
    .filter((p) => p.dir !== '' && path.startsWith(`${p.dir}/`))
    .reduce<string | undefined>((best, p) => (best === undefined || p.dir.length > best.length ? p.dir : best), undefined);
}

/**
 * The regions a guess lies in, as globs (pure): for each file found, the workspace package that
 * holds it (the deepest, not the root one), else its top-level folder; a file at the root has none.
 */
function regionsOf(entries: readonly InferredEntry[], context: InferContext): string[] {
  const out = new Set<string>();
  for (const { path } of entries) {
    const top = path.includes('/') ? path.slice(0, path.indexOf('/')) : undefined;
    const region = packageOf(path, context) ?? top;
    if (region !== undefined && !/[*?{[]/.test(region)) out.add(`${region}/**`);
  }
  return [...out].sort(compareStrings);
}

function uniqueSortedFiles(files: readonly string[], written: ReadonlySet<string>, shape: RepoShape): string[] {
  return [...new Set(files)].filter((f) => !written.has(f) && shape.files.has(f)).sort(compareStrings);
}
