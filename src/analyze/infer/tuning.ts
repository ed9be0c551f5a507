/**
 * The knobs of ranking (docs/inference.md): tuned on the tuning repositories of the held-out
 * evaluation, never on the held-out ones. A library caller (the evaluation) may override them.
 */
export interface Tuning {
  /** Entries below this share of the item's best confidence are dropped: a strong item's weak guesses only spread it. */
  relative: number;
  /** At most this many files found directly (tests and co-changed files come on top): a footprint, not a region. */
  maxPrimary: number;
  /** A folder named by a word, scope or package stands whole only up to this many files; a bigger one stands for its busiest files. */
  namedFolderFiles: number;
  /** A co-changed file comes along when it changed with a found file in at least this share of that file's commits. */
  cochangeShare: number;
  /**
   * Co-changed files come along only when the found file changed in at least this many (recency-weighted)
   * commits. 3 was more precise but kept one more truly conflicting pair in one wave on the validation set:
   * 1.5, as the files near a guess (docs/inference.md, "Tried and left out").
   */
  cochangeMinCommits: number;
  /** Co-changed files come along only for a found file the item's words or the files' content observed (not one only past changes or a guess point at). */
  cochangeNeedsObserved: boolean;
  /** A past change of n files lends each √(this / n) of its weight (at most 1): a broad commit says little about each file. */
  learnedSpread: number;
  /** Weak evidence from this many different sources (names, content, past changes) agreeing is strong, not weak (3: never). */
  independentSources: number;
  /** A file the item's words name and another source agrees on makes the item strong, even when their noisy-or falls short of it. */
  agreedIsStrong: boolean;
  /** A big folder's busiest files with nothing but such guesses behind them rank below every observed file. */
  guessesRankLast: boolean;
  /** Such guesses are written only for an item with no observed file among its kept entries. */
  guessesOnlyAlone: boolean;
  /** A file only past commits lent, below this, is near, not written, when the item keeps a file other evidence found at this or more (0: never). */
  lentFloor: number;
  /** An item whose title is like a past release that consumed change notes conflicts with every other item (change-notes.ts). */
  releasesConsumeNotes: boolean;
  /** A test the title names comes along only when the history shows it changing with a found file. */
  namedTestsNeedHistory: boolean;
  /** A compound workspace package short name in prose (`zod-validator`), or any short name written as code, names the package. */
  packageShortNames: boolean;
  /** A bare file name many files share (`README.md`) names the one in the package the item's scope or package names, if only one lies there. */
  sharedNameInPackage: boolean;
  /** An item whose kept entries only past changes point at (close commits, a scope's history, a big folder's busiest files) is inferred only from this confidence (0.6: like any other). */
  pastOnlyStrong: number;
  /** Whoever may change a `package.json` (written or near the guess) may change the root lock file too: it is near. */
  manifestBringsLock: boolean;
  /** A compound scope that is a workspace package's short name (`js-sdk`) names that package alone, not also a file or folder named like it elsewhere. */
  scopeNamesPackageOnly: boolean;
  /** An item naming workspace packages that keeps a file inside one writes nothing outside them but written paths: the rest is near. */
  fenceToItemPackages: boolean;
  /** A test the title names needs a word of its name that is in the names of at most 1% of the files. */
  namedTestsNeedRareWord: boolean;
  /** A title updating a dependency (`update dependency magic-string to v1`) writes the manifests that list it (dependency-update.ts). */
  dependencyManifests: boolean;
  /** The root folder, when small, is near a file found in it like any other folder (its manifest, its config, its readme). */
  nearFolderAtRoot: boolean;
  /** A found code file with no test of its name brings the test file that changed with it most, in at least this share of its commits (0: never). */
  pairlessTestShare: number;
  /** A Dependabot title's directory (`… in /website`, none for the root) rules out the manifests and lock files of other directories. */
  dependabotDirectory: boolean;
  /** A `test:` change that keeps a test writes tests only: the code files its words found are near. */
  testChangeWritesTests: boolean;
  /** A link in a dependency update's body into the dependency's repository (`[Changelog](https://github.com/actions/checkout/blob/main/CHANGELOG.md)`) names no file of ours. */
  upstreamBody: boolean;
  /** A Dependabot bump that `.github/dependabot.yml`'s strategy keeps out of the manifests (`increase-if-necessary`, a range admitting it) writes the lock file alone. */
  dependabotStrategy: boolean;
  /** A `fix` whose words say nothing of types (`type`, `TypeScript`, `TS4023`, `generic`…) brings no type test of a found file's name (`FieldApi.test-d.ts`). */
  typeTestsNeedTypes: boolean;
  /** A workflow's action pinned by commit reads its comment's version (`@2d11466… # v2.4.3`), and an action update writes no lock file. */
  pinnedActionVersions: boolean;
  /** A bump to a version a manifest's range does not admit (`^2.0.0`, `to 3.2.6`) writes that manifest, whatever version it held. */
  bumpsOutOfRange: boolean;
  /** A title that exports a name (`export the KyInstance type`) writes the index nearest above its declaring file, which is near (export-entry.ts). */
  exportsThroughIndex: boolean;
}

export const TUNING: Tuning = {
  relative: 0.8,
  maxPrimary: 3,
  namedFolderFiles: 4,
  cochangeShare: 0.5,
  cochangeMinCommits: 1.5,
  cochangeNeedsObserved: true,
  learnedSpread: 3,
  independentSources: 2,
  agreedIsStrong: true,
  guessesRankLast: true,
  guessesOnlyAlone: true,
  lentFloor: 0.8,
  releasesConsumeNotes: true,
  namedTestsNeedHistory: true,
  packageShortNames: true,
  sharedNameInPackage: true,
  pastOnlyStrong: 0.65,
  manifestBringsLock: true,
  scopeNamesPackageOnly: true,
  fenceToItemPackages: true,
  namedTestsNeedRareWord: true,
  nearFolderAtRoot: false,
  dependencyManifests: true,
  pairlessTestShare: 0.3,
  dependabotDirectory: true,
  testChangeWritesTests: true,
  upstreamBody: true,
  dependabotStrategy: true,
  typeTestsNeedTypes: true,
  pinnedActionVersions: true,
  bumpsOutOfRange: true,
  exportsThroughIndex: true,
};

export function tuningOf(context: { tuning?: Partial<Tuning> }): Tuning {
  return context.tuning ? { ...TUNING, ...context.tuning } : TUNING;
}
