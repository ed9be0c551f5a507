import { readInference } from '../../src/analyze/infer/read-inference.js';
import { gitPort } from '../../src/io/git.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';
import { git, writeFiles } from './git-repo.js';

/** Infer every pending item of the repository's queue with the real pipeline (history, vocabulary, symbols). */
export async function inferAll(root: string) {
  const queue = await loadQueue(workTreeReader(root));
  const { files } = await gitPort(root).snapshot();
  const out = await readInference({ root, items: queue.items, config: queue.config, repoFiles: files, cache: false });
  return new Map([...out].map(([id, inf]) => [id, { ...inf, paths: inf.entries.map((e) => e.path) }]));
}

/** Write `files` and commit them with `message`: one more commit of the repository's history. */
export function commit(root: string, message: string, files: Record<string, string>): void {
  writeFiles(root, files);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
}
