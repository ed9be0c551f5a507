import { parse } from 'yaml';
import type { Manifest } from './find-hits.js';
import { dependabotDirectory } from './dependabot-directory.js';

/**
 * Dependabot's npm `versioning-strategy` by directory ('' for the root), as `.github/dependabot.yml`
 * configures it (pure; nothing for a file that does not parse). docs/inference.md, "Dependency updates".
 */
export function dependabotStrategies(text: string): Record<string, string> {
  let config: unknown;
  try {
    config = parse(text);
  } catch {
    return {};
  }
  const updates = (config as { updates?: unknown } | null)?.updates;
  if (!Array.isArray(updates)) return {};
  const out: Record<string, string> = {};
  for (const update of updates as Array<Record<string, unknown>>) {
    if (update?.['package-ecosystem'] !== 'npm' || typeof update['versioning-strategy'] !== 'string') continue;
    if (typeof update.directory === 'string') out[update.directory.replace(/^\/+|\/+$/g, '')] = update['versioning-strategy'];
  }
  return out;
}

/** Strategies that leave a range alone when it already admits the new version; `lockfile-only` always does. */
const KEEPS_ADMITTING_RANGE = new Set(['increase-if-necessary', 'widen']);
const BUMP = /\bbump\s+(@?[\w.-]+(?:\/[\w.-]+)?)\s+from\s+v?\d[\w.+-]*\s+to\s+v?(\d[\w.+-]*)/i;
const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/** Whether a caret, tilde or exact range admits a version (pure; a prerelease or any other range: no). */
export function admits(range: string, version: string): boolean {
  const to = VERSION.exec(version)?.slice(1).map(Number);
  const match = /^([~^]?)(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!to || !match) return false;
  const from = match.slice(2).map(Number);
  const cmp = to[0] - from[0] || to[1] - from[1] || to[2] - from[2];
  if (cmp < 0) return false;
  if (match[1] === '') return cmp === 0;
  // `~1.2.3` and `^0.2.3` keep the minor, `^0.0.3` the patch, `^1.2.3` the major.
  if (match[1] === '~' || from[0] === 0) return to[0] === from[0] && to[1] === from[1] && (match[1] === '~' || from[1] !== 0 || to[2] === from[2]);
  return to[0] === from[0];
}

/**
 * Whether a bump moves a caret, tilde or exact range's dependency out of it (pure): the range admits
 * the version it moves from and not the one it moves to (`^2.0.0`, 2.1.9 → 3.2.6). A range that does
 * not admit the old version holds another copy (the bump is of a transitive one); a version not read: no.
 */
export function outgrows(range: string, from: string, to: string): boolean {
  return VERSION.test(to) && admits(range, from) && !admits(range, to);
}

/**
 * Whether a Dependabot bump writes its directory's lock file alone (pure): the directory's npm
 * strategy is `lockfile-only`, or `increase-if-necessary` (or `widen`) and every manifest there
 * listing the dependency already admits the new version (koa's `bump statuses from 2.0.1 to 2.0.2`
 * with `^2.0.1`). Not for a title that is no Dependabot bump or a directory with no strategy.
 */
export function bumpsLockOnly(title: string, manifests: readonly Manifest[], strategies: Readonly<Record<string, string>>): boolean {
  const directory = dependabotDirectory(title);
  const bump = BUMP.exec(title);
  if (directory === undefined || !bump) return false;
  const strategy = strategies[directory];
  if (strategy === 'lockfile-only') return true;
  if (!KEEPS_ADMITTING_RANGE.has(strategy)) return false;
  const prefix = directory === '' ? '' : `${directory}/`;
  const inDirectory = manifests.filter((m) => m.file.startsWith(prefix) && m.dependencies[bump[1]] !== undefined);
  return inDirectory.every((m) => admits(m.dependencies[bump[1]], bump[2]));
}

export const isManifest = (file: string) => file === 'package.json' || file.endsWith('/package.json');
