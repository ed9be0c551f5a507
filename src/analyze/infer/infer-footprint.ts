import { compareStrings, uniqueSorted } from '../../order.js';
import { findHits, packageDirsOf, type Hit, type InferContext } from './find-hits.js';
import { dirOf, isOwnPath, normalizeName, type RepoShape } from './repo-shape.js';
import { changePrior, contentHits, rankByContent } from './content-hits.js';
import type { ContentQuery } from './content-terms.js';
import { similarPast, type SimilarChange } from './similar-past.js';
import { nameWordHits } from './name-words.js';
import { namedTests } from './named-tests.js';
import type { Candidate } from './text-evidence.js';
import { tuningOf, type Tuning } from './tuning.js';
import { guessMargin, MANIFEST_WORDS } from './near-guess.js';
import { RELEASE_NOTES, releaseLike } from './change-notes.js';
import { termAsWritten } from './item-terms.js';
import { dependencyHits } from './dependency-update.js';
import { dependabotDirectory, outsideDirectory } from './dependabot-directory.js';
import { bumpsLockOnly, isManifest } from './dependabot-strategy.js';
import { exportsAName, throughIndex } from './export-entry.js';

/**
 * An item is inferred only when its best entry reaches this confidence; below it the item
 * keeps an unknown footprint and runs alone. 0.6 means: one unambiguous piece of evidence (a
 * path that exists, a package name, a symbol declared once, a scope naming one folder), or
 * two independent weak ones that agree (a folder word plus a symbol declared in that folder).
 */
export const STRONG_CONFIDENCE = 0.6;
/** Entries of an inferred item below this confidence are dropped as noise. */
export const KEEP_CONFIDENCE = 0.25;
/** Weak evidence agreeing with weak evidence stays weak: a strong hit needs one piece at least this sure. */
const CORROBORATION_BASE = 0.5;
/** A weak entry (below STRONG_CONFIDENCE) covering more files than this is a region, not a footprint: dropped. */
export const MAX_WEAK_FILES = 12;
/** How many `files:` suggestions a weak item gets. */
const MAX_SUGGESTIONS = 5;
/** At most this many test files per file found. */
const MAX_COMPANIONS = 3;

export interface InferredEntry {
  /** A file, `folder/**`, `folder/*` or a glob, repo-relative. */
  path: string;
  /** The item's words that produced it, as written. */
  words: string[];
  /** 0..1, two decimals. */
  confidence: number;
  /** The kinds of evidence behind it (path, identifier, scope, word, learned, test, cochange…): for evaluation, not shown. */
  kinds?: string[];
  /**
   * The declarations of this file that the item's words name, when that is all the evidence for
   * it (`infer` shows and `--write` writes them as `file#symbol`; the plan still counts the whole file).
   */
  symbols?: string[];
}

export interface Inference {
  /** What the item will write (empty when weak), sorted by path. */
  entries: InferredEntry[];
  /** The best entry's confidence (0 when nothing matched). */
  confidence: number;
  /** Nothing found, only hits below STRONG_CONFIDENCE, or a guess only past changes point at below TUNING.pastOnlyStrong: the footprint stays unknown. */
  isWeak: boolean;
  /** For weak items: the best guesses, as the `files:` line to suggest, best first. */
  suggestions: InferredEntry[];
  /**
   * For inferred items: the files near the guess that the item may change too (the found files'
   * small folders, their looser co-change partners, the manifest its title implies: near-guess.ts).
   * The plan writes them with the guess (source `near`), so an item writing or reading one
   * conflicts with it (docs/inference.md, "Still safe when wrong").
   */
  near?: string[];
  /** Why each file of `near` is near, in a reader's words (`beside src/http/etag.ts, in a folder of 4 files`), for `explain`. */
  nearWhy?: Record<string, string>;
  /** For inferred items: globs it reads besides its imports (the regions of a doubtful guess). */
  reads?: string[];
  /**
   * For an inferred release in a repository of change notes: the notes folders it consumes and
   * the past release its title is like. It conflicts with every other item, whose change may add
   * a note (docs/inference.md, "Releases consume the change notes").
   */
  releases?: { folders: string[]; like: string };
}

export interface InferOptions {
  /**
   * `small`: a confidently found file stands for its folder (`dir/*`) when that folder
   * holds at most SMALL_FOLDER files, because a change rarely stays inside the one file its
   * description names, and a small folder costs little precision; `folder`: whatever its size;
   * `file` (default): only the file, its tests and its co-changed files (precise; the import graph's data conflicts keep it safe).
   */
  widen?: 'small' | 'folder' | 'file';
}

/** A past change this close (cosine of rare shared words) lends its files to the item. */
export const LEARNED_MIN_SIMILARITY = 0.3;
/** How many of the closest past changes are asked. */
const LEARNED_NEIGHBOURS = 5;
/**
 * When more past changes than LEARNED_NEIGHBOURS are about as close as the best one (at least
 * CROWD_CLOSE of its similarity: a subject a bot or a chore repeats, `[ci] format`, `Version
 * Packages`), the closest few are a draw among them: only the files at least CROWD_SHARE of that
 * crowd changed are lent (docs/inference.md).
 */
const CROWD_CLOSE = 0.9;
const CROWD_SHARE = 0.25;
/**
 * A learned file's confidence: this times √similarity. One close commit alone stays weak (0.8 ×
 * √0.5 = 0.57); two that agree, or one close item of a past run (its real write set, written in
 * this queue's own style: 0.95), make it strong.
 */
const LEARNED = { commit: 0.8, run: 0.95 };
/** A file that changed with a found file in at least this share of that file's commits comes along. */
export const COCHANGE_MIN_SHARE = 0.5;
/** A file's co-change shares count once it changed in this many (recency-weighted) commits: for the files near a guess (near-guess.ts). */
const NEAR_MIN_COMMITS = 1.5;
/** Kinds of evidence that observed a file in the past rather than in the item's words or the files' content. */
const PAST_KINDS = new Set(['learned', 'history', 'narrowed']);
/** At most this many co-changed companions per file found. */
const MAX_COCHANGE = 3;

/**
 * The write entries an item's words point at (pure). `terms` (itemTerms) compare it with past
 * changes. Ranked, not pooled: the best entries (within `relative` of the best) up to
 * `maxPrimary` files, files before the folders that hold them, then their tests and co-changed
 * files. Below STRONG_CONFIDENCE the item stays unknown rather than wide.
 */
export function inferFootprint(
  candidates: readonly Candidate[],
  context: InferContext,
  options: InferOptions = {},
  terms: readonly string[] = [],
  content: ContentQuery = { terms: [], isAboutDocs: false, isAboutTests: false },
  textTerms: readonly string[] = terms,
): Inference {
  const tuning = tuningOf(context);
  const release = isRelease(content.title ?? '', terms);
  const itemContext = {
    ...context,
    kind: content.kind,
    aboutManifest: MANIFEST_WORDS.test(content.title ?? ''),
    itemPackages: packageDirsOf(candidates, context),
  };
  // Dependabot names the directory it updates: the manifests and lock files of others are not written.
  const directory = tuning.dependabotDirectory ? dependabotDirectory(content.title ?? '') : undefined;
  // A bump the configured strategy keeps out of the manifests (the range admits it) writes the lock file alone.
  const lockOnly =
    tuning.dependabotStrategy && context.dependabot !== undefined && bumpsLockOnly(content.title ?? '', context.manifests ?? [], context.dependabot);
  // An item that exports a name writes the index that passes it on, not the file that declares it (export-entry.ts).
  const exporting = tuning.exportsThroughIndex && exportsAName(content.title ?? '');
  const declaring: Array<[string, string]> = [];
  const named = candidates.flatMap((c) => {
    const found = findHits(c, itemContext);
    if (!exporting || c.kind !== 'identifier' || !c.inTitle) return found;
    const through = throughIndex(found, itemContext);
    declaring.push(...through.leftOut);
    return through.hits;
  });
  const hits = fitKind(
    [
      ...named,
      ...learnedHits(terms, textTerms, context, tuning, release, content.title ?? ''),
      ...vocabularyHits(content, context),
      ...nameWordHits(content.title ?? '', context.nameWords, content.isAboutTests),
      ...(tuning.dependencyManifests ? dependencyHits(content.title ?? '', context, directory, lockOnly) : []),
    ],
    content.kind,
  );
  const scored = strongest(fitContent(corroborate(hits, tuning), content.isAboutDocs && content.kind !== 'ci' ? 'docs' : content.kind));
  const confidence = scored.reduce((max, h) => Math.max(max, h.confidence), 0);
  const weak = (): Inference => {
    const suggestions = merge(scored.filter((h) => h.confidence >= KEEP_CONFIDENCE - 0.05).map((h) => entryOf(h)))
      .sort((a, b) => b.confidence - a.confidence || compareStrings(a.path, b.path))
      .slice(0, MAX_SUGGESTIONS);
    return { entries: [], confidence, isWeak: true, suggestions };
  };
  if (confidence < STRONG_CONFIDENCE) return weak();
  const entries: InferredEntry[] = [];
  const fixKeepsTypes = tuning.typeTestsNeedTypes && content.kind === 'fix' && content.isAboutTypes !== true;
  const { primary, leftOut, written } = rankPrimary(scored, confidence, tuning);
  // A guess only the past points at (one close commit, a scope's history, a big folder's busiest
  // files), with nothing the item's words or the files' content observed, needs more than the
  // threshold: one close commit alone is a neighbour's footprint (docs/inference.md, "Confidence and safety").
  const isPastOnly = primary.every((hit) => (hit.kinds ?? [hit.kind]).every((k) => PAST_KINDS.has(k)));
  if (isPastOnly && confidence < tuning.pastOnlyStrong) return weak();
  for (const hit of primary) {
    entries.push(entryOf(hit));
    if (!hit.isFile) continue;
    const file = hit.entry;
    const dir = dirOf(file);
    // Only a confident hit stands for its folder: widening a guess would spread the guess.
    const widen = options.widen ?? 'file';
    const isWidened =
      widen !== 'file' && hit.confidence >= STRONG_CONFIDENCE && dir !== '' && (widen === 'folder' || filesIn(dir, context.shape) <= SMALL_FOLDER);
    if (isWidened) entries.push({ ...entryOf(hit), path: `${dir}/*` });
    // A file only the past pointed at (past commits, a scope's history, a busiest-file guess) is
    // itself a neighbour's footprint: its own partners would be a guess about a guess.
    const isObservedHit = (hit.kinds ?? [hit.kind]).some((k) => !PAST_KINDS.has(k));
    if (bringsTests(content) && !release) {
      // A type test (`FieldApi.test-d.ts`) checks signatures: a fix of behaviour that says nothing of types keeps them.
      const paired = companionTests(file, context.shape).filter((test) => !fixKeepsTypes || !TYPE_TEST.test(test));
      for (const test of paired) entries.push({ ...entryOf(hit, 'test'), path: test });
      // A source with no test of its name is tested under another name: the test it changed with most.
      if (paired.length === 0 && isObservedHit && hit.confidence >= STRONG_CONFIDENCE)
        for (const [test, share] of pairlessTest(file, context, tuning.pairlessTestShare))
          entries.push({ ...entryOf(hit, 'test'), path: test, confidence: round(hit.confidence * share) });
    }
    // What changes with a manifest is release bookkeeping (a changelog, a version file): a dependency update writes the manifest alone.
    if ((hit.kinds ?? [hit.kind]).includes('dependency')) continue;
    if (hit.confidence >= STRONG_CONFIDENCE && (isObservedHit || !tuning.cochangeNeedsObserved))
      for (const [other, share] of cochanged(file, context, tuning.cochangeShare, MAX_COCHANGE, tuning.cochangeMinCommits))
        entries.push({ ...entryOf(hit, 'cochange'), path: other, confidence: round(hit.confidence * share) });
  }
  entries.push(...namedTests(content.title ?? '', entries, context));
  // Dependabot names the directory it updates: the manifests and lock files of others are not written.
  const all = merge(entries).filter(
    (e) => (directory === undefined || !outsideDirectory(e.path, directory, context.shape.files)) && !(lockOnly && isManifest(e.path)),
  );
  if (all.length === 0) return weak();
  const { kept: inPackages, fenced: outside } = fenceToPackages(all, itemContext.itemPackages, written, tuning);
  const { kept: merged, fenced: tested } = testsOfTestChange(inPackages, content.kind, written, tuning);
  const fenced = [...outside, ...tested];
  // The margin is the whole guess's, fenced entries included: the plan writes what it wrote before (no wave moves).
  const margin = guessMargin(all, confidence, content.title ?? '', context, [...leftOut, ...declaring]);
  const fencedFiles = fenced.filter(([f]) => context.shape.files.has(f));
  const near = uniqueSorted([...margin.near, ...fencedFiles.map(([f]) => f)]);
  const nearWhy = { ...margin.nearWhy, ...Object.fromEntries(fencedFiles) };
  const reads = margin.reads;
  const like = context.changes && tuning.releasesConsumeNotes ? releaseLike(terms, context.changes.notes, content.title ?? '') : undefined;
  return {
    entries: merged,
    confidence,
    isWeak: false,
    suggestions: [],
    ...(near.length > 0 ? { near, nearWhy } : {}),
    ...(reads.length > 0 ? { reads } : {}),
    ...(like !== undefined ? { releases: { folders: context.changes!.notes.folders, like } } : {}),
  };
}

/**
 * The entries an inferred item keeps, best first: one hit per entry (its best, every kind of
 * evidence), within `relative` of the best, a folder only when no kept file lies in it (the file
 * stands for it), until `maxPrimary` files are covered (the best entry always).
 */
function rankPrimary(scored: readonly Hit[], best: number, tuning: Tuning): { primary: Hit[]; leftOut: Array<[string, string]>; written: ReadonlySet<string> } {
  const floor = Math.max(KEEP_CONFIDENCE, best * tuning.relative);
  const byEntry = new Map<string, Hit[]>();
  for (const hit of scored) byEntry.set(hit.entry, [...(byEntry.get(hit.entry) ?? []), hit]);
  const kept: Hit[] = [];
  const written = new Set<string>();
  for (const hits of byEntry.values()) {
    const top = hits.reduce((a, b) => (b.confidence > a.confidence ? b : a));
    const isRun = hits.some((h) => h.evidence.startsWith('learned:run:') && h.confidence >= KEEP_CONFIDENCE);
    if ((top.confidence < floor && !isRun) || (top.confidence < STRONG_CONFIDENCE && top.files.length > MAX_WEAK_FILES)) continue;
    // The file holding the item's words (content) is what a declaration in it implies: it keeps the symbol.
    const naming = hits.filter((h) => h.kind !== 'content');
    const symbols = naming.length > 0 && naming.every((h) => h.symbol !== undefined) ? uniqueSorted(naming.map((h) => h.symbol!)) : undefined;
    kept.push({
      ...top,
      words: uniqueSorted(hits.flatMap((h) => h.words)),
      kinds: uniqueSorted(hits.flatMap((h) => h.kinds ?? [h.kind])),
      ...(symbols ? { symbols } : {}),
    });
    // A path written in the text is the author's word, and what a close item of a past run
    // really changed, or the manifests listing the dependency an update names, a whole write set: none is a guess to cap.
    if (isRun || hits.some((h) => h.kind === 'path' || h.kind === 'dependency')) written.add(top.entry);
  }
  // A big folder's busiest files guess where in the folder the change lands: beside a file
  // observed and strong, the guess is not the write set but its margin (near: written with it, so
  // whoever changes them still conflicts); it stands when the item's strength is the guess's own.
  const isObserved = kept.some((h) => h.guessed === undefined && h.confidence >= STRONG_CONFIDENCE);
  // A file only past commits lent, below lentFloor (one close commit: 0.8 × √similarity at
  // most), is a neighbour's footprint, not this item's, once the item holds a file its own
  // words or content found at lentFloor or more: it is near too.
  const isLent = (h: Hit) =>
    h.kinds !== undefined && h.kinds.includes('learned') && h.kinds.every((k) => k === 'learned' || k === 'narrowed') && !written.has(h.entry);
  const isSure = kept.some((h) => !isLent(h) && h.guessed === undefined && h.confidence >= tuning.lentFloor);
  const chosen = kept.filter(
    (h) => !(tuning.guessesOnlyAlone && isObserved && h.guessed !== undefined) && !(isSure && isLent(h) && h.confidence < tuning.lentFloor),
  );
  const leftOut = kept
    .filter((h) => !chosen.includes(h))
    .flatMap((h) =>
      h.files.map((f): [string, string] => [f, isLent(h) ? 'changed by a close past commit' : 'among the busiest files of a big folder the item names']),
    );
  const keptFiles = new Set(chosen.filter((h) => h.isFile).map((h) => h.entry));
  const ranked = chosen
    .filter((h) => h.isFile || !h.files.some((f) => keptFiles.has(f)))
    .sort((a, b) => b.confidence - a.confidence || a.files.length - b.files.length || compareStrings(a.entry, b.entry));
  const out: Hit[] = [];
  let covered = 0;
  for (const hit of ranked) {
    const isWritten = written.has(hit.entry);
    if (!isWritten && out.length > 0 && covered + hit.files.length > tuning.maxPrimary) continue;
    out.push(hit);
    if (!isWritten) covered += hit.files.length;
  }
  return { primary: out, leftOut, written };
}

/**
 * An item whose words name workspace packages (`fix(react-query): …`) changes those packages: once
 * it keeps a file inside one, its entries outside them (a sibling package's copy of a name, a close
 * past commit about a sibling, a found file's partner elsewhere) are near, not written; a path
 * written in the text stays (docs/inference.md, "Scopes and names").
 */
function fenceToPackages(
  entries: InferredEntry[],
  packages: readonly string[],
  written: ReadonlySet<string>,
  tuning: Tuning,
): { kept: InferredEntry[]; fenced: Array<[string, string]> } {
  // The root package holds everything: it fences nothing.
  const dirs = packages.filter((d) => d !== '').map((d) => `${d}/`);
  if (!tuning.fenceToItemPackages || dirs.length === 0) return { kept: entries, fenced: [] };
  const isInside = (e: InferredEntry) => dirs.some((d) => e.path.startsWith(d));
  if (!entries.some(isInside)) return { kept: entries, fenced: [] };
  // Files only: a folder or a glob stays as it is.
  const isFenced = (e: InferredEntry) => !isInside(e) && isGuessedFile(e, written);
  const why = 'outside the packages the item names';
  return { kept: entries.filter((e) => !isFenced(e)), fenced: entries.filter(isFenced).map((e) => [e.path, why]) };
}

/** A file entry that is a guess: not a folder or glob, not a path the text writes, not a whole write set (`written`). */
function isGuessedFile(e: InferredEntry, written: ReadonlySet<string>): boolean {
  return !/[*?{[]/.test(e.path) && !written.has(e.path) && !(e.kinds ?? []).includes('path');
}

/**
 * A `test:` change writes tests (docs/inference.md, "Tests"): once it keeps a test, the code files
 * its words also found are what the tests exercise, near, not written (right 3 times in 28 on the
 * tuning set). Paths the text writes stay written.
 */
function testsOfTestChange(
  entries: InferredEntry[],
  kind: string | undefined,
  written: ReadonlySet<string>,
  tuning: Tuning,
): { kept: InferredEntry[]; fenced: Array<[string, string]> } {
  const isTest = (e: InferredEntry) => KIND_FILES.test.test(e.path);
  if (!tuning.testChangeWritesTests || kind !== 'test' || !entries.some(isTest)) return { kept: entries, fenced: [] };
  const isAside = (e: InferredEntry) => !isTest(e) && isGuessedFile(e, written);
  const why = 'what the tests of a test: change exercise';
  return { kept: entries.filter((e) => !isAside(e)), fenced: entries.filter(isAside).map((e) => [e.path, why]) };
}

/**
 * What a conventional-commit type says about where a change lands: a `docs:` change writes
 * documentation, a `test:` change tests, a `ci:` change workflows. A hit elsewhere counts
 * KIND_MISFIT of its confidence (it may still be right: a docs change to a comment in code).
 */
const KIND_FILES: Readonly<Record<string, RegExp>> = {
  docs: /\.(?:md|mdx|markdown|txt|rst|adoc)$|(?:^|\/)docs?\//i,
  test: /(?:^|\/)(?:__tests__|tests?|spec|e2e|playground)\/|\.(?:test|spec|e2e|test-d)\.[cm]?[jt]sx?$/,
  ci: /^\.(?:github|gitlab|circleci|buildkite)\/|(?:^|\/)\.?(?:azure-pipelines|\.travis|appveyor)\b/,
};
export const KIND_MISFIT = 0.6;

/**
 * A `docs:` or `ci:` change (or a title about documentation: docs, readme, guide, comments) is
 * itself an observation of where it lands, independent of what the files hold: a content hit on a file of that kind (the page, the workflow whose words the item
 * uses) counts the kind as one more piece of evidence, KIND_FIT by noisy-or. Content only: the
 * past changes already compare the kind as a term (`#kind:docs`), and the names say nothing of it.
 */
export const KIND_FIT = 0.2;
const FIT_KINDS = new Set(['docs', 'ci']);

function fitContent(hits: Hit[], kind: string | undefined): Hit[] {
  const fits = kind !== undefined && FIT_KINDS.has(kind) ? KIND_FILES[kind] : undefined;
  if (!fits) return hits;
  return hits.map((h) =>
    h.kind === 'content' && h.files.length > 0 && h.files.every((f) => fits.test(f)) ? { ...h, confidence: round(1 - (1 - h.confidence) * (1 - KIND_FIT)) } : h,
  );
}

function fitKind(hits: Hit[], kind: string | undefined): Hit[] {
  const fits = kind === undefined ? undefined : KIND_FILES[kind];
  if (!fits) return hits;
  // A path written in the text is the author's word whatever the kind (`ci: bump .nvmrc to 24`): never a misfit.
  return hits.map((h) => (h.files.some((f) => fits.test(f)) || h.kind === 'path' ? h : { ...h, confidence: round(h.confidence * KIND_MISFIT) }));
}

/** The files that hold most of the item's rare words (docs/inference.md, "The repository's vocabulary"). */
function vocabularyHits(content: ContentQuery, context: InferContext): Hit[] {
  if (!context.vocabulary || content.terms.length === 0) return [];
  const { shape } = context;
  return contentHits(
    rankByContent(content.terms, context.vocabulary, shape.ownFiles, (f) => shape.files.has(f) && isOwnPath(f), content, changePrior(context.changes?.changes)),
  );
}

/** A folder of at most this many files is small enough to stand for a file found in it. */
export const SMALL_FOLDER = 6;

/** Files directly in `dir` (not in its subfolders). */
function filesIn(dir: string, shape: RepoShape): number {
  return shape.filesByDir.get(dir) ?? 0;
}

/**
 * Learning from past work: the files that the closest past changes (commits, items of past
 * runs) really changed, each neighbour one piece of evidence (docs/inference.md). Close by title
 * (the item's title against a commit's subject) or by text (its title and body against a
 * commit's whole message): a body that explains the change meets the body that explained a past one.
 */
function learnedHits(
  terms: readonly string[],
  textTerms: readonly string[],
  context: InferContext,
  tuning: Tuning,
  isReleaseItem: boolean,
  title: string,
): Hit[] {
  if (!context.past || terms.length === 0) return [];
  const out: Hit[] = [];
  // A past change is as close as the closer of title ~ subject and text ~ message (once).
  const closest = new Map<string, SimilarChange>();
  const options = { limit: Number.MAX_SAFE_INTEGER, min: LEARNED_MIN_SIMILARITY };
  const lists = [similarPast(terms, context.past, options), context.pastText ? similarPast(textTerms, context.pastText, options) : []];
  const crowdFiles = new Map<string, Set<string> | undefined>();
  for (const list of lists) {
    for (const near of list.slice(0, LEARNED_NEIGHBOURS)) {
      const seen = closest.get(near.change.source);
      if (!seen || near.similarity > seen.similarity) closest.set(near.change.source, near);
      if (!crowdFiles.has(near.change.source)) crowdFiles.set(near.change.source, crowdAgreement(list));
    }
  }
  for (const near of closest.values()) {
    // A release's files (changelogs, manifests, the version module) say how to release, not where a change lands.
    if (!isReleaseItem && near.change.files.some((f) => RELEASE_NOTES.test(f))) continue;
    // Shown as the item wrote them: `#version` is the title's version (termAsWritten).
    const words = [...new Set(near.shared.slice(0, 3).map((t) => termAsWritten(t, title)))];
    const agreed = crowdFiles.get(near.change.source);
    for (const file of near.change.files) {
      if (!context.shape.files.has(file) || (agreed && !agreed.has(file))) continue;
      const base = near.change.source.startsWith('run:') ? LEARNED.run : LEARNED.commit;
      const spread = Math.min(1, Math.sqrt(tuning.learnedSpread / near.change.files.length));
      out.push({
        entry: file,
        files: [file],
        isFile: true,
        confidence: round(base * Math.sqrt(near.similarity) * spread),
        words,
        evidence: `learned:${near.change.source}`,
        kind: 'learned',
      });
    }
  }
  return out;
}

/**
 * A release: a title naming a version (`#version`: `release: v8.2.2`, `4.13.0`) or saying it
 * releases (`Version Packages`, `[ci] release`, `publish`). Only a release learns from past
 * releases, the commits that wrote a changelog.
 */
const RELEASE_TITLE = /\b(?:release|version packages|publish)\b/i;

function isRelease(title: string, terms: readonly string[]): boolean {
  return terms.includes('#version') || RELEASE_TITLE.test(title);
}

/** The files most of a crowd of equally close past changes agree on, or undefined when the closest few are no crowd (best first). */
function crowdAgreement(list: readonly SimilarChange[]): Set<string> | undefined {
  if (list.length <= LEARNED_NEIGHBOURS) return undefined;
  const crowd = list.filter((near) => near.similarity >= CROWD_CLOSE * list[0].similarity);
  if (crowd.length <= LEARNED_NEIGHBOURS) return undefined;
  const count = new Map<string, number>();
  for (const near of crowd) for (const file of near.change.files) count.set(file, (count.get(file) ?? 0) + 1);
  return new Set([...count].filter(([, n]) => n >= CROWD_SHARE * crowd.length).map(([file]) => file));
}

/**
 * Files that changed together with `file` in at least `minShare` of its (recency-weighted)
 * commits, with that share, when `file` changed in at least `minCommits` (recency-weighted) commits.
 */
export function cochanged(
  file: string,
  context: InferContext,
  minShare = COCHANGE_MIN_SHARE,
  max = MAX_COCHANGE,
  minCommits = NEAR_MIN_COMMITS,
): Array<[string, number]> {
  const row = context.changes?.cochange.get(file);
  const total = context.changes?.changes.get(file) ?? 0;
  if (!row || total < minCommits) return [];
  return [...row]
    .map(([other, n]) => [other, Math.min(1, n / total)] as [string, number])
    .filter(([other, share]) => share >= minShare && context.shape.files.has(other))
    .sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]))
    .slice(0, max);
}

/** A test file: `x.test.ts`, `x.spec.ts`, `x.e2e.ts`, or a code file under `test/`, `tests/`, `__tests__/`, `spec/`. */
const TEST_CODE = /(?:^|\/)(?:__tests__|tests?|spec)\/(?:[^/]+\/)*[^/]+\.[cm]?[jt]sx?$|\.(?:test-d|test|spec|e2e)\.[cm]?[jt]sx?$/;
const CODE = /\.[cm]?[jt]sx?$/;

/**
 * The test of a code file that has none of its name (docs/inference.md, "Tests"): the test file
 * that changed with it in the most of its recent commits, at least `minShare` of them (0: none),
 * once it changed in NEAR_MIN_COMMITS (`source/core/Ky.ts` is tested in `test/hooks.ts`, a `core/`
 * file of zod in `classic/tests/`).
 */
export function pairlessTest(file: string, context: InferContext, minShare: number): Array<[string, number]> {
  if (minShare <= 0 || !CODE.test(file) || TEST_CODE.test(file)) return [];
  return cochanged(file, context, minShare, Number.POSITIVE_INFINITY, NEAR_MIN_COMMITS)
    .filter(([other]) => TEST_CODE.test(other) && isOwnPath(other))
    .slice(0, 1);
}

/**
 * Noisy-or over independent evidence: a hit's confidence rises with every other piece of
 * evidence (a different word) whose hit covers some of the same files. Two hits of the same
 * word never count twice.
 */
function corroborate(hits: readonly Hit[], tuning: Tuning): Hit[] {
  const sets = hits.map((h) => new Set(h.files));
  // Per hit: whether every piece of evidence covering its files is a big folder's busiest files.
  const narrowedOnly = hits.map((hit, i) => hits.every((other, j) => other.kind === 'narrowed' || !overlaps(hit.files, sets[i], other.files, sets[j])));
  return hits.map((hit, i) => {
    const best = new Map<string, number>();
    const kinds = new Set<string>([kindGroup(hit.kind)]);
    // The sources that observed this file: a big folder's busiest files are a guess, not an observation.
    const sources = new Set<string>(hit.kind === 'narrowed' ? [] : [kindGroup(hit.kind)]);
    hits.forEach((other, j) => {
      if (other.evidence === hit.evidence || !overlaps(hit.files, sets[i], other.files, sets[j])) return;
      best.set(other.evidence, Math.max(best.get(other.evidence) ?? 0, other.confidence));
      kinds.add(kindGroup(other.kind));
      if (other.kind !== 'narrowed') sources.add(kindGroup(other.kind));
    });
    let miss = 1 - hit.confidence;
    for (const c of best.values()) miss *= 1 - c;
    // Weak words agreeing stay weak; past changes that agree (several changed this file) are not
    // words, and the three sources (what the words name, what the files hold, what past changes
    // did) agreeing are independent observations, not one guess repeated.
    const learned = [...best.keys()].filter((e) => e.startsWith('learned:')).length + (hit.evidence.startsWith('learned:') ? 1 : 0);
    const isAllWeak = Math.max(hit.confidence, ...best.values()) < CORROBORATION_BASE && learned < 2 && kinds.size < tuning.independentSources;
    // What the item's words name, agreeing with what the file holds or what past changes did, is
    // two observations (content and past changes alone agreeing are the same words found twice).
    const isAgreed = tuning.agreedIsStrong && sources.size >= tuning.independentSources && sources.has('names');
    // A big folder's busiest files are a guess about the folder a word named, not an observation:
    // with nothing but other such guesses behind them, they rank below every observed file.
    const isGuess = tuning.guessesRankLast && hit.kind === 'narrowed' && narrowedOnly[i];
    const confidence = Math.min(isAllWeak ? STRONG_CONFIDENCE - 0.01 : 0.99, round(1 - miss));
    if (isGuess) return { ...hit, confidence: Math.min(STRONG_CONFIDENCE - 0.01, confidence), guessed: confidence };
    return isAgreed ? { ...hit, confidence, isAgreed } : { ...hit, confidence };
  });
}

/**
 * Kinds of change that leave a found file's tests alone (as does a release, isRelease):
 * documentation, chores, build and CI, and the changes that keep behaviour (`perf`, `refactor`, `style`): a test checks what
 * the code does. Unless the title is about tests (`chore: deflake tests`).
 */
const UNTESTED_KINDS = new Set(['docs', 'chore', 'perf', 'refactor', 'style', 'build', 'ci', 'release', 'deps']);

function bringsTests(content: ContentQuery): boolean {
  return content.kind === undefined || !UNTESTED_KINDS.has(content.kind) || content.isAboutTests;
}

/**
 * Which hits make the item strong (docs/inference.md, "Confidence and safety"): those at
 * STRONG_CONFIDENCE; when none is, a file two sources agree on (one of them the item's words),
 * taken at STRONG_CONFIDENCE, since their noisy-or may fall short of it (a content match at 0.4
 * and a file-name word at 0.3); when there is none either, a big folder's busiest files at the
 * confidence they had before they ranked below the observed files.
 */
function strongest(hits: Hit[]): Hit[] {
  if (hits.some((h) => h.confidence >= STRONG_CONFIDENCE)) return hits;
  if (hits.some((h) => h.isAgreed)) return hits.map((h) => (h.isAgreed ? { ...h, confidence: STRONG_CONFIDENCE } : h));
  return hits.map((h) => (h.guessed !== undefined ? { ...h, confidence: h.guessed } : h));
}

/** A type test (Vitest's and tsd's `*.test-d.ts`), run by the type checker. */
const TYPE_TEST = /\.test-d\.[cm]?tsx?$/;

/**
 * The tests of a file: test files with its stem whose path, once `src/`, `test/`, `tests/` and
 * `__tests__/` are dropped, is the file's own (`src/http/etag.ts` ↔ `test/http/etag.test.ts`).
 */
function companionTests(file: string, shape: RepoShape): string[] {
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  const tests = shape.testsByStem.get(normalizeName(base)) ?? [];
  const key = mirrorKey(dirOf(file));
  return tests.filter((test) => mirrorKey(dirOf(test)) === key).slice(0, MAX_COMPANIONS);
}

function mirrorKey(dir: string): string {
  return dir
    .split('/')
    .filter((s) => !['src', 'lib', 'test', 'tests', '__tests__', 'spec'].includes(s))
    .join('/');
}

/** Which source a kind of evidence comes from: the item's names, the files' content, or past changes. */
function kindGroup(kind: string): string {
  return kind === 'content' ? 'content' : kind === 'learned' || kind === 'history' ? 'past' : 'names';
}

function overlaps(a: readonly string[], aSet: ReadonlySet<string>, b: readonly string[], bSet: ReadonlySet<string>): boolean {
  return a.length <= b.length ? a.some((f) => bSet.has(f)) : b.some((f) => aSet.has(f));
}

function entryOf(hit: Hit, kind?: string): InferredEntry {
  const entry: InferredEntry = { path: hit.entry, words: hit.words, confidence: hit.confidence, kinds: kind ? [kind] : (hit.kinds ?? [hit.kind]) };
  return kind === undefined && hit.symbols ? { ...entry, symbols: hit.symbols } : entry;
}

/** One entry per path: the highest confidence, every word. */
function merge(entries: readonly InferredEntry[]): InferredEntry[] {
  const byPath = new Map<string, InferredEntry>();
  for (const e of entries) {
    const seen = byPath.get(e.path);
    byPath.set(
      e.path,
      seen
        ? {
            path: e.path,
            words: uniqueSorted([...seen.words, ...e.words]),
            confidence: Math.max(seen.confidence, e.confidence),
            kinds: uniqueSorted([...(seen.kinds ?? []), ...(e.kinds ?? [])]),
            ...(seen.symbols && e.symbols ? { symbols: uniqueSorted([...seen.symbols, ...e.symbols]) } : {}),
          }
        : { ...e, words: uniqueSorted(e.words) },
    );
  }
  return [...byPath.values()].sort((a, b) => compareStrings(a.path, b.path));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
