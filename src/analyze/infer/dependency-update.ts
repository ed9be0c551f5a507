import { compareStrings } from '../../order.js';
import { CONFIDENCE, type Hit, type InferContext, type Manifest } from './find-hits.js';
import { LOCK_FILES } from './near-guess.js';
import { outsideDirectory } from './dependabot-directory.js';
import { outgrows } from './dependabot-strategy.js';
import { tuningOf } from './tuning.js';

/**
 * A dependency update names the dependency after its verb (`update dependency magic-string to v1`,
 * `bump nanoid from 3.3.16 to 6.0.1`, `Update js-yaml to 4.3.0`, `upgrade to vite-imagetools 12`,
 * `` update `yargs` to v18 ``): the name, npm-shaped, after a verb and any of its filler words.
 */
const UPDATE =
  /\b(?:bump(?:s|ed)?|update[sd]?|upgrade[sd]?)\s+(?:(?:the|to|dependency|dev[- ]dependency|package)\s+)*([`'"]?)(@?[a-z0-9][\w.-]*(?:\/[\w.-]+)?)\1/i;
/** What makes the name after the verb a dependency, not a thing of the project (`update vite config`): a version after it… */
const VERSION_AFTER = /^\s+(?:(?:to|from)\s+)?[v^~]?\d/i;
/** …or the end of the title (a pull request's number aside), or a title or scope saying dependencies. */
const TITLE_END = /^\s*(?:\(#\d+\))?\s*$/;
const DEPENDENCY_WORDS = /\b(?:deps?|dependenc(?:y|ies))\b/i;
/** Dependabot says the version it moves from (`bump hbs from 4.2.0 to 4.2.1`). */
const FROM_VERSION = /^\s+from\s+v?(\d[\w.+-]*)/i;
/** The version an update moves to (`to v6`, `to 4.3.0`, `digest to 3d3c42e`). */
const TO_VERSION = /\bto\s+([v^~]?\d[\w.+-]*|[0-9a-f]{7,40})\b/i;
/** The dependency a title updates (`magic-string` of `update dependency magic-string to v1`), or undefined (pure). */
export function updatedDependency(title: string): string | undefined {
  const match = UPDATE.exec(title);
  if (!match) return undefined;
  const rest = title.slice(match.index + match[0].length);
  const isDependency = match[1] !== '' || VERSION_AFTER.test(rest) || TITLE_END.test(rest) || DEPENDENCY_WORDS.test(title);
  return isDependency ? match[2].replace(/\.+$/, '') : undefined;
}

/**
 * Whether a title updates a dependency to or from a version, or says dependencies (pure): a bot's
 * update (Dependabot, Renovate), whose body is the dependency's release notes. Not a title that
 * only ends with a name (`Update composing-stores.md`, `Bumped v6.0.0`).
 */
export function updatesDependencyVersion(title: string): boolean {
  const match = UPDATE.exec(title);
  if (!match || updatedDependency(title) === undefined) return false;
  return match[1] !== '' || VERSION_AFTER.test(title.slice(match.index + match[0].length)) || DEPENDENCY_WORDS.test(title);
}

/** More manifests than this listing one dependency is a sweep: no footprint of its own. */
export const MAX_DEPENDENCY_FILES = 12;

/**
 * The manifests a dependency update writes (pure; docs/inference.md, "Dependency updates"): every
 * package.json listing the dependency its title updates, or, for a pnpm catalog range
 * (`catalog:`), `pnpm-workspace.yaml`, which holds the catalog; for a bump from a version, those
 * whose range holds that version or that the bump moves out of, or the lock file when none does
 * (not for an action: a workflow pins it, no lock file holds it). Nothing for a workspace package
 * of the repository's own (`workspace:`), for a name no manifest lists, or for a sweep of more than
 * MAX_DEPENDENCY_FILES manifests. With a package manifest, the lock file nearest it.
 */
export function dependencyHits(title: string, context: InferContext, directory?: string, lockOnly = false): Hit[] {
  if (!context.manifests || context.manifests.length === 0) return [];
  const updated = updatedDependency(title);
  if (updated === undefined || context.packages.some((p) => p.name === updated)) return [];
  const match = UPDATE.exec(title)!;
  let rest = title.slice(match.index + match[0].length);
  // An action in a folder of its repository (`bump github/codeql-action/init from 4.36.2`): the
  // workflows using that one (read-inference.ts lists it under both names).
  const tuning = tuningOf(context);
  const pinned = tuning.pinnedActionVersions;
  const folder = pinned && isAction(updated) ? ACTION_FOLDER.exec(rest)?.[0] : undefined;
  const name = folder !== undefined && context.manifests.some((m) => m.dependencies[updated + folder] !== undefined) ? updated + folder : updated;
  if (folder !== undefined) rest = rest.slice(folder.length);
  // A Dependabot title's directory (dependabot-directory.ts): its manifests only.
  const inDirectory = (file: string) => directory === undefined || !outsideDirectory(file, directory, context.shape.files);
  const listing = context.manifests.filter((m) => m.dependencies[name] !== undefined && inDirectory(m.file));
  if (listing.some((m) => m.dependencies[name].startsWith('workspace:'))) return [];
  // A bump from a version names the manifests whose range holds it (one package's folder of a
  // monorepo: Dependabot updates one directory at a time); when none does, the dependency moved
  // only in the lock file (a transitive one, or a range that already allowed the new version).
  const from = FROM_VERSION.exec(rest)?.[1];
  const targets = new Set<string>();
  if (from !== undefined) {
    const holds = new RegExp(`(?:^|[^\\d.])${from.replace(/[.+]/g, '\\$&')}(?:$|[^\\d.])`);
    // A strategy that keeps a range admitting the new version (dependabot-strategy.ts): the lock file alone.
    // A range the bump moves out of (`^2.0.0`, 2.1.9 → 3.2.6) changes, whatever version it names.
    const to = tuning.bumpsOutOfRange ? TO_VERSION.exec(rest)?.[1].replace(/^v/, '') : undefined;
    const named = lockOnly ? [] : listing.filter((m) => holds.test(m.dependencies[name]) || (to !== undefined && outgrows(m.dependencies[name], from, to)));
    // Only a title saying dependencies (Dependabot's `chore(deps):`): `bump version from 4.1.0` is a release.
    // The lock file is the directory's (Dependabot's `in /website`), or the nearest above it.
    // An action is no package: nothing of it lies in a lock file.
    if (named.length === 0 && (lockOnly || DEPENDENCY_WORDS.test(title)) && !(pinned && isAction(name)))
      for (const lock of nearestLocks(directory ? `${directory}/package.json` : 'package.json', context)) targets.add(lock);
    for (const m of named) targets.add(writtenIn(m, name, context));
  } else for (const m of listing) if (!isAt(m.dependencies[name], TO_VERSION.exec(rest)?.[1])) targets.add(writtenIn(m, name, context));
  targets.delete('');
  if (targets.size > MAX_DEPENDENCY_FILES) return [];
  // The package manager writes the new version into the lock file too (every npm dependency update
  // found on the tuning and old held-out sets changed it): the one nearest the manifest.
  for (const file of [...targets])
    if (file === PNPM_WORKSPACE || file === 'package.json' || file.endsWith('/package.json')) for (const lock of nearestLocks(file, context)) targets.add(lock);
  return [...targets].sort(compareStrings).map((file) => ({
    entry: file,
    files: [file],
    isFile: true,
    confidence: CONFIDENCE.dependency,
    words: [name],
    evidence: `dependency:${name}`,
    kind: 'dependency' as const,
  }));
}

const PNPM_WORKSPACE = 'pnpm-workspace.yaml';
/** A GitHub action (`actions/checkout`): an npm name holds a slash only after its scope (`@types/node`). */
const isAction = (name: string) => name.includes('/') && !name.startsWith('@');
/** The folder of an action's repository after its name (`/init` of `github/codeql-action/init`). */
const ACTION_FOLDER = /^(?:\/[\w.-]+)+/;

/** The lock files of the folder nearest a manifest that has any (its own, else its parents', up to the root's). */
function nearestLocks(manifest: string, context: InferContext): string[] {
  for (let dir = manifest.slice(0, Math.max(0, manifest.lastIndexOf('/'))); ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/')))) {
    const locks = LOCK_FILES.map((lock) => (dir === '' ? lock : `${dir}/${lock}`)).filter((f) => context.shape.files.has(f));
    if (locks.length > 0 || dir === '') return locks;
  }
}

/** A manifest already at the version an update moves to (`actions/checkout@v6` for `to v6`) does not change. */
function isAt(ranges: string, to: string | undefined): boolean {
  if (to === undefined) return false;
  const want = to.replace(/^[\^~]/, '');
  // A commit pin with its version (`2d11466…#v2.4.3`, read-inference.ts) is at either.
  return ranges.split(' ').every((r) =>
    r.split('#').some((part) => {
      const ref = part.replace(/^[\^~]/, '');
      return ref === want || (/^[0-9a-f]{7,40}$/.test(want) && ref.startsWith(want));
    }),
  );
}

/** Where a manifest's range for a dependency is written: the manifest, or for a pnpm catalog range (`catalog:`) the workspace file ('' when it has none). */
function writtenIn(manifest: Manifest, name: string, context: InferContext): string {
  if (!manifest.dependencies[name].startsWith('catalog:')) return manifest.file;
  return context.shape.files.has(PNPM_WORKSPACE) ? PNPM_WORKSPACE : '';
}
