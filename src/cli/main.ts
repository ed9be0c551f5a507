import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { WaveplanError } from '../errors.js';
import { ExitCode } from '../exit-code.js';
import type { CommandAction, CommandContext } from './context.js';
import { processIo, type CliIo } from './io.js';
import { findRepoRoot } from './repo-root.js';
// The one module of the snapshot this file loads before git starts listing: every module loaded
// first delays git, whose listing is the longest wait of a warm plan on a large monorepo.
import { prefetchListing } from '../io/work-tree-listing.js';

/** The commands that read the tree: their code starts loading, and git starts listing, before commander parses. */
const READS_TREE: Record<string, () => Promise<unknown>> = {
  plan: () => import('./commands/plan.js'),
  report: () => import('./commands/report.js'),
  explain: () => import('./commands/explain.js'),
};

/**
 * The exact command lines run most often skip the argument parser, as the hook's does: commander
 * and the command registry are ~0.02 s of a ~0.35 s warm `plan` at 5,000 files. Each runs its
 * command with the options commander would hand it (the tests run both ways and compare).
 */
const DIRECT: Record<string, { load: () => Promise<{ default: CommandAction<never> }>; options: Record<string, unknown> }> = {
  plan: { load: () => import('./commands/plan.js'), options: { format: 'text' } },
  'plan\0--check': { load: () => import('./commands/plan.js'), options: { format: 'text', check: true } },
};

/** Run the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  // git runs the pre-commit hook on every commit: its one exact command line skips the
  // argument parser (commander is 120 KB of source, ~30 ms of a hook that has 300 ms).
  if (argv.length === 3 && argv[0] === 'hooks' && argv[1] === 'run' && argv[2] === 'pre-commit')
    return runDirect(() => import('./commands/hooks-run.js'), argv.slice(2), {}, io);
  // The commands that read the tree start with git's listing and hashing: begin them while the
  // parser and the command load (git's part is ~0.04 s at 5,000 files). With -C, commander decides
  // the folder first.
  const preload = Object.hasOwn(READS_TREE, argv[0]) ? READS_TREE[argv[0]] : undefined;
  preload?.().catch(() => undefined); // loaded again, and reported, when the command runs
  const discard = preload && !argv.some((a) => a === '-C' || a.startsWith('--cwd')) ? prefetchListing(findRepoRoot(io.cwd)) : undefined;
  const direct = Object.hasOwn(DIRECT, argv.join('\0')) ? DIRECT[argv.join('\0')] : undefined;
  try {
    return await (direct ? runDirect(direct.load, [], direct.options, io) : parseAndRun(argv, io));
  } finally {
    discard?.();
  }
}

async function parseAndRun(argv: readonly string[], io: CliIo): Promise<number> {
  const [{ Command, CommanderError }, { registerCommands }, { PACKAGE_VERSION: version }] = await Promise.all([
    import('commander'),
    import('./commands/registry.js'),
    import('../package-root.js'),
  ]);
  let exitCode: number = ExitCode.ok;
  const program = new Command('waveplan')
    .description('Plan compiler for parallel work queues: finds real conflicts between queued items and compiles critical-path waves.')
    .version(version, '-v, --version')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  const action =
    (load: () => Promise<{ default: CommandAction<never> }>) =>
    async (...params: unknown[]) => {
      const command = params[params.length - 1] as Command;
      const options = command.optsWithGlobals<{ cwd?: string }>();
      const cwd = resolve(io.cwd, options.cwd ?? '.');
      if (options.cwd !== undefined) checkFolder(options.cwd, cwd);
      const ctx: CommandContext = { io: { ...io, cwd }, root: findRepoRoot(cwd) };
      const body = (await load()).default as CommandAction<typeof options>;
      exitCode = await body(
        ctx,
        command.processedArgs.flat().filter((a): a is string => typeof a === 'string'),
        options,
      );
    };
  registerCommands(program, action);
  // `init` is what a new user types first; commander would suggest "wait" (README, "Quick start").
  if (commandName(argv) === 'init' && !program.commands.some((c) => c.name() === 'init')) {
    io.stderr(
      'waveplan: there is no init, waveplan needs no setup: ' +
        'write work items into .agent/queue/ as NNN-pending-slug.md (docs/queue-items.md), then run `waveplan validate` and `waveplan plan`; ' +
        'parallel.config.yaml is optional (docs/config.md), `waveplan hooks install` keeps the plan in step with the queue\n',
    );
    return ExitCode.error;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.error;
    return await report(error, io);
  }
  return exitCode;
}

/** The command word of `argv`: the first argument that is neither an option nor `-C`'s folder. */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-C' || argv[i] === '--cwd') i++;
    else if (!argv[i].startsWith('-')) return argv[i];
  }
  return undefined;
}

async function runDirect(load: () => Promise<{ default: CommandAction<never> }>, args: string[], options: Record<string, unknown>, io: CliIo): Promise<number> {
  try {
    const { default: body } = await load();
    return await (body as CommandAction<Record<string, unknown>>)({ io, root: findRepoRoot(io.cwd) }, args, options);
  } catch (error) {
    return await report(error, io);
  }
}

/**
 * `--cwd DIR` must name a folder: a missing one made git fail to start ("is git installed?") and let
 * `plan` create DIR/.agent/plan.yaml out of nothing (docs/commands.md).
 */
function checkFolder(given: string, path: string): void {
  const where = given === path ? '' : ` (${path})`;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) throw new WaveplanError(`--cwd ${given}: no such folder${where}`);
  if (!stat.isDirectory()) throw new WaveplanError(`--cwd ${given}: not a folder${where}`);
}

async function report(error: unknown, io: CliIo): Promise<number> {
  const [{ DiagnosticsError, InternalError, ReportedError }, { formatDiagnostics }] = await Promise.all([import('../errors.js'), import('../diagnostics.js')]);
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
