/** What the CLI needs from the process; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** True when stdout is an interactive terminal. */
  isTTY: boolean;
  /** Ask a yes/no question; absent when there is no terminal to ask on (stdin or stdout not a TTY). */
  ask?: (question: string) => Promise<boolean>;
}

export function processIo(): CliIo {
  // `waveplan plan --dry-run | head`: the reader has gone; stop quietly, like other CLIs.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY) && process.env.CI !== 'true',
    ask: process.stdin.isTTY && process.stdout.isTTY ? (question) => import('./confirm.js').then((m) => m.askYesNo(question)) : undefined,
  };
}
