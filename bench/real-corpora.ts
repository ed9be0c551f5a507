// Real repositories for the benchmark (docs/benchmarks.md): public repositories at pinned
// commits, checked out under bench/.work, with their own last 40 commits as queue items.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { devNull } from 'node:os';
import { dirname, join } from 'node:path';

export const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

export interface Corpus {
  /** GitHub owner/name: `git clone https://github.com/<repo>` gets it elsewhere. */
  repo: string;
  /** The pinned commit the bench checks out (40 hex digits). */
  commit: string;
  /** In the default set (`npm run bench -- real`); the others run with `--corpus NAME`. */
  standard: boolean;
}

/** Pinned so a table can be measured again on the very same trees. */
export const CORPORA: readonly Corpus[] = [
  { repo: 'payloadcms/payload', commit: 'db7543c2121f0b672e33436447122b5e09ea4f2b', standard: true },
  { repo: 'excalidraw/excalidraw', commit: '4872083c044491b6d5c96ae134a75464f96d6831', standard: true },
  { repo: 'honojs/hono', commit: '28a9c128912de19f3fb28b00ae289c9b93f6f392', standard: true },
  { repo: 'medusajs/medusa', commit: '59e6747800133e091d20c2c167f600981abc5c0d', standard: false },
  { repo: 'trpc/trpc', commit: '340811ba5320637fbaf48fccf3dbfdd258bd34db', standard: false },
  { repo: 'vitejs/vite', commit: 'a98c8d95d552c6fa98ab66fb810f5b39ad5abf49', standard: false },
  { repo: 'TanStack/query', commit: '40321a0b1b3bdd0afa11f0e439642ab84cdf6afe', standard: false },
];

/** Items made from the repository's own history: its last ITEMS first-parent commits. */
export const ITEMS = 40;

/** Where a corpus is looked for when no `--repo` is given: the local mirror of this machine. */
export function defaultSource(corpus: Corpus): string {
  return `/work/.mirror/${corpus.repo.replace('/', '+')}/repo`;
}

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: GIT_ENV, maxBuffer: 1 << 30, input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Whether `source` (a git repository, bare or not) holds `commit`. */
export function hasCommit(source: string, commit: string): boolean {
  try {
    git(source, ['cat-file', '-e', `${commit}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * A checkout of `commit` from `source` at `dir` on a branch `bench`, with one more commit: the
 * queue (`.agent/queue/NNN-pending-*.md`, one item per commit of the last ITEMS, `files:` the
 * paths it changed) and, where the source lacks a blob (mirrors keep no large binaries), a
 * placeholder file in its place. Made once; later runs reuse it.
 */
export function checkoutCorpus(source: string, commit: string, dir: string): { dir: string; items: number } {
  const ready = join(dir, '.git/waveplan-bench-ready');
  if (existsSync(ready) && readFileSync(ready, 'utf8').trim() === commit) {
    return { dir, items: Number(git(dir, ['ls-files', '.agent/queue']).split('\n').filter(Boolean).length) };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  git(dirname(dir), ['clone', '-q', '--no-checkout', source, dir]);
  const tree = git(dir, ['ls-tree', '-r', '-z', commit])
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t');
      const [mode, type, id] = meta.split(' ');
      return { mode, type, id, path };
    });
  const blobs = tree.filter((e) => e.type === 'blob');
  const missing = new Set(
    git(dir, ['cat-file', '--batch-check'], blobs.map((e) => e.id).join('\n') + '\n')
      .split('\n')
      .filter((line) => line.endsWith(' missing'))
      .map((line) => line.split(' ')[0]),
  );
  const absent = blobs.filter((e) => missing.has(e.id)).map((e) => e.path);
  if (absent.length > 0) git(dir, ['sparse-checkout', 'set', '--no-cone', '/*', ...absent.map((p) => `!/${escapeSparse(p)}`)]);
  git(dir, ['checkout', '-q', '-b', 'bench', commit]);
  for (const path of absent) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `placeholder: the mirror this was cloned from has no blob for ${path}\n`);
    git(dir, ['update-index', '--no-skip-worktree', '--', path]);
  }
  if (absent.length > 0) {
    git(dir, ['sparse-checkout', 'disable']);
    git(dir, ['add', '-f', '--', ...absent]);
  }
  const items = writeHistoryQueue(dir, commit);
  git(dir, ['add', '-A', '.agent']);
  git(dir, ['commit', '-q', '--no-verify', '-m', `bench: ${items} queue items from the last ${ITEMS} commits`]);
  writeFileSync(ready, `${commit}\n`);
  return { dir, items };
}

function escapeSparse(path: string): string {
  return path.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`);
}

/** Glob characters in a path are escaped, so `files:` names exactly that file (`app/[slug]/page.tsx`). */
export function exactGlob(path: string): string {
  return path.replace(/[\\*?[\]{}()!]/g, (c) => `\\${c}`);
}

/** One queue item per commit of the last ITEMS (oldest first), `files:` = the paths it changed against its first parent. */
export function writeHistoryQueue(dir: string, commit: string): number {
  const commits = git(dir, ['log', '--first-parent', '--format=%H%x00%s', '-n', String(ITEMS), commit])
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, subject] = line.split('\0');
      return { id, subject };
    })
    .reverse();
  let n = 0;
  for (const c of commits) {
    const files = git(dir, ['diff-tree', '-r', '-z', '--root', '--name-only', '--no-commit-id', '-m', '--first-parent', '--no-renames', c.id])
      .split('\0')
      .filter(Boolean);
    if (files.length === 0) continue;
    n++;
    const id = String(n).padStart(3, '0');
    const slug =
      c.subject
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40)
        .replace(/-+$/, '') || 'commit';
    const list = [...new Set(files)]
      .sort()
      .map((f) => `  - ${JSON.stringify(exactGlob(f))}`)
      .join('\n');
    const title = c.subject.replace(/[\r\n]+/g, ' ').trim() || c.id;
    const path = join(dir, `.agent/queue/${id}-pending-${slug}.md`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `---\nfiles:\n${list}\n---\n# ${title}\n**Status**: pending\n\nCommit ${c.id}.\n`);
  }
  return n;
}
