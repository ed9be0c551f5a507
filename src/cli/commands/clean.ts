import { WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { currentBranch, findLeftovers, removeLeftovers } from '../../land/index.js';
import { newRunId } from '../../run/event-log.js';
import { acquireLock } from '../../run/lock.js';
import type { CommandAction } from '../context.js';

/**
 * `waveplan clean`: remove what finished runs left behind — item worktrees, and `waveplan/*`
 * branches already merged into the current branch (`--all`: every one). Holds the apply lock,
 * so it never pulls a worktree from under a live run (docs/apply.md, "Clean-up").
 */
const clean: CommandAction<{ all?: boolean; dryRun?: boolean }> = async (ctx, _args, options) => {
  const repo = { cwd: ctx.root, env: { ...process.env, ...ctx.io.env } };
  const target = (await currentBranch(repo)) ?? 'HEAD';
  const lock = options.dryRun ? undefined : await acquireLock(ctx.root, newRunId());
  try {
    const found = await findLeftovers(repo, target);
    // A worktree with uncommitted changes (a failed item's last attempt) is work too: kept with its branch unless --all.
    const keptDirty = options.all ? [] : found.dirty;
    const keptTrees = new Set(keptDirty.map((d) => d.worktree));
    const keptBranches = new Set(keptDirty.flatMap((d) => (d.branch ? [d.branch] : [])));
    const worktrees = found.worktrees.filter((w) => !keptTrees.has(w));
    const branches = (options.all ? [...found.merged, ...found.unmerged] : found.merged).filter((b) => !keptBranches.has(b));
    const changesIn = new Map(found.dirty.map((d) => [d.worktree, d.paths]));
    const lines: string[] = [];
    for (const w of worktrees) lines.push(`worktree ${w}${changesIn.has(w) ? ` (uncommitted changes: ${shortList(changesIn.get(w)!)})` : ''}`);
    for (const b of branches) lines.push(`branch ${b}${found.unmerged.includes(b) ? ` (its work is not on ${target})` : ''}`);
    if (lines.length === 0 && found.unmerged.length === 0 && keptDirty.length === 0) {
      ctx.io.stdout('nothing to clean: no item worktrees and no waveplan/* branches\n');
      return ExitCode.ok;
    }
    if (!options.dryRun) await removeLeftovers(repo, worktrees, branches);
    const verb = options.dryRun ? 'would remove' : 'removed';
    ctx.io.stdout(lines.map((l) => `${verb} ${l}\n`).join(''));
    for (const d of keptDirty) {
      ctx.io.stdout(
        `kept ${d.worktree}${d.branch ? ` and ${d.branch}` : ''}: uncommitted changes there (${shortList(d.paths)}); look, commit or copy them, or \`waveplan clean --all\` to delete them\n`,
      );
    }
    const unmerged = found.unmerged.filter((b) => !keptBranches.has(b));
    if (!options.all && unmerged.length > 0) {
      ctx.io.stdout(`kept ${unmerged.join(', ')}: their work is not on ${target} (merge it, or \`waveplan clean --all\` to delete it)\n`);
    }
    if (options.dryRun) ctx.io.stdout('--dry-run: nothing was changed\n');
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof WaveplanError) throw error;
    throw new WaveplanError(`clean failed: ${(error as Error).message}`);
  } finally {
    await lock?.release();
  }
};

export default clean;

/** The first paths of a list, the rest counted. */
function shortList(paths: readonly string[]): string {
  return paths.length <= 5 ? paths.join(', ') : `${paths.slice(0, 5).join(', ')} and ${paths.length - 5} more`;
}
