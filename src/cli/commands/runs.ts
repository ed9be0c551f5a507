import { ExitCode } from '../../exit-code.js';
import { RUNS_DIR } from '../../run/event-log.js';
import { formatRuns } from '../../run/format-status.js';
import { listRunIds, readRunStatus } from '../../run/read-runs.js';
import type { CommandAction } from '../context.js';

/** Every run in `.agent/runs/`, oldest first: start, end, result. */
const runs: CommandAction<{ json?: boolean }> = async (ctx, _args, options) => {
  const now = new Date();
  const all = listRunIds(ctx.root).map((id) => readRunStatus(ctx.root, id, now));
  if (options.json) {
    const rows = all.map(({ items: _items, ...run }) => ({ ...run, dir: `${RUNS_DIR}/${run.run}` }));
    ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  } else ctx.io.stdout(formatRuns(all));
  return ExitCode.ok;
};

export default runs;
