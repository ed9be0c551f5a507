import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../src/config/defaults.js';
import { WaveplanError } from '../../src/errors.js';
import { githubClient, GithubUnreachableError } from '../../src/tracking/github/github-client.js';
import { readGithubQueue } from '../../src/tracking/github/github-queue.js';
import { issueItemState, type GithubIssue } from '../../src/tracking/github/github-issue.js';
import { GithubTracker } from '../../src/tracking/github/github-tracker.js';
import type { MoveWatch } from '../../src/tracking/tracker.js';
import type { Config } from '../../src/types.js';
import { fakeGithub, type FakeGithub, type FakeIssueInput } from '../helpers/fake-github.js';
import { makeItem } from '../helpers/items.js';

/** Client delays in milliseconds instead of seconds. */
const FAST = { retryUnitMs: 1, writeIntervalMs: 0 };

function githubConfig(extra: Partial<NonNullable<Config['tracking']['github']>> = {}): Config {
  const config = defaultConfig();
  config.tracking = { provider: 'github', github: { repo: 'acme/shop', ...extra } };
  return config;
}

const read = (fake: FakeGithub, config = githubConfig(), token = 'test-token') =>
  readGithubQueue({ config, env: { GITHUB_API_URL: fake.url, GITHUB_TOKEN: token }, client: FAST });

const issues: FakeIssueInput[] = [
  { number: 1, title: 'Schema', state: 'closed', labels: ['status/done'] },
  {
    number: 2,
    title: 'Login',
    labels: ['status/backlog', 'priority/p1'],
    body: 'Blocked by: #1\n\n```yaml waveplan\nfiles: [src/api/**]\nrun: make login\n```',
  },
  { number: 3, title: 'Logout', labels: ['status/backlog'], body: 'Blocked by: #2' },
  { number: 4, title: 'A pull request', pull: true },
  { number: 5, title: 'Unrelated closed', state: 'closed' },
];

async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.match((error as Error).message, pattern);
    assert.instance(error, WaveplanError);
    return;
  }
  assert.unreachable(`expected a rejection matching ${pattern}`);
}

const queue = suite('readGithubQueue');

queue('open issues and the closed blockers they name; pull requests and unnamed closed issues left out', async () => {
  const fake = await fakeGithub({ issues });
  try {
    const got = await read(fake);
    assert.equal(got.diagnostics, []);
    assert.equal(
      got.items.map((i) => [i.id, i.status, i.priority, i.blockedBy, i.files, i.run ?? null]),
      [
        ['#1', 'completed', 'p2', [], [], null],
        ['#2', 'pending', 'p1', ['#1'], ['src/api/**'], 'make login'],
        ['#3', 'pending', 'p2', ['#2'], [], null],
      ],
    );
    assert.equal(
      fake.requests.map((r) => `${r.method} ${r.path} ${r.query.state ?? ''}`),
      ['GET /repos/acme/shop/issues open', 'GET /repos/acme/shop/issues closed'],
    );
    assert.is(fake.requests[0].authorization, 'token test-token');
  } finally {
    await fake.close();
  }
});

queue('pagination over 3 pages follows the Link header', async () => {
  const many = Array.from({ length: 250 }, (_, i) => ({ number: i + 1, title: `Issue ${i + 1}`, labels: ['status/backlog'] }));
  const fake = await fakeGithub({ issues: many });
  try {
    const got = await read(fake);
    assert.is(got.items.length, 250);
    assert.equal(
      fake.requests.map((r) => r.query.page ?? '1'),
      ['1', '2', '3'],
    );
    assert.equal(
      got.items.slice(0, 3).map((i) => i.id),
      ['#1', '#2', '#3'],
    );
  } finally {
    await fake.close();
  }
});

queue('a blocker missing from the closed page is fetched; one that does not exist stays unknown', async () => {
  const recent = Array.from({ length: 120 }, (_, i) => ({ number: 100 + i, title: `Closed later ${i}`, state: 'closed' as const }));
  const fake = await fakeGithub({
    issues: [{ number: 1, title: 'Old', state: 'closed' }, ...recent, { number: 2, title: 'New', body: 'Blocked by: #1, #40' }],
  });
  try {
    const got = await read(fake);
    assert.equal(
      got.items.map((i) => [i.id, i.status]),
      [
        ['#1', 'completed'],
        ['#2', 'pending'],
      ],
    );
    assert.equal(
      fake.requests.slice(2).map((r) => r.path),
      ['/repos/acme/shop/issues/1', '/repos/acme/shop/issues/40'],
    );
  } finally {
    await fake.close();
  }
});

queue('labels filter: only issues with every configured label', async () => {
  const fake = await fakeGithub({
    issues: [
      { number: 1, title: 'a', labels: ['waveplan'] },
      { number: 2, title: 'b' },
    ],
  });
  try {
    const got = await read(fake, githubConfig({ labels: ['waveplan'] }));
    assert.equal(
      got.items.map((i) => i.id),
      ['#1'],
    );
    assert.is(fake.requests[0].query.labels, 'waveplan');
  } finally {
    await fake.close();
  }
});

queue('5xx answers and a 403 rate-limit answer are retried', async () => {
  const fake = await fakeGithub({ issues });
  const reset = String(Math.floor(Date.now() / 1000));
  fake.failNext('GET', /\/issues$/, { status: 502, body: { message: 'Server Error' } }, 2);
  fake.failNext('GET', /\/issues$/, {
    status: 403,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    body: {
      message: 'API rate limit exceeded for installation ID 1.',
      documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
    },
  });
  try {
    const got = await read(fake);
    assert.is(got.items.length, 3);
    assert.is(fake.requests.filter((r) => r.query.state === 'open').length, 4);
  } finally {
    await fake.close();
  }
});

queue('401, 404, lasting rate limits and an unreachable API are clear errors', async () => {
  const fake = await fakeGithub({ issues });
  try {
    await rejects(read(fake, githubConfig(), 'wrong'), /GITHUB_TOKEN is invalid: GitHub answered 401 \(Bad credentials\)/);
    await rejects(read(fake, githubConfig(), ''), /GITHUB_TOKEN is missing/);
    await rejects(read(fake, githubConfig({ repo: 'acme/nope' })), /repo acme\/nope not found/);
    fake.failNext('GET', /\/issues$/, { status: 429, headers: { 'retry-after': '0' }, body: { message: 'You have exceeded a secondary rate limit.' } }, 10);
    await rejects(read(fake), /GitHub rate limit reached while trying to list the open issues of acme\/shop, still after retries/);
  } finally {
    await fake.close();
  }
  await rejects(read(fake), /cannot reach the GitHub API at http:\/\/127\.0\.0\.1:\d+ to list the open issues/);
});

queue('a GITHUB_API_URL that is no http(s) URL is a mistake to fix, named as such, never "cannot reach" (which fallback_to_files would hide)', async () => {
  // QA: '127.0.0.1:9' said 'cannot reach the GitHub API at 127.0.0.1:9 …: Invalid URL', and with
  // fallback_to_files the queue folder silently stood in.
  for (const url of ['127.0.0.1:9', 'not a url', 'ftp://ghe.example.com/api/v3', 'api.github.com']) {
    const config = githubConfig({ fallback_to_files: true });
    try {
      await readGithubQueue({ config, env: { GITHUB_API_URL: url, GITHUB_TOKEN: 'test-token' }, client: FAST });
      assert.unreachable(url);
    } catch (error) {
      assert.instance(error, WaveplanError, url);
      assert.not.instance(error, GithubUnreachableError, url);
      assert.match((error as Error).message, `GITHUB_API_URL is "${url}", not an http(s) URL`);
      assert.match((error as Error).message, 'https://ghe.example.com/api/v3');
    }
  }
});

queue.run();

const tracker = suite('GithubTracker');

async function withTracker(run: (t: GithubTracker, fake: FakeGithub) => Promise<void>, watch?: MoveWatch): Promise<void> {
  const fake = await fakeGithub({ issues: [{ number: 2, title: 'Login', labels: ['status/backlog', 'priority/p1', 'area/api'] }] });
  try {
    await run(new GithubTracker(githubClient({ repo: 'acme/shop', baseUrl: fake.url, token: 'test-token', ...FAST }), watch), fake);
  } finally {
    await fake.close();
  }
}

const login = () => ({ ...makeItem('#2'), file: '#2' });

tracker('claim swaps backlog for in-progress (other labels kept); complete closes with status/done', () =>
  withTracker(async (t, fake) => {
    const claimed = await t.claim(login());
    assert.is(claimed?.status, 'in_progress');
    assert.equal(fake.issues.get(2)!.labels, ['priority/p1', 'area/api', 'status/in-progress']);
    const done = await t.complete(claimed!);
    assert.is(done.status, 'completed');
    assert.equal([fake.issues.get(2)!.state, fake.issues.get(2)!.labels], ['closed', ['priority/p1', 'area/api', 'status/done']]);
    assert.equal(
      fake.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /repos/acme/shop/issues/2', 'PATCH /repos/acme/shop/issues/2', 'GET /repos/acme/shop/issues/2', 'PATCH /repos/acme/shop/issues/2'],
    );
    assert.equal(fake.requests[3].body, { labels: ['priority/p1', 'area/api', 'status/done'], state: 'closed', state_reason: 'completed' });
  }),
);

tracker('status labels the repository spells in capitals are swapped too, not kept beside the new one', async () => {
  const fake = await fakeGithub({ issues: [{ number: 2, title: 'Login', labels: ['Status/Backlog', 'area/api'] }] });
  try {
    const t = new GithubTracker(githubClient({ repo: 'acme/shop', baseUrl: fake.url, token: 'test-token', ...FAST }));
    const claimed = await t.claim(login());
    assert.is(claimed?.status, 'in_progress');
    assert.equal(fake.issues.get(2)!.labels, ['area/api', 'status/in-progress']);
  } finally {
    await fake.close();
  }
});

tracker('block sets status/blocked and comments the reason; requeue and release go back to backlog', () =>
  withTracker(async (t, fake) => {
    const claimed = (await t.claim(login()))!;
    const blocked = await t.block(claimed, '- 2026-01-01T00:00:00Z `make login` exited with code 2');
    assert.is(blocked.status, 'blocked');
    const issue = fake.issues.get(2)!;
    assert.equal([issue.state, issue.labels.filter((l) => l.startsWith('status/'))], ['open', ['status/blocked']]);
    assert.match(issue.comments[0], /moved this issue to `status\/blocked`[\s\S]*exited with code 2/);
    await t.requeue(blocked, 'fixed the flaky test');
    assert.equal(
      issue.labels.filter((l) => l.startsWith('status/')),
      ['status/backlog'],
    );
    assert.match(issue.comments[1], /`status\/backlog`:\n\nfixed the flaky test/);
    await t.release((await t.claim(login()))!, 'interrupted');
    assert.equal(
      issue.labels.filter((l) => l.startsWith('status/')),
      ['status/backlog'],
    );
    assert.is(issue.comments.length, 3);
  }),
);

tracker('a claim someone else took first is lost cleanly: nothing written', () =>
  withTracker(async (t, fake) => {
    fake.before = (r) => {
      if (r.method === 'GET') fake.issues.get(2)!.labels = ['status/in-progress'];
    };
    assert.is(await t.claim(login()), undefined);
    assert.equal(
      fake.requests.map((r) => r.method),
      ['GET'],
    );
    fake.before = (r) => {
      if (r.method === 'GET') fake.issues.get(2)!.state = 'closed';
    };
    assert.is(await t.claim(login()), undefined);
  }),
);

tracker('with a watch: each move is told first (#N (status), content hash); a claim of an edited issue is refused, nothing written', async () => {
  const moves: string[] = [];
  let expected: string | undefined;
  const watch: MoveWatch = {
    trusts: (_id, sha256) => expected === undefined || sha256 === expected,
    moving: (m) => void moves.push(`${m.id} ${m.from} → ${m.to}${m.unreviewed ? ' unreviewed' : ''}`),
  };
  await withTracker(async (t, fake) => {
    const state = issueItemState(fake.issues.get(2)! as unknown as GithubIssue);
    assert.is(state.file, '#2 (pending)');
    expected = state.sha256;
    const claimed = (await t.claim(login()))!;
    assert.equal(issueItemState(fake.issues.get(2)! as unknown as GithubIssue).sha256, state.sha256, 'a label move keeps the content hash');
    fake.issues.get(2)!.body = 'edited during the run';
    await t.complete(claimed);
    assert.equal(moves, ['#2 #2 (pending) → #2 (in_progress)', '#2 #2 (in_progress) → #2 (completed) unreviewed']);
    Object.assign(fake.issues.get(2)!, { state: 'open', labels: ['status/backlog'] });
    const writes = fake.requests.filter((r) => r.method !== 'GET').length;
    await rejects(t.claim(login()), /issue #2 of acme\/shop changed after the plan was reviewed .* so its command is not run/);
    assert.is(fake.requests.filter((r) => r.method !== 'GET').length, writes, 'nothing written');
  }, watch);
});

tracker('a write that fails with 5xx is retried', () =>
  withTracker(async (t, fake) => {
    fake.failNext('PATCH', /\/issues\/2$/, { status: 503, body: { message: 'Service Unavailable' } }, 2);
    assert.is((await t.claim(login()))?.status, 'in_progress');
    assert.is(fake.requests.filter((r) => r.method === 'PATCH').length, 3);
  }),
);

tracker.run();
