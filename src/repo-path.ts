// Repo-relative paths as the config and the items write them (docs/queue-items.md, docs/config.md):
// pure rules shared by the config, the item parsers and the tracker backends.

/** Why a repo-relative path or glob is not acceptable, if it is not. */
export function pathProblem(path: string): string | undefined {
  if (/^([a-zA-Z]:)?[\\/]/.test(path) || path.startsWith('~')) return 'is absolute';
  const clean = path.replace(/\\/g, '/');
  let depth = 0;
  for (const segment of clean.split('/')) {
    if (segment === '..') depth--;
    else if (segment !== '.' && segment !== '') depth++;
    if (depth < 0) return 'escapes the repository';
  }
  return undefined;
}

/**
 * One spelling per path, so two items naming one file meet: `\` as `/` (except where it escapes a
 * glob character, `app/\(group\)`), `.` and empty segments dropped, `x/..` folded (pathProblem has
 * reported any that leave the repository); a trailing `/` (a folder) kept.
 */
export function normalPath(path: string): string {
  const slashed = path.replace(/\\(?![()[\]{}*?!])/g, '/');
  const parts: string[] = [];
  for (const segment of slashed.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(segment);
  }
  return `${parts.join('/')}${slashed.endsWith('/') && parts.length > 0 ? '/' : ''}`;
}
