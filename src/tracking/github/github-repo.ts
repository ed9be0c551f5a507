import { WaveplanError } from '../../errors.js';
import { remoteUrl } from '../../io/git.js';
import type { Config } from '../../types.js';

/** `git@github.com:acme/shop.git`, `https://github.com/acme/shop`, `ssh://git@host/acme/shop.git` → `acme/shop`. */
export function parseGithubRemote(url: string): string | undefined {
  const m = /^(?:[\w.+-]+:\/\/(?:[^@/]+@)?[^/]+\/|[^@\s]+@[^:\s]+:)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** tracking.github.repo, else the origin remote's owner/name. */
export async function resolveGithubRepo(config: Config, root: string | undefined): Promise<string> {
  const configured = config.tracking.github?.repo;
  if (configured) return configured;
  const url = root ? await remoteUrl(root) : undefined;
  const repo = url ? parseGithubRemote(url) : undefined;
  if (repo) return repo;
  throw new WaveplanError(
    `tracking.provider is github but no repository is known${url ? ` (the origin remote ${url} is not owner/name)` : ' (no origin remote)'}: set tracking.github.repo in parallel.config.yaml, e.g.\n  tracking: { provider: github, github: { repo: acme/shop } }`,
    'GITHUB_REPO',
  );
}
