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
    const branches = options.all ? [...found.merged, ...found.unmerged] : found.merged;
    const lines: string[] = [];
    for (const w of found.worktrees) lines.push(`worktree ${w}`);
    for (const b of branches) lines.push(`branch ${b}${found.unmerged.includes(b) ? ` (its work is not on ${target})` : ''}`);
    if (lines.length === 0 && found.unmerged.length === 0) {
      ctx.io.stdout('nothing to clean: no item worktrees and no waveplan/* branches\n');
      return ExitCode.ok;
    }
    if (!options.dryRun) await removeLeftovers(repo, found.worktrees, branches);
    const verb = options.dryRun ? 'would remove' : 'removed';
    ctx.io.stdout(lines.map((l) => `${verb} ${l}\n`).join(''));
    if (!options.all && found.unmerged.length > 0) {
      ctx.io.stdout(`kept ${found.unmerged.join(', ')}: their work is not on ${target} (merge it, or \`waveplan clean --all\` to delete it)\n`);
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
