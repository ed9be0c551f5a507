import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import { WaveplanError } from '../../errors.js';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** How to reach GitHub; every delay is configurable so tests run in milliseconds. */
export interface GithubClientOptions {
  /** `owner/name`. */
  repo: string;
  /** GITHUB_TOKEN. */
  token?: string;
  /** GITHUB_API_URL; default https://api.github.com. */
  baseUrl?: string;
  /** Milliseconds per second of GitHub's `retry-after`/rate-limit reset and of the 5xx backoff (1 s, 4 s, 9 s); default 1000. */
  retryUnitMs?: number;
  /** Retries of a 5xx answer or a failed connection; default 3. */
  retries?: number;
  /** Retries of a rate-limit answer (403/429); default 3. */
  rateLimitRetries?: number;
  /** Least time between two writes, as GitHub asks of integrations; default 1000 (comments 3000). */
  writeIntervalMs?: number;
}

/** The API cannot be reached at all (DNS, refused, timeout): the caller may fall back to files. */
export class GithubUnreachableError extends WaveplanError {
  constructor(message: string) {
    super(message, 'GITHUB_UNREACHABLE');
  }
}

const ThrottledOctokit = Octokit.plugin(retry, throttling);
/** @octokit/rest's surface (REST methods, paginate); the plugins only change how requests are sent. */
export type GithubOctokit = Octokit;

export interface GithubClient {
  octokit: GithubOctokit;
  owner: string;
  name: string;
  repo: string;
  baseUrl: string;
  /** Run one API call; GitHub's failures become WaveplanErrors that say what to do. */
  call<T>(what: string, fn: (octokit: GithubOctokit) => Promise<T>, notFound?: string): Promise<T>;
}

/**
 * GITHUB_API_URL when it is an http(s) URL; a mistake to fix otherwise, never "cannot reach the
 * API" (an error that tracking.github.fallback_to_files would pass over).
 */
export function githubApiUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'http:' || protocol === 'https:') return value;
  throw new WaveplanError(
    `GITHUB_API_URL is "${value}", not an http(s) URL: set it to your GitHub Enterprise Server's API (e.g. https://ghe.example.com/api/v3), or unset it for ${DEFAULT_GITHUB_API_URL}`,
    'GITHUB_API_URL',
  );
}

/** Octokit with pagination, retries of 5xx and network errors, and rate-limit waits. */
export function githubClient(options: GithubClientOptions): GithubClient {
  const [owner, name] = options.repo.split('/');
  const baseUrl = (options.baseUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const unit = options.retryUnitMs ?? 1000;
  const writeGap = options.writeIntervalMs ?? 1000;
  const rateLimitRetries = options.rateLimitRetries ?? 3;
  const octokit: GithubOctokit = new ThrottledOctokit({
    auth: options.token || undefined,
    baseUrl,
    userAgent: 'waveplan',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    // 403 and 429 are rate limits: the throttling plugin waits for those, so retry must not multiply them.
    retry: { retries: options.retries ?? 3, retryAfterBaseValue: unit, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      retryAfterBaseValue: unit,
      // Per client, not the plugin's process-wide groups, so the intervals above apply.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeGap }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: writeGap * 3 }),
      onRateLimit: (_after: number, _options: unknown, _octokit: unknown, count: number) => count < rateLimitRetries,
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, count: number) => count < rateLimitRetries,
    },
  });
  const client: GithubClient = {
    octokit,
    owner,
    name,
    repo: options.repo,
    baseUrl,
    async call(what, fn, notFound) {
      try {
        return await fn(octokit);
      } catch (error) {
        throw explain(error, client, what, notFound, Boolean(options.token));
      }
    },
  };
  return client;
}

interface RequestFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: { message?: string } };
}

function explain(error: unknown, client: GithubClient, what: string, notFound: string | undefined, hasToken: boolean): Error {
  if (!(error instanceof Error) || error instanceof WaveplanError) return error as Error;
  const e = error as Error & RequestFailure;
  if (typeof e.status !== 'number') return error;
  const said = e.response?.data?.message ?? e.message;
  if (!e.response) return new GithubUnreachableError(`cannot reach the GitHub API at ${client.baseUrl} to ${what}: ${e.message}`);
  if (e.status === 401) {
    return new WaveplanError(
      `GITHUB_TOKEN is ${hasToken ? 'invalid' : 'missing'}: GitHub answered 401 (${said}) when asked to ${what}; set GITHUB_TOKEN to a token that can read and write the issues of ${client.repo}`,
      'GITHUB_AUTH',
    );
  }
  if (e.status === 404) {
    return new WaveplanError(
      notFound ?? `repo ${client.repo} not found at ${client.baseUrl} (or GITHUB_TOKEN cannot see it); check tracking.github.repo and the token's access`,
      'GITHUB_NOT_FOUND',
    );
  }
  const headers = e.response.headers ?? {};
  if (
    (e.status === 403 || e.status === 429) &&
    (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(said))
  ) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? ` (resets at ${new Date(reset * 1000).toISOString()})` : '';
    return new WaveplanError(`GitHub rate limit reached while trying to ${what}, still after retries${when}: ${said}`, 'GITHUB_RATE_LIMIT');
  }
  if (e.status === 403)
    return new WaveplanError(`GitHub refused to ${what} (403: ${said}); the token needs the issues permission on ${client.repo}`, 'GITHUB_FORBIDDEN');
  if (e.status >= 500)
    return new WaveplanError(`GitHub answered ${e.status} (${said}) when asked to ${what}, also after retries; try again later`, 'GITHUB_SERVER');
  return new WaveplanError(`GitHub answered ${e.status} (${said}) when asked to ${what}`, 'GITHUB_REQUEST');
}
