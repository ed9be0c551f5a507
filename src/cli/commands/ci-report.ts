import { formatCiReport } from '../../ci/format-ci-report.js';
import { hasErrors } from '../../diagnostics.js';
import { DiagnosticsError, WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { gitExec, gitText } from '../../io/git-exec.js';
import { workTreeReader } from '../../io/node-fs.js';
import { readPlanFile } from '../../plan/parse-plan.js';
import { loadQueue } from '../../tracking/load-queue.js';
import type { CommandAction } from '../context.js';

/**
 * `waveplan ci report`: the workflow's last job. The truth is the branch itself (statuses in
 * the queue, `Item:` trailers of the landing commits) and the remote's `waveplan/<id>`
 * branches, not the jobs' results. Exit 3 unless every item of the run's waves landed.
 */
const ciReport: CommandAction<{ waves?: string; remote?: string }> = async (ctx, _args, options) => {
  const tree = workTreeReader(ctx.root);
  const loaded = await loadQueue(tree, { root: ctx.root, env: ctx.io.env });
  if (hasErrors(loaded.diagnostics)) throw new DiagnosticsError(loaded.diagnostics);
  const read = await readPlanFile(tree, loaded.config);
  if (!read.plan || hasErrors(read.diagnostics)) throw read.exists ? new DiagnosticsError(read.diagnostics) : new WaveplanError(`no plan at ${read.file}`);
  const plan = read.plan;
  const range = parseRange(options.waves, plan.waves.length);
  const git = { cwd: ctx.root, env: ctx.io.env };
  const landed = new Map<string, string>();
  const log = await gitText(['log', '--first-parent', '--format=%H%x09%s%x09%(trailers:key=Item,valueonly,separator=%x2C)', 'HEAD'], git);
  for (const line of log.split('\n')) {
    const [commit, subject, ids] = line.split('\t');
    if (!commit || !subject?.startsWith('Land ')) continue;
    for (const id of (ids ?? '').split(',').map((s) => s.trim())) if (id && !landed.has(id)) landed.set(id, commit);
  }
  const remote = options.remote ?? 'origin';
  const heads = await gitExec(['ls-remote', '--heads', remote, 'refs/heads/waveplan/*'], { ...git, okCodes: [2, 128] });
  const branches = new Set(
    heads.stdout
      .toString('utf8')
      .split('\n')
      .map((l) => /refs\/heads\/waveplan\/(.+)$/.exec(l)?.[1])
      .filter((b): b is string => b !== undefined),
  );
  const status = new Map(loaded.items.map((i) => [i.id, i.status]));
  // The GitHub backend lists closed issues only when an open one names them: a plan item it no longer lists is closed, i.e. completed.
  if (loaded.githubRepo) for (const i of plan.items) if (!status.has(i.id)) status.set(i.id, 'completed');
  const env = ctx.io.env;
  const repoUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : undefined;
  const branchOf = new Set(plan.items.filter((i) => branches.has(i.id.replace(/[^A-Za-z0-9._-]/g, '_'))).map((i) => i.id));
  const report = formatCiReport({ plan, range, status: (id) => status.get(id), landed, branches: branchOf, repoUrl });
  ctx.io.stdout(report.markdown);
  if (report.landed < report.total) ctx.io.stderr(`waveplan: ${report.total - report.landed} of ${report.total} items did not land\n`);
  return report.landed === report.total ? ExitCode.ok : ExitCode.failed;
};

function parseRange(text: string | undefined, waves: number): [number, number] {
  if (text === undefined) return [1, waves];
  const m = /^(\d+)-(\d+)$/.exec(text);
  if (!m) throw new WaveplanError(`--waves must be a range like 1-3, got "${text}"`);
  return [Number(m[1]), Math.min(waves, Number(m[2]))];
}

export default ciReport;
