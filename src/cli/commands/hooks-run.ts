import { formatDiagnostics } from '../../diagnostics.js';
import { WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { absoluteGitEnv, runPreCommit } from '../../hooks/pre-commit.js';
import type { CommandAction } from '../context.js';

const hooksRun: CommandAction = async (ctx, args) => {
  const [hook] = args;
  if (hook !== 'pre-commit') throw new WaveplanError(`unknown hook "${hook}": waveplan only runs pre-commit`, 'USAGE');
  // The compiler's modules load while git lists the index (runPreCommit starts that at once).
  const compiler = import('../../hooks/compile-staged.js').then(async (m) => {
    await m.loadCompiler();
    return m.compileStaged;
  });
  compiler.catch(() => undefined); // a load failure surfaces where the compiler is awaited
  const env = absoluteGitEnv(ctx.io.env, ctx.io.cwd);
  const result = await runPreCommit({ root: ctx.root, env, compile: async (options) => (await compiler)(options) });
  const say = (text: string) => ctx.io.stderr(`${text}\n`);
  switch (result.kind) {
    case 'unchanged':
      return ExitCode.ok;
    case 'stage':
      say(`waveplan: the plan changed with this commit; updated and staged ${result.planFile}${result.writeWorkTree ? '' : ' (in the commit; your work-tree copy was left as it was)'}:${bullets(result.changes)}`);
      return ExitCode.ok;
    case 'invalid':
      ctx.io.stderr(formatDiagnostics(result.diagnostics));
      say('waveplan: commit refused: the staged queue or config has the problems above (lines are those of the staged files). Fix them, git add the fixes and commit again.');
      return ExitCode.error;
    case 'check':
      say(`waveplan: commit refused: ${result.planFile} does not match the staged queue (hook.mode: check):${bullets(result.changes)}\nRun:\n  waveplan plan && git add ${result.planFile}\nand commit again.`);
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
};

function bullets(lines: readonly string[]): string {
  return lines.map((line) => `\n  - ${line}`).join('');
}

export default hooksRun;
