import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A GitHub REST API on 127.0.0.1 for one repository, answering the way
 * docs.github.com/rest documents: issue objects (labels as objects, `pull_request`
 * on pull requests), `Link` pagination headers, rate-limit headers on every answer,
 * `{ message, documentation_url, status }` error bodies. It holds state and records
 * every request, so tests assert what the real client sent.
 */

export interface FakeIssueInput {
  number: number;
  title: string;
  body?: string | null;
  state?: 'open' | 'closed';
  labels?: string[];
  assignee?: string;
  /** True for a pull request (the issues API lists those too). */
  pull?: boolean;
}

export interface FakeIssue extends Required<Omit<FakeIssueInput, 'assignee'>> {
  assignee?: string;
  comments: string[];
  updated: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  authorization?: string;
}

export interface CannedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeGithub {
  /** Base URL for GITHUB_API_URL. */
  url: string;
  /** `owner/name` of the one repository served. */
  repo: string;
  issues: Map<number, FakeIssue>;
  requests: RecordedRequest[];
  /** Answer the next `times` requests matching `method` and `path` with `answer` instead. */
  failNext(method: string, path: RegExp, answer: CannedAnswer, times?: number): void;
  /** Called before a request is handled (e.g. to let "someone else" move an issue first). */
  before?: (request: RecordedRequest) => void;
  close(): Promise<void>;
}

export interface FakeGithubOptions {
  repo?: string;
  token?: string;
  issues?: FakeIssueInput[];
}

const DOCS = 'https://docs.github.com/rest';

export async function fakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const repo = options.repo ?? 'acme/shop';
  const token = options.token ?? 'test-token';
  const issues = new Map<number, FakeIssue>();
  let clock = 0;
  for (const i of options.issues ?? []) {
    issues.set(i.number, { body: null, state: 'open', labels: [], pull: false, comments: [], updated: ++clock, ...i });
  }
  const canned: Array<{ method: string; path: RegExp; answer: CannedAnswer; times: number }> = [];
  const requests: RecordedRequest[] = [];
  let remaining = 5000;
  const fake: FakeGithub = {
    url: '',
    repo,
    issues,
    requests,
    failNext: (method, path, answer, times = 1) => void canned.push({ method, path, answer, times }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', fake.url);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: text ? JSON.parse(text) : undefined,
        authorization: req.headers.authorization,
      };
      requests.push(recorded);
      fake.before?.(recorded);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        remaining = Math.max(0, remaining - 1);
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'x-github-api-version-selected': '2022-11-28',
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': String(remaining),
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
          'x-ratelimit-used': String(5000 - remaining),
          'x-ratelimit-resource': 'core',
          ...headers,
        });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const cannedIndex = canned.findIndex((c) => c.method === recorded.method && c.path.test(recorded.path));
      if (cannedIndex >= 0) {
        const c = canned[cannedIndex];
        if (--c.times <= 0) canned.splice(cannedIndex, 1);
        return send(c.answer.status, c.answer.body, c.answer.headers);
      }
      if (req.headers.authorization !== `token ${token}` && req.headers.authorization !== `Bearer ${token}`) {
        return send(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      }
      route(recorded, url, send);
    });
  });

  const issueJson = (i: FakeIssue) => toIssueJson(i, fake.url, repo);
  const notFound = { message: 'Not Found', documentation_url: DOCS, status: '404' };
  function route(r: RecordedRequest, url: URL, send: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    const prefix = `/repos/${repo}`;
    if (!r.path.startsWith(`${prefix}/`) && r.path !== prefix) return send(404, notFound);
    const rest = r.path.slice(prefix.length);
    const body = (r.body ?? {}) as { state?: 'open' | 'closed'; labels?: Array<string | { name: string }>; body?: string };
    let m: RegExpExecArray | null;
    if (r.method === 'GET' && rest === '') return send(200, { id: 1, name: repo.split('/')[1], full_name: repo, private: false, has_issues: true });
    if (r.method === 'GET' && rest === '/issues') return listIssues(url, send);
    if ((m = /^\/issues\/(\d+)(\/.*)?$/.exec(rest))) {
      const issue = issues.get(Number(m[1]));
      if (!issue) return send(404, notFound);
      const tail = m[2] ?? '';
      const names = (body.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name));
      const touch = () => (issue.updated = ++clock);
      if (r.method === 'GET' && tail === '') return send(200, issueJson(issue));
      if (r.method === 'PATCH' && tail === '') {
        if (body.state) issue.state = body.state;
        if (body.labels) issue.labels = [...new Set(names)];
        if (body.body !== undefined) issue.body = body.body;
        touch();
        return send(200, issueJson(issue));
      }
      if (r.method === 'POST' && tail === '/labels') {
        issue.labels = [...new Set([...issue.labels, ...names])];
        touch();
        return send(200, issue.labels.map(labelJson));
      }
      if (r.method === 'PUT' && tail === '/labels') {
        issue.labels = [...new Set(names)];
        touch();
        return send(200, issue.labels.map(labelJson));
      }
      const del = /^\/labels\/(.+)$/.exec(tail);
      if (r.method === 'DELETE' && del) {
        const name = decodeURIComponent(del[1]);
        if (!issue.labels.includes(name)) return send(404, { message: 'Label does not exist', documentation_url: DOCS, status: '404' });
        issue.labels = issue.labels.filter((l) => l !== name);
        touch();
        return send(200, issue.labels.map(labelJson));
      }
      if (r.method === 'POST' && tail === '/comments') {
        issue.comments.push(String(body.body ?? ''));
        touch();
        return send(201, commentJson(issue, issue.comments.length - 1, repo));
      }
      if (r.method === 'GET' && tail === '/comments') {
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
        const all = issue.comments.map((_, i) => commentJson(issue, i, repo));
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        return send(200, all.slice((page - 1) * perPage, page * perPage), page * perPage < all.length ? { link: `<${next.toString()}>; rel="next"` } : {});
      }
    }
    // Comment ids are number * 1000 + position, so one id names its issue and its comment.
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest)) && r.method === 'PATCH') {
      const id = Number(m[1]);
      const issue = issues.get(Math.floor(id / 1000));
      const at = (id % 1000) - 1;
      if (!issue || at < 0 || at >= issue.comments.length) return send(404, notFound);
      issue.comments[at] = String(body.body ?? '');
      issue.updated = ++clock;
      return send(200, commentJson(issue, at, repo));
    }
    send(404, notFound);
  }

  function listIssues(url: URL, send: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    const q = url.searchParams;
    const state = q.get('state') ?? 'open';
    const wanted = (q.get('labels') ?? '').split(',').filter(Boolean);
    const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const desc = (q.get('direction') ?? 'desc') === 'desc';
    const key = (i: FakeIssue) => (q.get('sort') === 'updated' ? i.updated : i.number);
    const all = [...issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => wanted.every((l) => i.labels.includes(l)))
      .sort((a, b) => (desc ? key(b) - key(a) : key(a) - key(b)));
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (n: number, rel: string) => {
      const next = new URL(url);
      next.searchParams.set('page', String(n));
      return `<${next.toString()}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    send(
      200,
      all.slice((page - 1) * perPage, page * perPage).map((i) => toIssueJson(i, fake.url, repo)),
      links.length ? { link: links.join(', ') } : {},
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function commentJson(issue: FakeIssue, at: number, repo: string): Record<string, unknown> {
  const id = issue.number * 1000 + at + 1;
  return {
    id,
    body: issue.comments[at],
    html_url: `https://github.com/${repo}/issues/${issue.number}#issuecomment-${id}`,
    user: { login: 'github-actions[bot]' },
  };
}

function labelJson(name: string, index = 0): Record<string, unknown> {
  return {
    id: 1000 + index,
    node_id: `LA_${Buffer.from(name).toString('base64')}`,
    url: `https://api.github.com/labels/${encodeURIComponent(name)}`,
    name,
    description: null,
    color: 'ededed',
    default: false,
  };
}

function toIssueJson(i: FakeIssue, base: string, repo: string): Record<string, unknown> {
  const url = `${base}/repos/${repo}/issues/${i.number}`;
  const user = { login: 'octocat', id: 1, type: 'User', site_admin: false };
  return {
    url,
    repository_url: `${base}/repos/${repo}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `https://github.com/${repo}/${i.pull ? 'pull' : 'issues'}/${i.number}`,
    id: 100000 + i.number,
    node_id: `I_${i.number}`,
    number: i.number,
    title: i.title,
    user,
    labels: i.labels.map(labelJson),
    state: i.state,
    locked: false,
    assignee: i.assignee ? { ...user, login: i.assignee } : null,
    assignees: i.assignee ? [{ ...user, login: i.assignee }] : [],
    milestone: null,
    comments: i.comments.length,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: new Date(Date.UTC(2026, 0, 1) + i.updated * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    closed_at: i.state === 'closed' ? '2026-01-02T00:00:00Z' : null,
    author_association: 'OWNER',
    state_reason: i.state === 'closed' ? 'completed' : null,
    body: i.body,
    ...(i.pull
      ? {
          pull_request: {
            url: `${base}/repos/${repo}/pulls/${i.number}`,
            html_url: `https://github.com/${repo}/pull/${i.number}`,
            diff_url: null,
            patch_url: null,
            merged_at: null,
          },
        }
      : {}),
  };
}
