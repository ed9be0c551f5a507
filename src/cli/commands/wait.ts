import { ExitCode } from '../../exit-code.js';
import { RUNS_DIR } from '../../run/event-log.js';
import { formatDuration, formatRunResult, statusJson } from '../../run/format-status.js';
import { processAlive, readRunStatus, resolveRunId } from '../../run/read-runs.js';
import type { CommandAction } from '../context.js';

const POLL_MS = 150;
/** How long a finished run's process may take to write its last files before `wait` returns anyway. */
const FINISHING_MS = 30_000;

/**
 * Block until the run ends (polling its event log), then print the aggregated result and
 * exit as apply would have: 0 all completed, 3 some did not, 130/143 interrupted, 1 crashed.
 * On `--timeout` it exits 124 and leaves the run going.
 */
const wait: CommandAction<{ timeout?: number; json?: boolean }> = async (ctx, args, options) => {
  const timeoutMs = options.timeout === undefined ? Infinity : options.timeout * 1000;
  const run = resolveRunId(ctx.root, args[0]);
  const deadline = Date.now() + timeoutMs;
  let status = readRunStatus(ctx.root, run);
  while (status.state === 'running' || status.state === 'starting') {
    if (Date.now() >= deadline) {
      ctx.io.stderr(
        `waveplan: run ${run} is still ${status.state} after ${formatDuration(timeoutMs)} (it goes on; \`waveplan status ${run}\` shows where it is)\n`,
      );
      return ExitCode.timeout;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
    status = readRunStatus(ctx.root, run);
  }
  // The run's last event comes before its last writes (summary.json, .agent/learned.json, the plan
  // rewrite, the end of output.log): return once its process is gone, so what follows \`wait\`
  // (a commit, a look at the log) sees them all. Bounded: a pid the system gave to another process.
  const lingering = Math.min(deadline, Date.now() + FINISHING_MS);
  while (status.state === 'finished' && status.pid !== undefined && processAlive(status.pid, status.host) === true && Date.now() < lingering)
    await new Promise((resolve) => setTimeout(resolve, 25));
  const dir = `${RUNS_DIR}/${run}`;
  ctx.io.stdout(options.json ? `${JSON.stringify(statusJson(status, dir, new Map()), null, 2)}\n` : formatRunResult(status, dir));
  return status.exit_code ?? ExitCode.error;
};

export default wait;
