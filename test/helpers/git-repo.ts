import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(REPO_ROOT, 'fixtures');

/** git with no system or global config, so the developer's settings never leak in. */
export const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(prefix = 'waveplan-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** Copy a fixture (path under fixtures/) into a temp folder; no git. */
export function copyFixture(fixture: string): string {
  const dir = tempDir();
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  return dir;
}

/** Write files (path → content) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

let template: string | undefined;

/**
 * An empty repository's `.git` (branch main, local identity, no signing, no auto gc or maintenance),
 * made once per process and copied into each new repository: a copy costs a few file writes, where
 * `git init` and five `git config` are six processes per repository (docs/architecture.md, "Tests and
 * build"). Without `maintenance.auto false` every `git commit` (the tests' and apply's) starts a
 * `git maintenance run --auto` process that finds nothing to do.
 */
function gitTemplate(): string {
  if (template !== undefined && existsSync(join(template, 'HEAD'))) return template;
  const dir = tempDir('waveplan-git-template-');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'config', 'gc.auto', '0');
  git(dir, 'config', 'maintenance.auto', 'false');
  template = join(dir, '.git');
  return template;
}

/** Repositories gitRepo made in this process, by what they were made from; never handed to a test. */
const made = new Map<string, string>();

/**
 * A real git repository in a temp folder: the fixture (or nothing) copied in, branch
 * main, local identity, no signing, LF endings, one initial commit.
 *
 * The first repository made from the same fixture and files in a process is kept untouched, and
 * later ones are copies of it, work tree and `.git` (no `git add` and `git commit` processes: most of
 * a small repository's cost). Each test still gets a repository of its own; a copy's files have other
 * inodes and times than its index records, so git compares their content, as for a fresh checkout.
 */
export function gitRepo(fixture?: string, files: Record<string, string | Uint8Array> = {}): string {
  const key = repoKey(fixture, files);
  let original = made.get(key);
  if (original === undefined || !existsSync(join(original, '.git', 'HEAD'))) {
    original = fixture ? copyFixture(fixture) : tempDir();
    writeFiles(original, files);
    cpSync(gitTemplate(), join(original, '.git'), { recursive: true });
    writeFileSync(join(original, '.gitattributes'), '* text=auto eol=lf\n');
    git(original, 'add', '-A');
    git(original, 'commit', '-q', '-m', 'initial', '--allow-empty');
    made.set(key, original);
  }
  const dir = tempDir();
  cpSync(original, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

function repoKey(fixture: string | undefined, files: Record<string, string | Uint8Array>): string {
  const hash = createHash('sha256').update(`${fixture ?? ''}\0`);
  for (const [path, content] of Object.entries(files))
    hash
      .update(`${path}\0${typeof content === 'string' ? 's' : 'b'}`)
      .update(content)
      .update('\0');
  return hash.digest('hex');
}

/**
 * Files of a queue whose plan is over 1 MB (180 items that all write one file: 16,110 conflicts, each
 * with a 6 KB command), the size from which the plan cache names the plan file instead of keeping a copy.
 * (The conflicts alone no longer make it large: under the queue order each item is pinned by one.)
 */
export function largePlanQueue(): Record<string, string> {
  const files: Record<string, string> = { 'src/shared.ts': 'export const shared = 1;\n' };
  for (let n = 1; n <= 180; n++) {
    const id = String(n).padStart(3, '0');
    const run = `node scripts/task.mjs ${id} --notes ${'x'.repeat(6000)}`;
    files[`.agent/queue/${id}-pending-task-${id}.md`] = `---\nfiles: [src/shared.ts, src/task-${id}.ts]\nrun: ${run}\n---\n# Task ${id}\n`;
  }
  return files;
}
