import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waveplan } from './cli.js';
import { git, gitRepo } from './git-repo.js';

/**
 * `sh scripts/edit.sh PATH TEXT MODE`: append TEXT to PATH, then per MODE leave it
 * (`leave`, uncommitted, or untracked if new) or `commit` it; `none` changes nothing.
 */
const EDIT = `#!/bin/sh
[ "$3" = none ] && exit 0
mkdir -p "$(dirname "$1")"
echo "$2" >> "$1"
if [ "$3" = commit ]; then git add "$1" && git commit -q -m "edit $1"; fi
exit 0
`;

export interface LandItem {
  id: string;
  /** Predicted write set (`files:`). */
  files: string[];
  /** The command; default: append "<id>" to the first file and commit it. */
  run?: string;
  blockedBy?: string[];
  /** Declared reads (`reads:`). */
  reads?: string[];
}

export const LAND_CONFIG =
  'autonomy:\n  level: L3\n  max_parallel: 3\n  continue_on_error: true\nanalysis:\n  import_graph: false\nrun:\n  isolation: worktree\n';

/**
 * A repo with src files, the edit script, items and a committed plan: ready for `apply` with isolation
 * worktree. The plan is compiled in-process (no real process is needed for it); the tests run apply as one.
 */
export async function landRepo(items: LandItem[], options: { config?: string; files?: Record<string, string> } = {}): Promise<string> {
  const files: Record<string, string> = {
    'scripts/edit.sh': EDIT,
    'src/a.ts': 'a\n',
    'src/b.ts': 'b\n',
    'src/c.ts': 'c\n',
    'README.md': 'readme\n',
    ...options.files,
  };
  files['parallel.config.yaml'] = options.config ?? LAND_CONFIG;
  for (const item of items) {
    const run = item.run ?? `sh scripts/edit.sh ${item.files[0]} ${item.id} commit`;
    files[`.agent/queue/${item.id}-pending-item-${item.id}.md`] = [
      '---',
      `files: [${item.files.join(', ')}]`,
      ...(item.reads ? [`reads: [${item.reads.join(', ')}]`] : []),
      `run: ${run}`,
      '---',
      `# Item ${item.id}`,
      '**Status**: pending',
      `**BlockedBy**: ${item.blockedBy?.join(', ') || 'none'}`,
      '',
    ].join('\n');
  }
  const dir = gitRepo(undefined, files);
  const planned = await waveplan(dir, ['plan']);
  if (planned.code !== 0) throw new Error(`waveplan plan failed (${planned.code}):\n${planned.stdout}\n${planned.stderr}`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  return dir;
}

/** Ids of the items landed on main, oldest first, from the `Item:` trailers of its first-parent history. */
export function landedIds(dir: string, branch = 'main'): string[] {
  return git(dir, 'log', '--first-parent', '--reverse', '--format=%(trailers:key=Item,valueonly)', branch)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** `git status --porcelain` of the main work tree, without the queue and plan files apply itself changes. */
export function userStatus(dir: string): string[] {
  return git(dir, 'status', '--porcelain', '--untracked-files=all')
    .split('\n')
    .filter((l) => l && !l.includes('.agent/'));
}

export function summaryOf(dir: string): { items: Array<{ id: string; outcome: string; reason?: string; landed?: string; writes?: string[] }> } {
  const runs = readdirSync(join(dir, '.agent/runs'))
    .filter((n) => !n.startsWith('.'))
    .sort();
  return JSON.parse(readFileSync(join(dir, '.agent/runs', runs[runs.length - 1], 'summary.json'), 'utf8'));
}

export function branches(dir: string): string[] {
  return git(dir, 'branch', '--list', 'waveplan/*', '--format=%(refname:short)').split('\n').filter(Boolean);
}
