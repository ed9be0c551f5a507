import type { CliIo } from './io.js';

/** What every command gets: the process surface and the project root. */
export interface CommandContext {
  io: CliIo;
  /** Absolute path of the project root (see findRepoRoot). */
  root: string;
}

/** A lazily loaded command body: returns the exit code. */
export type CommandAction<O = Record<string, unknown>> = (ctx: CommandContext, args: string[], options: O) => Promise<number>;
