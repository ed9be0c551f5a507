import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { formatCommandDiagnostics } from '../command-diagnostics.js';
import { reviewTexts, REVIEW_MARKER, type ReviewResult } from '../../ci/review-comment.js';
import { upsertStickyComment } from '../../ci/sticky-comment.js';
import { WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { gitPort } from '../../io/git.js';
import { workTreeReader } from '../../io/node-fs.js';
import { buildPlanForFile, compiled } from '../../plan/build-plan.js';
import { compileReport, declaredFiles } from '../../plan/compile-report.js';
import { formatReport } from '../../plan/format-report.js';
import { githubApiUrl, githubClient } from '../../tracking/github/github-client.js';
import { parseGithubRemote } from '../../tracking/github/github-repo.js';
import { remoteUrl } from '../../io/git.js';
import type { CommandAction, CommandContext } from '../context.js';
import { CHECK_EXIT, checkCommitted } from './plan-check.js';

interface ReviewOptions {
  out?: string;
  comment?: boolean;
  pr?: number;
  repo?: string;
  artifactUrl?: string;
}

/**
 * `waveplan ci review`: the pull-request workflow's step (docs/github.md). Checks the committed
 * plan against a fresh compile as `plan --check` does, writes the review comment and the full
 * report (Markdown and JSON) for the artifact, adds the comment to the run summary, and with
 * --comment keeps one comment on the pull request up to date. Exits as `plan --check`.
 */
const review: CommandAction<ReviewOptions> = async (ctx, _args, options) => {
  const local = options.out === undefined && !inCi(ctx.io.env);
  const out = local ? join(ctx.root, LOCAL_OUT) : resolve(ctx.io.cwd, options.out ?? CI_OUT);
  const { built, planFile: planFileState } = await buildPlanForFile({
    root: ctx.root,
    tree: workTreeReader(ctx.root),
    git: gitPort(ctx.root),
    env: ctx.io.env,
    fresh: true,
    // The history the committed plan was compiled on, as `plan --check` reads it (docs/plan-file.md).
    history: 'committed',
  });
  let result: ReviewResult;
  let code: number;
  let json: string | undefined;
  let line: string;
  if (compiled(built)) {
    const planFile = built.loaded.config.plan.file;
    const check = await checkCommitted(ctx.root, built, planFileState);
    const report = compileReport(built.plan, { planFile, declaredFiles: declaredFiles(built.loaded.items) });
    result = { kind: 'compiled', planFile, check, report };
    json = formatReport(report, 'json');
    code = CHECK_EXIT[check.status];
    line = check.status === 'same' ? `✓ ${planFile} is up to date` : `${planFile}: ${check.status}${check.messages[0] ? ` (${check.messages[0]})` : ''}`;
  } else {
    result = { kind: 'failed', diagnostics: built.diagnostics };
    code = ExitCode.error;
    line = 'the queue does not compile';
    ctx.io.stderr(formatCommandDiagnostics(built.diagnostics));
  }
  const texts = reviewTexts(result, options.artifactUrl);
  await mkdir(out, { recursive: true });
  if (local) await writeFile(join(out, '.gitignore'), '*\n');
  await writeFile(join(out, 'comment.md'), texts.comment);
  await writeFile(join(out, 'report.md'), texts.full);
  if (json !== undefined) await writeFile(join(out, 'report.json'), json);
  const summary = ctx.io.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, texts.comment);
  ctx.io.stdout(
    `${line}\nwrote ${relative(ctx.io.cwd, out) || '.'}/: comment.md (${texts.comment.length} characters), report.md${json === undefined ? '' : ', report.json'}\n`,
  );
  if (options.comment) {
    const repo = await reviewRepo(ctx, options.repo);
    const pr = options.pr ?? (await eventPullRequest(ctx));
    const token = ctx.io.env.GITHUB_TOKEN || ctx.io.env.GH_TOKEN;
    if (!token)
      throw new WaveplanError('--comment needs GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ github.token }}, with permissions: pull-requests: write)');
    const client = githubClient({ repo, token, baseUrl: githubApiUrl(ctx.io.env.GITHUB_API_URL), writeIntervalMs: 0 });
    const posted = await upsertStickyComment(client, pr, REVIEW_MARKER, texts.comment);
    ctx.io.stdout(`${posted.action === 'unchanged' ? 'comment already up to date' : `${posted.action} the comment`}: ${posted.url}\n`);
  }
  return code;
};

/**
 * Without --out: in CI `waveplan-report/` in the working folder, the folder the workflow uploads as
 * the artifact (REVIEW_ARTIFACT of src/export/pr-workflow.ts); elsewhere `.agent/review/` of the
 * project, with a `.gitignore` of `*`, so a local run leaves `git status` clean (docs/github.md).
 */
const CI_OUT = 'waveplan-report';
const LOCAL_OUT = '.agent/review';

/** `CI` or `GITHUB_ACTIONS` set, as every CI runner sets them. */
function inCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const set = (value: string | undefined) => value !== undefined && value !== '' && value !== 'false' && value !== '0';
  return set(env.CI) || set(env.GITHUB_ACTIONS);
}

/** --repo, else GITHUB_REPOSITORY (set in every workflow), else the origin remote. */
async function reviewRepo(ctx: CommandContext, given: string | undefined): Promise<string> {
  const named = given ?? ctx.io.env.GITHUB_REPOSITORY;
  if (named) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(named)) throw new WaveplanError(`--repo must be owner/name, got "${named}" (e.g. --repo acme/shop)`);
    return named;
  }
  const url = await remoteUrl(ctx.root);
  const repo = url ? parseGithubRemote(url) : undefined;
  if (repo) return repo;
  throw new WaveplanError('--comment needs the repository: pass --repo owner/name (a workflow sets GITHUB_REPOSITORY)');
}

/** The pull request's number from the workflow's event payload (GITHUB_EVENT_PATH). */
async function eventPullRequest(ctx: CommandContext): Promise<number> {
  const path = ctx.io.env.GITHUB_EVENT_PATH;
  const event = path ? (JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as { pull_request?: { number?: unknown } }) : {};
  const n = event.pull_request?.number;
  if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n;
  throw new WaveplanError(
    '--comment needs the pull request: pass --pr N, or run it in a workflow triggered by pull_request (GITHUB_EVENT_PATH names the pull request)',
  );
}

export default review;
