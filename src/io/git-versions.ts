import { simpleGit } from 'simple-git';

/**
 * Blob ids of the work tree's files, repo-relative: the index's id for tracked files whose
 * stat is clean, `git hash-object` for modified and untracked (not ignored) files. Deleted
 * files are left out. This is the cache key of the import graph: cheap for an unchanged tree.
 */
export async function readWorkTreeVersions(root: string): Promise<Map<string, string>> {
  const git = simpleGit({ baseDir: root, config: ['core.quotepath=false'] });
  const [staged, modified, deleted, untracked] = await Promise.all([
    git.raw(['ls-files', '-s', '-z']),
    git.raw(['ls-files', '-m', '-z']),
    git.raw(['ls-files', '-d', '-z']),
    git.raw(['ls-files', '-o', '--exclude-standard', '-z']),
  ]);
  const versions = new Map<string, string>();
  for (const record of staged.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode, oid] = record.slice(0, tab).split(' ');
    if (mode !== '160000' && !versions.has(record.slice(tab + 1))) versions.set(record.slice(tab + 1), oid);
  }
  const gone = new Set(deleted.split('\0').filter(Boolean));
  for (const path of gone) versions.delete(path);
  const toHash = [...new Set([...modified.split('\0'), ...untracked.split('\0')])].filter((p) => p && !gone.has(p));
  // Chunked so the command line stays short on a tree with many new files.
  for (let i = 0; i < toHash.length; i += 500) {
    const chunk = toHash.slice(i, i + 500);
    const ids = (await git.raw(['hash-object', '--', ...chunk])).trim().split('\n');
    chunk.forEach((path, k) => versions.set(path, ids[k]));
  }
  return versions;
}
