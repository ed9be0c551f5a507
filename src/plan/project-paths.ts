import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { CONFIG_FILE } from '../config/defaults.js';
import { entryKind, isGitFolder, writeTargetProblem } from '../io/inside-repo.js';
import { pathProblem } from '../repo-path.js';
import type { Config } from '../types.js';

/**
 * The project's own paths, checked on disk before anything is planned (docs/reliability.md): the
 * root is a work tree (not a bare repository), and the queue folder and the plan file stay inside
 * it and out of `.git` after following links; the plan file is not a folder or a special file.
 */
export function projectPathDiagnostics(root: string, config: Config, configText?: string): Diagnostic[] {
  if (isGitFolder(root)) {
    return [
      diagnostic({
        file: '(project)',
        code: 'PROJECT_GIT_FOLDER',
        message: `${root} is a git folder (a bare repository or .git itself), not a work tree: waveplan writes its plan and runs into a work tree only`,
        expected: 'a checkout with files',
        found: 'HEAD, objects/, refs/ and no .git',
        hint: 'clone it (git clone REPO work) and run waveplan in the clone',
      }),
    ];
  }
  const out: Diagnostic[] = [];
  const at = (key: 'dir' | 'file', value: string) => {
    const lines = configText?.split('\n') ?? [];
    // Block style (`  dir: x`) or flow style (`queue: { dir: x }`).
    const keyed = new RegExp(`(?:^|[{,\\s])${key}\\s*:\\s*['"]?`, 'g');
    for (const [index, line] of lines.entries()) {
      for (const match of line.matchAll(keyed)) {
        const col = match.index + match[0].length;
        if (line.startsWith(value, col)) return { file: CONFIG_FILE, line: index + 1, col: col + 1 };
      }
    }
    return { file: configText === undefined ? '(project)' : CONFIG_FILE };
  };
  for (const [name, key, value] of [
    ['queue.dir', 'dir', config.queue.dir],
    ['plan.file', 'file', config.plan.file],
  ] as const) {
    // A path that escapes lexically (`../x`, `/x`) is already CONFIG_PATH at its line (parse-config.ts).
    const problem = pathProblem(value) === undefined ? writeTargetProblem(root, value) : undefined;
    if (problem)
      out.push(
        diagnostic({
          ...at(key, value),
          code: 'PROJECT_PATH_OUTSIDE',
          message: `${name} "${value}" ${problem}`,
          expected: 'a path inside the work tree, outside .git',
          found: value,
          hint: `set ${name} to a path such as ${key === 'dir' ? '.agent/queue' : '.agent/plan.yaml'}, with no symbolic link leading out of the repository`,
        }),
      );
  }
  const kind = entryKind(root, config.plan.file);
  if (kind === 'folder' || kind === 'other') {
    out.push(
      diagnostic({
        ...at('file', config.plan.file),
        code: 'PLAN_FILE_KIND',
        message: `plan.file "${config.plan.file}" is ${kind === 'folder' ? 'a folder' : 'a FIFO, socket or device'}, not a file`,
        expected: 'a YAML file path such as .agent/plan.yaml',
        found: kind === 'folder' ? 'a folder' : 'a special file',
        hint: 'point plan.file at a file (it is created when missing)',
      }),
    );
  }
  return out;
}
