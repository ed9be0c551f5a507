import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { WaveplanError } from '../errors.js';
import { gitText } from '../io/git-exec.js';
import { LEFTHOOK_FILES } from './lefthook.js';

/** Where hooks live for this repository, and which hook manager (if any) owns them. */
export interface HookTargets {
  /** Absolute work-tree top level. */
  top: string;
  /** Absolute hooks folder as git resolves it (linked worktrees share it; core.hooksPath moves it). */
  hooksDir: string;
  /** `<hooksDir>/pre-commit`. */
  hookFile: string;
  /** `.husky/` at the top level, when the repo uses husky. */
  huskyDir?: string;
  /** The lefthook config file, when the repo uses lefthook. */
  lefthookFile?: string;
  /** `.pre-commit-config.yaml`, when the repo uses the pre-commit framework. */
  preCommitFile?: string;
}

export async function locateHooks(root: string, env?: Record<string, string | undefined>): Promise<HookTargets> {
  let out: string;
  try {
    out = await gitText(['rev-parse', '--show-toplevel', '--git-path', 'hooks'], { cwd: root, env });
  } catch {
    throw new WaveplanError(`${root} is not inside a git work tree, so there is no pre-commit hook to manage (run git init first)`, 'NOT_A_REPO');
  }
  const [top, hooksPath] = out.split('\n');
  const hooksDir = resolve(root, hooksPath);
  const at = (path: string) => join(top, path);
  const huskyDir = isDirectory(at('.husky')) ? at('.husky') : undefined;
  const lefthook = LEFTHOOK_FILES.find((name) => existsSync(at(name)));
  return {
    top,
    hooksDir,
    hookFile: join(hooksDir, 'pre-commit'),
    huskyDir,
    lefthookFile: lefthook ? at(lefthook) : undefined,
    preCommitFile: existsSync(at('.pre-commit-config.yaml')) ? at('.pre-commit-config.yaml') : undefined,
  };
}

/** A path as the user should read it: relative to the top level when inside it. */
export function displayPath(targets: HookTargets, path: string): string {
  const rel = relative(targets.top, path);
  return rel.startsWith('..') || rel === '' ? path : rel.split('\\').join('/');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
