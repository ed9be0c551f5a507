import { ExitCode } from '../../exit-code.js';
import { logLine } from '../../text.js';
import { RUNS_DIR } from '../../run/event-log.js';
import { formatStatus, statusJson } from '../../run/format-status.js';
import type { RunStatus } from '../../run/read-run.js';
import { OUTPUT_FILE, readLogTail, readRunStatus, resolveRunId } from '../../run/read-runs.js';
import type { CommandAction, CommandContext } from '../context.js';

interface StatusOptions {
  json?: boolean;
  watch?: boolean;
  interval?: number;
  lines?: number;
}

/** Running items' log tails, read at the edge so the replay stays pure. */
export function logTails(root: string, status: RunStatus, lines: number): Map<string, string[]> {
  const tails = new Map<string, string[]>();
  if (lines <= 0) return tails;
  for (const i of status.items) if (i.state === 'running' && i.log) tails.set(i.id, readLogTail(root, i.log, lines));
  return tails;
}

function render(ctx: CommandContext, run: string, options: StatusOptions): { text: string; status: RunStatus } {
  const status = readRunStatus(ctx.root, run);
  const tails = logTails(ctx.root, status, options.lines ?? 5);
  const dir = `${RUNS_DIR}/${run}`;
  let text = options.json ? `${JSON.stringify(statusJson(status, dir, tails), null, 2)}\n` : formatStatus(status, dir, tails);
  if (!options.json && status.state === 'crashed' && status.seq === 0) {
    // died before its first event (a refusal in the detached apply): its own output says why
    text += readLogTail(ctx.root, `${dir}/${OUTPUT_FILE}`, 10)
      .map((line) => `  │ ${logLine(line)}\n`)
      .join('');
  }
  return { text, status };
}

const isLive = (s: RunStatus) => s.state === 'running' || s.state === 'starting';

/**
 * Never blocks on the run. `--watch` redraws in place on a terminal; piped, it prints a
 * new block each time the run changes (like `kubectl get -w`), and ends with the run.
 */
const status: CommandAction<StatusOptions> = async (ctx, args, options) => {
  const run = resolveRunId(ctx.root, args[0]);
  let shown = render(ctx, run, options);
  if (!options.watch) {
    ctx.io.stdout(shown.text);
    return ExitCode.ok;
  }
  const intervalMs = Math.max(100, (options.interval ?? 1) * 1000);
  const redraw = ctx.io.isTTY && !options.json;
  ctx.io.stdout(redraw ? `\x1b[H\x1b[2J${shown.text}` : shown.text);
  while (isLive(shown.status)) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const next = render(ctx, run, options);
    if (redraw) ctx.io.stdout(`\x1b[H\x1b[2J${next.text}`);
    else if (next.status.seq !== shown.status.seq || next.status.state !== shown.status.state) ctx.io.stdout(`\n${next.text}`);
    shown = next;
  }
  return ExitCode.ok;
};

export default status;
