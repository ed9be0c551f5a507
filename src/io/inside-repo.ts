import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * Where waveplan writes (the plan file, the queue folder, `.agent/cache`, `.agent/runs`, the
 * lock) must stay inside the work tree and out of `.git`, after following every symbolic link
 * (docs/reliability.md). Returns what is wrong with `rel` (repo-relative), or undefined.
 */
export function writeTargetProblem(root: string, rel: string): string | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined; // no project folder: nothing is written either
  }
  const real = realpathOfPath(resolve(root, rel));
  const inside = relative(realRoot, real);
  if (inside.startsWith('..') || resolve(realRoot, inside) !== real)
    return `resolves to ${real}, outside the repository (${realRoot}): a symbolic link or .. leads out of it`;
  if (inside.split(sep).includes('.git')) return `is inside the git folder (${join(realRoot, '.git')}): waveplan never writes there`;
  const gitDir = join(realRoot, '.git');
  if (isDir(gitDir)) {
    const realGit = realpathSync(gitDir);
    if (real === realGit || real.startsWith(realGit + sep)) return `is inside the git folder (${realGit}): waveplan never writes there`;
  }
  return undefined;
}

/** The realpath of `path`, following links in its longest existing prefix (the rest does not exist yet). */
function realpathOfPath(path: string): string {
  const rest: string[] = [];
  let at = path;
  for (;;) {
    try {
      return join(realpathSync(at), ...rest.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) return path;
      rest.push(at.slice(parent.length).replace(/^[\\/]+/, ''));
      at = parent;
    }
  }
}

/** A bare repository (or a git folder itself) as the project root: nothing may be written there. */
export function isGitFolder(root: string): boolean {
  return !existsSync(join(root, '.git')) && isDir(join(root, 'objects')) && isDir(join(root, 'refs')) && existsSync(join(root, 'HEAD'));
}

/** What is at `rel` (repo-relative): missing, a regular file, a folder, a symbolic link, or something else (a FIFO, socket or device). */
export function entryKind(root: string, rel: string): 'missing' | 'file' | 'folder' | 'link' | 'other' {
  let stat;
  try {
    stat = lstatSync(join(root, rel));
  } catch {
    return 'missing';
  }
  return stat.isSymbolicLink() ? 'link' : stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other';
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
