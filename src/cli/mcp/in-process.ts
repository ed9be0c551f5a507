import type { CliIo } from '../io.js';

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command line in this process (the same `main` the terminal gets), capturing what it prints. */
export type RunCommand = (argv: readonly string[]) => Promise<CommandOutput>;

/**
 * The CLI's own `main(argv, io)` with an io that captures stdout and stderr: the MCP tools call
 * the commands exactly as `waveplan … --json` runs them, and nothing they print reaches the
 * protocol stream (docs/agents.md). Never a terminal, so nothing asks a question.
 */
export function inProcessRunner(cwd: string, env: Record<string, string | undefined>): RunCommand {
  return async (argv) => {
    const { main } = await import('../main.js');
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env, isTTY: false };
    const code = await main(argv, io);
    return { code, stdout, stderr };
  };
}

/** Calls one at a time: `plan` writes through a temp file named by pid, and requeue/apply take the queue's lock. */
export function serialized(run: RunCommand): RunCommand {
  let tail: Promise<unknown> = Promise.resolve();
  return (argv) => {
    const next = tail.then(() => run(argv));
    tail = next.catch(() => undefined);
    return next;
  };
}

/** The JSON a `--json` command printed, or undefined when it printed something else (or nothing). */
export function parseJsonOutput(stdout: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(stdout);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
