import { formatDiagnostics } from '../../diagnostics.js';
import { WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { join, relative, sep } from 'node:path';
import { absoluteGitEnv, runPreCommit, type PreCommitResult } from '../../hooks/pre-commit.js';
import { formatChanges } from '../../plan/format-changes.js';
import { gitText } from '../../io/git-exec.js';
import { compareStrings } from '../../order.js';
import type { CommandAction } from '../context.js';
import { queueProjects } from '../projects.js';

const hooksRun: CommandAction = async (ctx, args) => {
  const [hook] = args;
  if (hook !== 'pre-commit') throw new WaveplanError(`unknown hook "${hook}": waveplan only runs pre-commit`, 'USAGE');
  // A commit made by an item's command under apply or `ci land` (they set WAVEPLAN_ITEM_ID): the
  // run rewrites the plan when it ends, and a plan staged into the item's commit would conflict
  // at landing with the one another item landed (docs/hooks.md).
  if (ctx.io.env.WAVEPLAN_ITEM_ID) return ExitCode.ok;
  // The compiler's modules load while git lists the index (runPreCommit starts that at once).
  const compiler = import('../../hooks/compile-staged.js').then(async (m) => {
    await m.loadCompiler();
    return m.compileStaged;
  });
  compiler.catch(() => undefined); // a load failure surfaces where the compiler is awaited
  const env = absoluteGitEnv(ctx.io.env, ctx.io.cwd);
  // Git runs hooks at the top of the work tree; the projects may sit below it (a monorepo's packages).
  const roots = (await queueProjects(ctx.root, env)).map((dir) => (dir === '' ? ctx.root : join(ctx.root, dir)));
  let code: ExitCode = ExitCode.ok;
  for (const root of roots) {
    const result = await runPreCommit({ root, env, compile: async (options) => (await compiler)(options) });
    const shown = relative(ctx.root, root).split(sep).join('/');
    const outcome = report(ctx, { ...result, ...('planFile' in result ? { planFile: shown === '' ? result.planFile : `${shown}/${result.planFile}` } : {}) });
    for (const line of await untrackedRenames(root, env, result, shown)) ctx.io.stderr(`${line}\n`);
    if (outcome !== ExitCode.ok) code = outcome;
  }
  return code;
};

/**
 * An item that left the index while a file with its id sits untracked in the queue folder: renamed with
 * `mv` and committed with `git commit -a` (a deletion, the new name never added). Looked for only when
 * an item left (a removed item, or a BlockedBy naming an id no staged item has), so a plain commit pays nothing.
 */
async function untrackedRenames(root: string, env: Record<string, string | undefined>, result: PreCommitResult, shown: string): Promise<string[]> {
  const gone = new Set<string>();
  if (result.kind === 'invalid')
    for (const d of result.diagnostics) if (d.code === 'QUEUE_UNKNOWN_ID' && d.found) d.found.split(/,\s*/).forEach((id) => gone.add(id));
  if ('changes' in result) for (const c of result.changes) gone.add(/^item (\S+) removed$/.exec(c)?.[1] ?? '');
  gone.delete('');
  if (gone.size === 0 || !result.queueDir) return [];
  const listed = await gitText(['ls-files', '-z', '--others', '--exclude-standard', '--', result.queueDir], { cwd: root, env }).catch(() => '');
  const lines: string[] = [];
  for (const path of listed.split('\0').filter(Boolean).sort(compareStrings)) {
    const id = /^(\d{3,})-/.exec(path.slice(path.lastIndexOf('/') + 1))?.[1];
    if (id === undefined || !gone.has(id)) continue;
    lines.push(
      `waveplan: item ${id} left the plan, but ${shown === '' ? path : `${shown}/${path}`} is untracked (renamed with mv, the item became a deletion and a new file): git add it and commit again to keep the item`,
    );
  }
  return lines;
}

function report(ctx: Parameters<CommandAction>[0], result: PreCommitResult): ExitCode {
  const say = (text: string) => ctx.io.stderr(`${text}\n`);
  switch (result.kind) {
    case 'unchanged':
      return ExitCode.ok;
    case 'stage':
      say(
        `waveplan: the plan changed with this commit; updated and staged ${result.planFile}${result.writeWorkTree ? '' : ' (in the commit; your work-tree copy was left as it was)'}:${bullets(result.changes, `git show HEAD -- ${result.planFile} after the commit shows every change`)}`,
      );
      return ExitCode.ok;
    case 'invalid':
      ctx.io.stderr(formatDiagnostics(result.diagnostics));
      say(
        'waveplan: commit refused: the staged queue or config has the problems above (lines are those of the staged files). Fix them, git add the fixes and commit again.',
      );
      return ExitCode.error;
    case 'check':
      say(
        `waveplan: commit refused: ${result.planFile} does not match the staged queue (hook.mode: check):${bullets(result.changes, 'waveplan plan --check --json lists every change')}\nRun:\n  waveplan plan && git add ${result.planFile}\nand commit again.`,
      );
      return ExitCode.error;
    case 'partial':
      say(
        [
          `waveplan: commit refused: ${result.planFile} is partially staged (the staged copy differs from HEAD, and the work-tree copy differs from the staged one).`,
          'The hook would have to overwrite one of your two versions, so it changed nothing. Either:',
          `  git add ${result.planFile}       # commit your work-tree version (the hook then recompiles it from the staged queue)`,
          `  git restore ${result.planFile}   # drop the unstaged edits to it`,
        ].join('\n'),
      );
      return ExitCode.error;
  }
}

/** What moved, the first 40 changes (a whole queue moving is thousands), and `where` to read them all. */
function bullets(lines: readonly string[], where: string): string {
  return formatChanges(lines, where)
    .map((line) => `\n${line}`)
    .join('');
}

export default hooksRun;
