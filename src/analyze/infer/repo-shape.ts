import { compareStrings } from '../../order.js';

/** Lookups over the repo's file list that inference needs, built once per queue (pure). */
export interface RepoShape {
  files: ReadonlySet<string>;
  /** Every folder that holds a file, repo-relative, no trailing slash. */
  folders: ReadonlySet<string>;
  /** Normalised last folder segment (`rate-limit` → `ratelimit`) → folders, own code only. */
  foldersByName: ReadonlyMap<string, string[]>;
  /** Normalised file stem (`rate-limiter.ts` → `ratelimiter`) → files, own code only. */
  filesByStem: ReadonlyMap<string, string[]>;
  /** Normalised stem of the file under test → test files (`test/etag/digest.test.ts` under `digest`). */
  testsByStem: ReadonlyMap<string, string[]>;
  /** Basename → files (`etag.ts` → every `…/etag.ts`). */
  filesByBasename: ReadonlyMap<string, string[]>;
  /** Normalised folder name or file stem → how many own files have it in their path (a term's document frequency). */
  filesByTerm: ReadonlyMap<string, number>;
  /** Folder → how many files it holds directly. */
  filesByDir: ReadonlyMap<string, number>;
  /** Folder → the files it holds directly, sorted. */
  filesInDir: ReadonlyMap<string, string[]>;
  /** How many files are the repo's own code (not vendored, generated or fixtures). */
  ownFiles: number;
}

/** Trees that are not the repo's own code: a word never points into them (an explicit path still may). */
export const NOT_OWN_DIRS = ['node_modules', 'dist', 'build', 'coverage', 'vendor', 'fixtures', '__fixtures__', '.git', '.agent', 'examples', 'example'];
const NOT_OWN = new RegExp(`(?:^|/)(?:${NOT_OWN_DIRS.map((d) => d.replace(/\./g, '\\.')).join('|')})(?:/|$)`);
const TEST_FILE = /^(.*?)\.(?:test-d|test|spec|e2e)\.[cm]?[jt]sx?$/;

/** The repository's own code: not vendored, generated, built or a fixture (a word never points elsewhere). */
export function isOwnPath(path: string): boolean {
  return !NOT_OWN.test(path);
}

/** Lower-case with `-`, `_` and `.` removed, so `rate-limit`, `rate_limit` and `rateLimit` meet. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]/g, '');
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function buildRepoShape(repoFiles: readonly string[]): RepoShape {
  const files = new Set(repoFiles);
  const folders = new Set<string>();
  const foldersByName = new Map<string, string[]>();
  const filesByStem = new Map<string, string[]>();
  const testsByStem = new Map<string, string[]>();
  const filesByBasename = new Map<string, string[]>();
  const filesByTerm = new Map<string, number>();
  const filesByDir = new Map<string, number>();
  const filesInDir = new Map<string, string[]>();
  let ownFiles = 0;
  // Each folder and each file is pushed once (a Set, folders remembered): no list needs a look
  // for the value. That look made a name many files share quadratic: babel's 27,600 files (10,000
  // fixtures named input.js, output.js, options.json) took 0.3-0.6 s, with 60,000 more 6-10 s.
  const push = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (!list) map.set(key, [value]);
    else list.push(value);
  };
  for (const file of [...files].sort(compareStrings)) {
    const isOwn = !NOT_OWN.test(file);
    for (let dir = dirOf(file); dir !== '' && !folders.has(dir); dir = dirOf(dir)) {
      folders.add(dir);
      if (!NOT_OWN.test(dir)) push(foldersByName, normalizeName(dir.slice(dir.lastIndexOf('/') + 1)), dir);
    }
    const base = file.slice(file.lastIndexOf('/') + 1);
    push(filesByBasename, base, file);
    filesByDir.set(dirOf(file), (filesByDir.get(dirOf(file)) ?? 0) + 1);
    // Files come in path order and once each: appended, the lists stay sorted.
    const inDir = filesInDir.get(dirOf(file));
    if (inDir) inDir.push(file);
    else filesInDir.set(dirOf(file), [file]);
    if (!isOwn) continue;
    ownFiles++;
    const terms = new Set(file.split('/').map((segment, i, all) => normalizeName(i === all.length - 1 ? segment.replace(/\.[^.]*$/, '') : segment)));
    for (const term of terms) filesByTerm.set(term, (filesByTerm.get(term) ?? 0) + 1);
    const test = TEST_FILE.exec(base);
    if (test) push(testsByStem, normalizeName(test[1]), file);
    else push(filesByStem, normalizeName(base.replace(/\.[^.]*$/, '')), file);
  }
  for (const map of [foldersByName, filesByStem, testsByStem, filesByBasename]) for (const list of map.values()) list.sort(compareStrings);
  return { files, folders, foldersByName, filesByStem, testsByStem, filesByBasename, filesByTerm, filesByDir, filesInDir, ownFiles };
}
