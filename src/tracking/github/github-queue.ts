import type { Diagnostic } from '../../diagnostics.js';
import { compareIds } from '../../order.js';
import type { Config, Item } from '../../types.js';
import { githubApiUrl, githubClient, type GithubClient, type GithubClientOptions } from './github-client.js';
import type { ItemState } from '../tracker.js';
import { issueId, issueItemState, parseIssue, type GithubIssue } from './github-issue.js';
import { resolveGithubRepo } from './github-repo.js';

/** Where the issues come from; the environment supplies GITHUB_API_URL and GITHUB_TOKEN. */
export interface GithubQueueOptions {
  config: Config;
  env: Record<string, string | undefined>;
  /** Project root, to find the origin remote when tracking.github.repo is not set. */
  root?: string;
  /** Overrides for the client (tests: tiny retry delays). */
  client?: Partial<GithubClientOptions>;
  /** Issues (`#N`) to read even when closed and named by no open issue (a run's ledger expects them). */
  include?: readonly string[];
}

export interface GithubQueueRead {
  repo: string;
  /** Open issues (filtered by tracking.github.labels) and the closed issues they name. */
  items: Item[];
  diagnostics: Diagnostic[];
  /** Each item's state for a run's ledger (issueItemState), by id. */
  states: Map<string, ItemState>;
}

/**
 * The client the environment describes: GITHUB_API_URL (default the public API),
 * GITHUB_TOKEN, and WAVEPLAN_GITHUB_PACE_MS, the milliseconds each second of GitHub's
 * waits lasts (retry backoff, rate-limit resets, the gap between writes; default 1000).
 */
export async function githubClientFor(options: GithubQueueOptions): Promise<GithubClient> {
  const repo = await resolveGithubRepo(options.config, options.root);
  const pace = Number(options.env.WAVEPLAN_GITHUB_PACE_MS);
  const paced = options.env.WAVEPLAN_GITHUB_PACE_MS !== undefined && Number.isFinite(pace) && pace >= 0 ? { retryUnitMs: pace, writeIntervalMs: pace } : {};
  return githubClient({ repo, baseUrl: githubApiUrl(options.env.GITHUB_API_URL), token: options.env.GITHUB_TOKEN, ...paced, ...options.client });
}

/**
 * Read the queue from GitHub issues: every open issue (all pages; pull requests are
 * skipped), then the closed issues that open ones name as blockers (and those in `include`) — first from one
 * page of recently closed issues, then one by one. Closed issues nobody names are
 * left out, so an unrelated issue closing does not change the plan.
 */
export async function readGithubQueue(options: GithubQueueOptions): Promise<GithubQueueRead> {
  const client = await githubClientFor(options);
  const labels = options.config.tracking.github?.labels ?? [];
  const open = await client.call(`list the open issues of ${client.repo}`, (o) =>
    o.paginate(o.rest.issues.listForRepo, {
      owner: client.owner,
      repo: client.name,
      state: 'open',
      per_page: 100,
      ...(labels.length ? { labels: labels.join(',') } : {}),
    }),
  );
  const issues = new Map<number, GithubIssue>();
  for (const issue of open as GithubIssue[]) if (!issue.pull_request) issues.set(issue.number, issue);
  const parsed = new Map([...issues.values()].map((i) => [i.number, read(i, client.repo)]));
  const wanted = () =>
    new Set(
      [...parsed.values()]
        .flatMap((p) => [...p.item.blockedBy, ...p.item.blocks])
        .concat(options.include ?? [])
        .filter((ref) => /^#\d+$/.test(ref))
        .map((ref) => Number(ref.slice(1)))
        .filter((n) => !parsed.has(n)),
    );
  if (wanted().size > 0) {
    const closed = await client.call(`list the recently closed issues of ${client.repo}`, (o) =>
      o.rest.issues.listForRepo({ owner: client.owner, repo: client.name, state: 'closed', sort: 'updated', direction: 'desc', per_page: 100 }),
    );
    const need = wanted();
    for (const issue of closed.data as GithubIssue[]) if (need.has(issue.number) && !issue.pull_request) parsed.set(issue.number, read(issue, client.repo));
  }
  for (const number of [...wanted()].sort((a, b) => a - b)) {
    const issue = await readIssue(client, number, true);
    // A blocker that does not exist stays unknown: the queue check names it.
    if (issue && !issue.pull_request) parsed.set(number, read(issue, client.repo));
  }
  const all = [...parsed.values()].sort((a, b) => compareIds(a.item.id, b.item.id));
  const states = new Map(all.map((p) => [p.item.id, issueItemState(p.issue, p.item.status)]));
  return { repo: client.repo, items: all.map((p) => p.item), diagnostics: all.flatMap((p) => p.diagnostics), states };
}

/** An issue parsed, kept beside its item (its ledger state is computed from the raw issue). */
function read(issue: GithubIssue, repo: string): ReturnType<typeof parseIssue> & { issue: GithubIssue } {
  return { ...parseIssue(issue, repo), issue };
}

/** One issue, or undefined when `missingOk` and it does not exist. */
export async function readIssue(client: GithubClient, number: number, missingOk = false): Promise<GithubIssue | undefined> {
  try {
    const answer = await client.call(
      `read issue ${issueId(number)} of ${client.repo}`,
      (o) => o.rest.issues.get({ owner: client.owner, repo: client.name, issue_number: number }),
      `issue ${issueId(number)} not found in ${client.repo}`,
    );
    return answer.data as GithubIssue;
  } catch (error) {
    if (missingOk && (error as { code?: string }).code === 'GITHUB_NOT_FOUND') return undefined;
    throw error;
  }
}
