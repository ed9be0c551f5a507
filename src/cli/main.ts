import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { formatDiagnostics } from '../diagnostics.js';
import { DiagnosticsError, InternalError, ReportedError, WaveplanError } from '../errors.js';
import { ExitCode } from '../exit-code.js';
import type { CommandAction, CommandContext } from './context.js';
import { processIo, type CliIo } from './io.js';
import { findRepoRoot } from './repo-root.js';
import { registerCommands } from './commands/registry.js';
import { PACKAGE_VERSION as version } from '../package-root.js';


/** Run the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = new Command('waveplan')
    .description('Plan compiler for parallel work queues: finds real conflicts between queued items and compiles critical-path waves.')
    .version(version, '-v, --version')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  const action = (load: () => Promise<{ default: CommandAction<never> }>) =>
    async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      const options = command.optsWithGlobals<{ cwd?: string }>();
      const cwd = resolve(io.cwd, options.cwd ?? '.');
      const ctx: CommandContext = { io: { ...io, cwd }, root: findRepoRoot(cwd) };
      const body = (await load()).default as CommandAction<typeof options>;
      exitCode = await body(ctx, command.processedArgs.filter((a): a is string => typeof a === 'string'), options);
    };
  registerCommands(program, action);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    return report(error, io);
  }
  return exitCode;
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
  if (error instanceof DiagnosticsError) {
    io.stderr(formatDiagnostics(error.diagnostics));
    return error.exitCode;
  }
  if (error instanceof ReportedError) return error.exitCode;
  if (error instanceof InternalError || !(error instanceof WaveplanError)) {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`waveplan: internal error (this is a bug, please report it with the lines below)\n${stack}\n`);
    return ExitCode.error;
  }
  io.stderr(`waveplan: ${error.message}\n`);
  return error.exitCode;
}
