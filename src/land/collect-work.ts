import { changedPaths, git, nulFields, type GitContext } from './git.js';
import { compareStrings } from '../order.js';

export interface CollectRequest {
  /** The item's worktree. */
  worktree: GitContext;
  /** The commit the worktree started from. */
  base: string;
  id: string;
  title: string;
  /**
   * Move the checked-out branch to the collected commit (default true). apply leaves it for an item
   * about to land: the landing deletes the branch anyway, and `pinBranch` moves it when it does not.
   */
  moveHead?: boolean;
}

export interface CollectedWork {
  /** The commit holding everything the command left (its commits plus one for the rest), or `base`. */
  head: string;
  /** Whether uncommitted or untracked changes had to be committed. */
  committedLeftovers: boolean;
  /** Paths changed from `base` to `head`, sorted: the item's real write set. */
  paths: string[];
  /**
   * Ignored files and folders (`build/`) in the worktree, from the same `git status`: with the
   * collected commit, all it holds, so a pooled worktree is reset by deleting them instead of a
   * `git clean -fdx` scan.
   */
  ignored: string[];
}

/** The message of every commit waveplan writes for an item: its title and an `Item:` trailer. */
export function itemMessage(id: string, title: string): string {
  return `${title.trim() || `item ${id}`}\n\nItem: ${id}\n`;
}

/**
 * Gather what an item's command left in its worktree onto the checked-out branch
 * (docs/apply.md, "Collect"): the commits it made stay; uncommitted and untracked files
 * (not ignored ones) become one more commit. Running it twice commits nothing new.
 *
 * One `git status` scans the worktree once and names the changed paths; only those are staged
 * (`update-index`), and `write-tree` + `commit-tree` make the commit: no second scan, no hooks,
 * no automatic maintenance, as `git add -A` + `git commit` would have. The same output is the
 * real write set, unless the command made commits of its own or a path's final content cannot
 * be told from it (staged and then changed again): then it is the diff from `base`.
 */
export async function collectWork(request: CollectRequest): Promise<CollectedWork> {
  const tree = request.worktree;
  const args = ['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all', '--ignored=matching', '--no-renames'];
  const status = parseStatus(await git(tree, args));
  const before = status.head;
  if (before === undefined) throw new Error(`the worktree ${tree.cwd} has no commit checked out`);
  const head = status.paths.length > 0 ? await commitLeftovers(request, before, status) : before;
  const exact = before === request.base && !status.ambiguous;
  const paths = head === request.base ? [] : exact ? [...status.paths].sort(compareStrings) : await changedPaths(tree, request.base, head);
  return { head, committedLeftovers: head !== before, paths, ignored: status.ignored };
}

/** Stage just the paths status named, and commit them on top of `before`; `before` when that changes nothing. */
async function commitLeftovers(request: CollectRequest, before: string, status: WorktreeStatus): Promise<string> {
  const tree = request.worktree;
  try {
    await git(tree, ['update-index', '--add', '--remove', '-z', '--stdin'], `${status.paths.join('\0')}\0`);
  } catch {
    // A path update-index will not take (an embedded repository's folder): let `add` decide, as before.
    await git(tree, ['add', '--all']);
  }
  const written = (await git(tree, ['write-tree'])).trim();
  // Staged and then undone (added, then deleted): nothing to commit after all.
  if (status.ambiguous && written === (await git(tree, ['rev-parse', `${before}^{tree}`])).trim()) return before;
  const head = (await git(tree, ['commit-tree', written, '-p', before, '-F', '-'], itemMessage(request.id, request.title))).trim();
  if (request.moveHead ?? true) await git(tree, ['update-ref', '-m', 'waveplan: collect', 'HEAD', head, before]);
  return head;
}

/**
 * An item kept on its branch (not landed): move `waveplan/<id>` (the worktree's HEAD) to the
 * collected commit, which `collectWork` left unreferenced when told not to move it.
 */
export async function pinBranch(worktree: GitContext, head: string): Promise<void> {
  await git(worktree, ['update-ref', '-m', 'waveplan: collect', 'HEAD', head]);
}

interface WorktreeStatus {
  /** HEAD's commit; undefined on an unborn branch. */
  head: string | undefined;
  /** Every path status names (changed, deleted, unmerged, untracked), once each. */
  paths: string[];
  /** Whether some path's final content may equal HEAD's (staged, then changed again; unmerged; named twice). */
  ambiguous: boolean;
  /** Ignored files, and folders matched as a whole (`! build/`), without the slash. */
  ignored: string[];
}

/** `git status --porcelain=v2 -z --branch` (docs: git-status, porcelain v2; no renames). */
export function parseStatus(text: string): WorktreeStatus {
  let head: string | undefined;
  const seen = new Set<string>();
  let ambiguous = false;
  const ignored: string[] = [];
  const add = (path: string, sure: boolean) => {
    if (seen.has(path) || !sure) ambiguous = true;
    seen.add(path);
  };
  for (const record of nulFields(text)) {
    if (record.startsWith('# branch.oid ')) {
      const oid = record.slice('# branch.oid '.length);
      head = oid === '(initial)' ? undefined : oid;
    } else if (record.startsWith('1 ')) {
      // `1 XY sub mH mI mW hH hI path`: one side changed is a change from HEAD; both, perhaps not.
      const [x, y] = [record[2], record[3]];
      add(fieldsAfter(record, 8), x === '.' || y === '.');
    } else if (record.startsWith('u ')) {
      add(fieldsAfter(record, 10), false);
    } else if (record.startsWith('? ')) {
      // An untracked folder (`dir/`): a nested repository, staged as one entry.
      add(record.slice(2).replace(/\/$/, ''), true);
    } else if (record.startsWith('! ')) {
      ignored.push(record.slice(2).replace(/\/$/, ''));
    }
  }
  return { head, paths: [...seen], ambiguous, ignored };
}

/** The rest of `record` after its first `n` space-separated fields (a path may hold spaces). */
export function fieldsAfter(record: string, n: number): string {
  let at = 0;
  for (let i = 0; i < n; i++) at = record.indexOf(' ', at) + 1;
  return record.slice(at);
}
