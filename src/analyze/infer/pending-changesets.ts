import { compareStrings } from '../../order.js';
import type { Hit, WorkspacePackage } from './find-hits.js';
import type { RepoShape } from './repo-shape.js';

/** A changeset waiting for the next release (`.changeset/quiet-owls-watch.md`) and the packages it bumps. */
export interface PendingChangeset {
  file: string;
  packages: string[];
  /** The release deletes it (in pre mode it stays, listed in `.changeset/pre.json`). */
  isDeleted: boolean;
}

/**
 * The changesets the next release consumes (pure): all of them, except in pre mode
 * (`.changeset/pre.json` with `"mode": "pre"`), where those a pre-release already listed are
 * spent and stay as files, and the new ones are listed, not deleted.
 */
export function pendingChangesets(changesets: ReadonlyArray<{ file: string; packages: string[] }>, preJson: string | undefined): PendingChangeset[] {
  let pre: { mode?: unknown; changesets?: unknown } | undefined;
  try {
    pre = preJson === undefined ? undefined : (JSON.parse(preJson) as typeof pre);
  } catch {
    pre = undefined;
  }
  const isPre = pre?.mode === 'pre';
  const spent = new Set(isPre && Array.isArray(pre?.changesets) ? pre.changesets.filter((c): c is string => typeof c === 'string') : []);
  return changesets.filter((c) => !spent.has(c.file.replace(/^\.changeset\//, '').replace(/\.md$/i, ''))).map((c) => ({ ...c, isDeleted: !isPre }));
}

/** The changesets folder's own files, which are not changesets. */
const CHANGESET = /^\.changeset\/(?!README\.md$)[^/]+\.md$/i;
/** How sure a release is of what the pending changesets name: they are the release's own input, not a guess from words. */
const RELEASE_CONFIDENCE = 0.9;

/** The repository's pending changeset files (pure). */
export function changesetFiles(repoFiles: readonly string[]): string[] {
  return repoFiles.filter((f) => CHANGESET.test(f));
}

/**
 * The packages a changeset bumps (pure): the keys of its frontmatter (`"@acme/sdk": minor`,
 * `'pkg': patch`, `pkg: major`). Anything else (no frontmatter, another tool's file) names none.
 */
export function changesetPackages(text: string): string[] {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) return [];
  const out: string[] = [];
  for (const line of match[1]!.split(/\r?\n/)) {
    const entry = /^\s*(?:"([^"]+)"|'([^']+)'|([^\s:'"#][^\s:]*))\s*:\s*(?:major|minor|patch|none)\s*$/.exec(line);
    const name = entry?.[1] ?? entry?.[2] ?? entry?.[3];
    if (name) out.push(name);
  }
  return [...new Set(out)].sort(compareStrings);
}

/**
 * What a release writes in a repository that versions with changesets (docs/inference.md): the
 * release consumes the pending changesets (deletes them, or lists them in `.changeset/pre.json`
 * in pre mode) and bumps each package they name: its `package.json` and its `CHANGELOG.md`. Those
 * files are the release's own input, so it is sure of them, where a past release only says which
 * packages changed then (pure).
 */
export function releaseHits(changesets: readonly PendingChangeset[], packages: readonly WorkspacePackage[], shape: RepoShape): Hit[] {
  if (changesets.length === 0) return [];
  const dirOf = new Map(packages.map((p) => [p.name, p.dir]));
  const files = new Set<string>();
  for (const changeset of changesets) {
    if (changeset.isDeleted) files.add(changeset.file);
    for (const name of changeset.packages) {
      const dir = dirOf.get(name);
      if (dir === undefined) continue;
      const prefix = dir === '' || dir === '.' ? '' : `${dir}/`;
      files.add(`${prefix}package.json`);
      // A package's first release writes its changelog.
      files.add(`${prefix}CHANGELOG.md`);
    }
  }
  if (shape.files.has('.changeset/pre.json')) files.add('.changeset/pre.json');
  return [...files].sort(compareStrings).map((file) => ({
    entry: file,
    files: [file],
    isFile: true,
    confidence: RELEASE_CONFIDENCE,
    words: ['changeset'],
    evidence: 'changeset',
    kind: 'changeset' as const,
  }));
}
