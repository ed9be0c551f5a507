import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { blobId } from './blob-id.js';

/**
 * The blob ids `git hash-object` would give `paths` (work-tree files under `root`), computed
 * here, or undefined when git might store something else (see workTreeHasher).
 */
export function hashWorkTreeFiles(root: string, paths: readonly string[], options: HasherOptions): string[] | undefined {
  const hash = workTreeHasher(root, paths, options);
  if (!hash) return undefined;
  const ids: string[] = [];
  for (const path of paths) {
    const id = hash(path);
    if (id === undefined) return undefined;
    ids.push(id);
  }
  return ids;
}

export interface HasherOptions {
  /** The output of `git config -z --get-regexp CONVERSION_CONFIG`: empty when none is set. */
  config: string;
  /** A blob id of the repository, to tell sha-1 from sha-256. */
  sample?: string;
  env?: Record<string, string | undefined>;
}

/**
 * A function giving the blob id `git hash-object` would give each of `paths` (work-tree files
 * under `root`), reading the file only when asked; undefined when git might store something
 * else: an attributes file that may apply (any `.gitattributes` from a file's folder up to the
 * repository's top, `info/attributes`, the default global one, the system one), conversion
 * config, GIT_DIR-style variables, Windows, a path that is not a file (or a symlink to one), or
 * no `sample` id. Everything but the reading is checked here, so a caller that cannot hash here
 * knows it at once. Saves the `git hash-object` process on every plan of a tree with edits
 * (~30 ms on the warm path), and reading files no one asks about (a 20 MB plan file).
 * The function gives undefined for a file that went away or cannot be read since.
 */
export function workTreeHasher(root: string, paths: readonly string[], options: HasherOptions): ((path: string) => string | undefined) | undefined {
  const env = options.env ?? process.env;
  const { sample } = options;
  if (process.platform === 'win32' || options.config !== '' || sample === undefined) return undefined;
  if (env.GIT_DIR !== undefined || env.GIT_WORK_TREE !== undefined || env.GIT_COMMON_DIR !== undefined) return undefined;
  const repo = findRepository(root);
  if (!repo || existsSync(join(repo.commonDir, 'info', 'attributes')) || existsSync(globalAttributes(env)) || systemAttributes(env).some((f) => existsSync(f)))
    return undefined;
  const checked = new Map<string, boolean>();
  const attributesAbove = (dir: string): boolean => {
    let found = checked.get(dir);
    if (found === undefined) {
      found = existsSync(join(dir, '.gitattributes')) || (dir !== repo.top && dirname(dir) !== dir && attributesAbove(dirname(dir)));
      checked.set(dir, found);
    }
    return found;
  };
  for (const path of paths) {
    const file = resolve(root, path);
    if (attributesAbove(dirname(file))) return undefined;
    // As `git hash-object <path>`: a symlink's target is read (not the link), anything but a file is git's to answer.
    try {
      if (!statSync(file).isFile()) return undefined;
    } catch {
      return undefined;
    }
  }
  return (path) => {
    try {
      return blobId(readFileSync(resolve(root, path)), sample);
    } catch {
      return undefined;
    }
  };
}

/** The work tree's top folder and the git folder shared by its worktrees, from the nearest `.git` up from `root`. */
export function findRepository(root: string): { top: string; commonDir: string } | undefined {
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      try {
        if (lstatSync(dotGit).isDirectory()) return { top: dir, commonDir: dotGit };
        // A linked worktree or submodule: `gitdir: <path>`, and in a worktree's folder `commondir`.
        const gitDir = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1].trim();
        if (!gitDir) return undefined;
        const absolute = isAbsolute(gitDir) ? gitDir : resolve(dir, gitDir);
        const common = join(absolute, 'commondir');
        return { top: dir, commonDir: existsSync(common) ? resolve(absolute, readFileSync(common, 'utf8').trim()) : absolute };
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * git's system-wide attributes file is `<sysconfdir>/gitattributes`, a path built into git: /etc
 * for a git in /usr, `<prefix>/etc` for one installed elsewhere (found from each `git` on PATH).
 */
function systemAttributes(env: Record<string, string | undefined>): string[] {
  const out = new Set(['/etc/gitattributes']);
  for (const dir of (env.PATH ?? '').split(':')) {
    if (dir !== '' && existsSync(join(dir, 'git'))) out.add(join(dirname(resolve(dir)), 'etc', 'gitattributes'));
  }
  return [...out];
}

/** Where git looks for attributes when core.attributesFile is not set. */
function globalAttributes(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CONFIG_HOME;
  return xdg ? join(xdg, 'git', 'attributes') : join(env.HOME ?? homedir(), '.config', 'git', 'attributes');
}
