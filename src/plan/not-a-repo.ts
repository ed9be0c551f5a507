import { diagnostic, type Diagnostic } from '../diagnostics.js';

/** The warning for a folder git does not track: what `missed` says is lost without git's file list. */
export function notARepo(root: string, missed: string): Diagnostic {
  return diagnostic({
    severity: 'warning',
    file: '(project)',
    code: 'NOT_A_REPO',
    message: `${root} is not in a git repository: ${missed}`,
    expected: 'a git work tree',
    found: 'no .git',
    hint: 'run `git init && git add -A` (waveplan lists files and blob ids with git), or run waveplan inside the repository',
  });
}
