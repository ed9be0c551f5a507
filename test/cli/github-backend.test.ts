import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { actionlint } from '../helpers/actionlint.js';
import { waveplan } from '../helpers/cli.js';
import { fakeGithub, type FakeIssueInput } from '../helpers/fake-github.js';
import { git, gitRepo } from '../helpers/git-repo.js';

const ISSUES: FakeIssueInput[] = [
  { number: 1, title: 'Schema', state: 'closed', labels: ['status/done'] },
  {
    number: 2,
    title: 'Login',
    labels: ['status/backlog', 'priority/p1'],
    body: 'Blocked by: #1\n\n```yaml waveplan\nfiles: [src/api/login.ts]\nrun: node -e "process.exit(0)"\n```',
  },
  { number: 3, title: 'Logout', labels: ['status/backlog'], body: 'Blocked by: #2\n\n```yaml waveplan\nfiles: [src/api/login.ts]\nestimate: -2\n```' },
];

function project(config: string): string {
  const files = { 'src/api/login.ts': 'export const login = 1;\n', 'src/api/logout.ts': 'export const logout = 1;\n', 'docs/api.md': '# API\n' };
  const dir = gitRepo(undefined, { ...files, 'parallel.config.yaml': config, '.agent/queue/001-pending-local.md': '# Local item\n**Status**: pending\n' });
  git(dir, 'remote', 'add', 'origin', 'git@github.com:acme/shop.git');
  return dir;
}

const env = (url: string, token = 'test-token') => ({ GITHUB_API_URL: url, GITHUB_TOKEN: token, WAVEPLAN_GITHUB_PACE_MS: '1' });
const cli = suite('tracking.provider: github (CLI)');

cli('validate reads the issues of the origin repository and names problems #N:line:col', async () => {
  const fake = await fakeGithub({ issues: ISSUES });
  try {
    const dir = project('tracking: { provider: github }\n');
    const result = await waveplan(dir, ['validate', '--json'], env(fake.url));
    assert.is(result.code, 1, result.stderr);
    const json = JSON.parse(result.stdout) as {
      items: Array<{ id: string; status: string; blockedBy: string[] }>;
      diagnostics: Array<{ file: string; line: number; code: string }>;
    };
    assert.equal(
      json.items.map((i) => [i.id, i.status, i.blockedBy]),
      [
        ['#1', 'completed', []],
        ['#2', 'pending', ['#1']],
        ['#3', 'pending', ['#2']],
      ],
    );
    assert.equal(
      json.diagnostics.map((d) => [d.file, d.line, d.code]),
      [['#3', 5, 'ISSUE_FIELD']],
    );
    const text = await waveplan(dir, ['validate'], env(fake.url));
    assert.match(text.stderr, /^#3:5:11 ISSUE_FIELD estimate must be >= 0/m);
    fake.issues.get(3)!.body = 'Blocked by: #2';
    const fixed = await waveplan(dir, ['validate'], env(fake.url));
    assert.is(fixed.code, 0, fixed.stderr);
    assert.match(fixed.stdout, /✓ 3 items in the issues of acme\/shop are valid \(2 pending, 1 completed\)/);
  } finally {
    await fake.close();
  }
});

cli('a bad token and an unknown repo are one clear line, exit 1', async () => {
  const fake = await fakeGithub({ issues: ISSUES });
  try {
    const bad = await waveplan(project('tracking: { provider: github }\n'), ['validate'], env(fake.url, 'nope'));
    assert.is(bad.code, 1);
    assert.match(bad.stderr, /^waveplan: GITHUB_TOKEN is invalid: GitHub answered 401/);
    assert.not.match(bad.stderr, /    at /);
    const missing = await waveplan(project('tracking: { provider: github, github: { repo: acme/gone } }\n'), ['validate'], env(fake.url));
    assert.match(missing.stderr, /^waveplan: repo acme\/gone not found/);
  } finally {
    await fake.close();
  }
});

cli('requeue #N moves a blocked issue back to backlog with a comment', async () => {
  const fake = await fakeGithub({ issues: [{ number: 5, title: 'Flaky', labels: ['status/blocked', 'area/web'] }] });
  try {
    const dir = project('tracking: { provider: github }\n');
    const result = await waveplan(dir, ['requeue', '#5', '--reason', 'fixed the test'], env(fake.url));
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, /^requeued #5 of acme\/shop: status\/blocked → status\/backlog/);
    assert.equal(fake.issues.get(5)!.labels, ['area/web', 'status/backlog']);
    assert.match(fake.issues.get(5)!.comments[0], /requeued by `waveplan requeue`: fixed the test/);
  } finally {
    await fake.close();
  }
});

cli('apply on issues: claims, completes, blocks a failure with a comment, loses a raced claim cleanly', async () => {
  const body = (file: string, extra = '') => `${extra}\n\n\`\`\`yaml waveplan\nfiles: [${file}]\n\`\`\``;
  const fake = await fakeGithub({
    issues: [
      { number: 2, title: 'Login', labels: ['status/backlog'], body: body('src/api/login.ts') },
      { number: 3, title: 'Logout', labels: ['status/backlog'], body: body('src/api/logout.ts') },
      { number: 4, title: 'Docs', labels: ['status/backlog'], body: body('docs/api.md') },
      { number: 5, title: 'After login', labels: ['status/backlog'], body: body('src/api/login.ts', 'Blocked by: #2') },
    ],
  });
  try {
    const command = `node -e "const id = process.env.WAVEPLAN_ITEM_ID; if (id === '#3') { console.log('logout test failed'); process.exit(4) }"`;
    const dir = project(`tracking: { provider: github }\nautonomy: { level: L3, continue_on_error: true }\nrun: { command: ${JSON.stringify(command)} }\n`);
    assert.is((await waveplan(dir, ['plan'], env(fake.url))).code, 0);
    // Someone else claims #4 between our plan and our claim.
    fake.before = (r) => {
      if (r.method === 'GET' && r.path.endsWith('/issues/4')) fake.issues.get(4)!.labels = ['status/in-progress'];
    };
    const listed = fake.requests.length;
    const applied = await waveplan(dir, ['apply', '--yes'], { ...env(fake.url), CI: 'true' });
    assert.is(applied.code, 3, applied.stdout + applied.stderr);
    const calls = fake.requests.slice(listed);
    const claims = calls.findIndex((r) => r.method !== 'GET');
    const listings = calls.slice(0, claims).filter((r) => r.path === '/repos/acme/shop/issues');
    assert.is(listings.length, 1, 'the issues are listed once before the claims: the states apply trusts are the ones its plan check read');
    const state = (n: number) => [fake.issues.get(n)!.state, fake.issues.get(n)!.labels];
    assert.equal(state(2), ['closed', ['status/done']]);
    assert.equal(state(5), ['closed', ['status/done']]);
    assert.equal(state(3), ['open', ['status/blocked']]);
    assert.match(fake.issues.get(3)!.comments[0], /`status\/blocked`[\s\S]*exited with code 4[\s\S]*logout test failed/);
    assert.equal(state(4), ['open', ['status/in-progress']], 'the raced issue is left to whoever claimed it');
    assert.equal(fake.issues.get(4)!.comments, []);
    assert.ok(!fake.requests.some((r) => r.method === 'PATCH' && r.path.endsWith('/issues/4')), 'nothing written to the lost claim');
  } finally {
    await fake.close();
  }
});

cli('GitHub unreachable: an error, or the queue folder when fallback_to_files is set', async () => {
  const fake = await fakeGithub();
  await fake.close();
  const strict = await waveplan(project('tracking: { provider: github }\n'), ['validate'], env(fake.url));
  assert.is(strict.code, 1);
  assert.match(
    strict.stderr,
    /^waveplan: cannot reach the GitHub API at http:\/\/127\.0\.0\.1:\d+ to list the open issues of acme\/shop: connect ECONNREFUSED/,
  );
  const lenient = await waveplan(project('tracking: { provider: github, github: { fallback_to_files: true } }\n'), ['validate'], env(fake.url));
  assert.is(lenient.code, 0, lenient.stderr);
  assert.match(lenient.stderr, /GITHUB_FALLBACK cannot reach the GitHub API .*; using the queue folder instead/);
  assert.match(lenient.stdout, /1 item in \.agent\/queue is valid/);
});

cli('advice for an issue names its yaml waveplan block, never a frontmatter it does not have', async () => {
  // QA on a ky clone: report said '#7 weak footprint: add `files: [test/hooks.ts]` to its frontmatter'.
  const fake = await fakeGithub({
    issues: [
      { number: 4, title: 'Tidy the logout page', labels: ['status/backlog'], body: 'The logout page in src/api/logout.ts looks odd.' },
      { number: 5, title: 'Make it nicer', labels: ['status/backlog'], body: 'Everything, really.' },
    ],
  });
  try {
    const dir = project('tracking: { provider: github }\nanalysis:\n  import_graph: false\n');
    assert.is((await waveplan(dir, ['plan'], env(fake.url))).code, 0);
    for (const args of [['report'], ['report', '--format', 'md'], ['infer'], ['apply', '--dry-run']]) {
      const result = await waveplan(dir, args, env(fake.url));
      const text = result.stdout + result.stderr;
      assert.not.match(text, 'frontmatter', `${args.join(' ')}: ${text}`);
      assert.match(text, "the issue's `yaml waveplan` block", `${args.join(' ')}: ${text}`);
    }
  } finally {
    await fake.close();
  }
});

cli('plan from issues: the plan names #N, --check sees an issue move, export runs on it', async () => {
  const fake = await fakeGithub({
    issues: [
      ...ISSUES.slice(0, 2),
      { number: 3, title: 'Logout', labels: ['status/backlog'], body: 'Blocked by: #2\n\n```yaml waveplan\nfiles: [src/api/logout.ts]\n```' },
      { number: 4, title: 'Docs', labels: ['status/backlog'], body: '```yaml waveplan\nfiles: [docs/api.md]\n```' },
    ],
  });
  try {
    const dir = project('tracking: { provider: github }\nrun: { command: make item }\n');
    const planned = await waveplan(dir, ['plan'], env(fake.url));
    assert.is(planned.code, 0, planned.stderr);
    const text = readFileSync(join(dir, '.agent/plan.yaml'), 'utf8');
    const plan = parse(text) as { items: Array<{ id: string; file: string; status: string }>; waves: Array<{ items: string[] }> };
    assert.equal(
      plan.items.map((i) => [i.id, i.file, i.status]),
      [
        ['#1', '#1', 'completed'],
        ['#2', '#2', 'pending'],
        ['#3', '#3', 'pending'],
        ['#4', '#4', 'pending'],
      ],
    );
    assert.equal(
      plan.waves.map((w) => w.items),
      [['#2', '#4'], ['#3']],
    );
    assert.is((await waveplan(dir, ['plan', '--check'], env(fake.url))).code, 0);
    const exported = await waveplan(dir, ['export', '--to', 'github-actions'], env(fake.url));
    assert.is(exported.code, 0, exported.stderr);
    assert.equal(await actionlint(exported.stdout), []);
    const jobs = (parse(exported.stdout) as { jobs: Record<string, { permissions?: Record<string, string>; steps: Array<{ env?: Record<string, string> }> }> })
      .jobs;
    assert.equal(jobs['wave-1'].permissions, { contents: 'write', issues: 'write' }, 'statuses move as labels');
    assert.is(jobs['wave-2'].steps[2].env?.GITHUB_TOKEN, '${{ github.token }}');
    fake.issues.get(2)!.labels = ['status/in-progress'];
    const moved = await waveplan(dir, ['plan', '--check'], env(fake.url));
    assert.is(moved.code, 2, moved.stdout + moved.stderr);
    assert.match(moved.stdout, /#2/);
  } finally {
    await fake.close();
  }
});

cli("infer reads an issue's body: an issue that declares nothing is inferred from what it says", async () => {
  const fake = await fakeGithub({
    issues: [
      {
        number: 4,
        title: 'Signing out leaves the session alive',
        labels: ['status/backlog'],
        body: 'The handler in src/api/logout.ts never clears the cookie.\n\nBlocked by: none',
      },
    ],
  });
  try {
    const dir = project('tracking: { provider: github }\n');
    const result = await waveplan(dir, ['infer', '--json'], env(fake.url));
    assert.is(result.code, 0, result.stderr);
    const items = (JSON.parse(result.stdout) as { items: Array<{ id: string; state: string; entries: Array<{ path: string }> }> }).items;
    assert.equal(
      items.map((i) => [i.id, i.state, i.entries[0]?.path]),
      [['#4', 'inferred', 'src/api/logout.ts']],
    );
  } finally {
    await fake.close();
  }
});

cli.run();
