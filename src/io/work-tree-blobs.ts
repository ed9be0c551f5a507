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
 * else: an attributes file that may apply and can convert (a `.gitattributes` from a file's folder
 * up to the repository's top naming `filter`, `ident`, `working-tree-encoding` or a macro of its
 * own; `info/attributes`, the default global one, the system one), conversion config, GIT_DIR-style
 * variables, Windows, a path that is not a file (or a symlink to one), or no `sample` id. Under
 * line-ending attributes only (`* text=auto eol=lf`, as payload has), git converts nothing in a file
 * without a carriage return: such files are read and hashed here at once (up to EAGER_BYTES in all),
 * and one with a CR, or more bytes than that, leaves the ids to git. Everything but the reading is checked here, so a caller that cannot hash here
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
  const checked = new Map<string, Effect>();
  const attributesAbove = (dir: string): Effect => {
    let found = checked.get(dir);
    if (found === undefined) {
      const here = join(dir, '.gitattributes');
      found = existsSync(here) ? attributesEffect(here) : NONE;
      if (found !== OTHER && dir !== repo.top && dirname(dir) !== dir) found = Math.max(found, attributesAbove(dirname(dir))) as Effect;
      checked.set(dir, found);
    }
    return found;
  };
  const eager = new Map<string, string>();
  let eagerBytes = 0;
  for (const path of paths) {
    const file = resolve(root, path);
    const effect = attributesAbove(dirname(file));
    if (effect === OTHER) return undefined;
    // As `git hash-object <path>`: a symlink's target is read (not the link), anything but a file is git's to answer.
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return undefined;
      if (effect === LINE_ENDINGS) {
        eagerBytes += stat.size;
        if (eagerBytes > EAGER_BYTES) return undefined;
        const bytes = readFileSync(file);
        if (bytes.includes(CR)) return undefined;
        eager.set(path, blobId(bytes, sample));
      }
    } catch (error) {
      // A file gone since the listing (apply renames queue items through a marker file) has no
      // id: the function gives undefined for it, as for one that goes later.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      return undefined;
    }
  }
  return (path) => {
    const known = eager.get(path);
    if (known !== undefined) return known;
    try {
      return blobId(readFileSync(resolve(root, path)), sample);
    } catch {
      return undefined;
    }
  };
}

/** What attributes can do to the bytes `git add` stores: nothing, convert line endings only, or more. */
type Effect = typeof NONE | typeof LINE_ENDINGS | typeof OTHER;
const NONE = 0;
const LINE_ENDINGS = 1;
const OTHER = 2;
const CR = 13;
/** Bytes of edited files under line-ending attributes read and hashed here at once; past that, git hashes them. */
const EAGER_BYTES = 8 << 20;
/** The attributes git's conversion to a blob reads (git's convert.c): text, eol and crlf convert only CRLF, and only where there is one. */
const LINE_ENDING_ATTRIBUTES = new Set(['text', 'eol', 'crlf']);
const CONVERTING_ATTRIBUTES = new Set(['filter', 'ident', 'working-tree-encoding']);

/**
 * What a `.gitattributes` file can do to what `git add` stores, from every word on every line
 * (the patterns' words too, so a quoted pattern never hides an attribute: a file named `text`
 * only costs a check for carriage returns). A macro defined here could stand for anything. An
 * unreadable file: OTHER.
 */
export function attributesEffect(file: string): Effect {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return OTHER;
  }
  let effect: Effect = NONE;
  for (const line of text.split('\n')) {
    const words = line.trim();
    if (words === '' || words.startsWith('#')) continue;
    if (words.startsWith('[attr]')) return OTHER;
    for (const word of words.split(/\s+/)) {
      const name = word.replace(/^[-!]/, '').split('=')[0];
      if (CONVERTING_ATTRIBUTES.has(name)) return OTHER;
      if (LINE_ENDING_ATTRIBUTES.has(name)) effect = LINE_ENDINGS;
    }
  }
  return effect;
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
