import { ExitCode } from '../../exit-code.js';
import type { CommandAction } from '../context.js';
import { inProcessRunner, serialized } from '../mcp/in-process.js';

/**
 * `waveplan mcp`: a Model Context Protocol server over stdio in the project at ctx.root
 * (docs/agents.md). The SDK is loaded here only, so no other command pays for it.
 */
const mcp: CommandAction = async (ctx) => {
  const log = (line: string) => ctx.io.stderr(`waveplan mcp: ${line}\n`);
  // A stray error in one call must not end the session the agent relies on: it goes to the log.
  const onError = (error: unknown) => log(`unexpected error (this is a bug): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.on('uncaughtException', onError).on('unhandledRejection', onError);
  const read = inProcessRunner(ctx.root, ctx.io.env);
  const { serve } = await import('../mcp/server.js');
  try {
    await serve({ root: ctx.root, run: serialized(read), read, log });
  } finally {
    process.off('uncaughtException', onError).off('unhandledRejection', onError);
  }
  return ExitCode.ok;
};

export default mcp;
