import { hasErrors } from '../../diagnostics.js';
import { DiagnosticsError, WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { DEFAULT_WAVES_PER_RUN, formatWaveOutputs, waveLists, workflowShape } from '../../export/wave-lists.js';
import { workTreeReader } from '../../io/node-fs.js';
import { readPlanFile } from '../../plan/parse-plan.js';
import { loadQueue } from '../../tracking/load-queue.js';
import type { CommandAction } from '../context.js';

interface WavesOptions {
  fingerprint?: string;
  fromWave?: number;
  wavesPerRun?: number;
}

/**
 * `waveplan ci waves`: the first job of the exported workflow. Prints, for $GITHUB_OUTPUT,
 * the items of each wave still to run in the checked-out queue (docs/github.md).
 */
const ciWaves: CommandAction<WavesOptions> = async (ctx, _args, options) => {
  const tree = workTreeReader(ctx.root);
  const loaded = await loadQueue(tree, { root: ctx.root, env: ctx.io.env });
  if (hasErrors(loaded.diagnostics)) throw new DiagnosticsError(loaded.diagnostics);
  const read = await readPlanFile(tree, loaded.config);
  if (!read.exists) throw new WaveplanError(`no plan at ${read.file} on this branch: commit the reviewed plan, then run the workflow again`);
  if (!read.plan || hasErrors(read.diagnostics)) throw new DiagnosticsError(read.diagnostics);
  const plan = read.plan;
  if (options.fingerprint && options.fingerprint !== plan.fingerprint) {
    throw new WaveplanError(
      `the workflow was exported from plan ${options.fingerprint}, but ${read.file} on this branch is plan ${plan.fingerprint}: ` +
        'run `waveplan export --to github-actions -o <workflow file>` again, review and commit it',
    );
  }
  const fromWave = options.fromWave ?? 1;
  const shape = workflowShape(plan, options.wavesPerRun ?? DEFAULT_WAVES_PER_RUN);
  const status = new Map(loaded.items.map((i) => [i.id, i.status]));
  ctx.io.stdout(formatWaveOutputs(waveLists(plan, shape, fromWave, (id) => status.get(id))));
  return ExitCode.ok;
};

export default ciWaves;
