import { WaveplanError } from '../errors.js';
import type { GithubClient } from '../tracking/github/github-client.js';

export interface StickyResult {
  action: 'created' | 'updated' | 'unchanged';
  url: string;
}

/**
 * Post `body` on a pull request, or edit the comment that already starts with `marker`, so a
 * pull request carries one review comment however often the workflow runs (docs/github.md).
 * Needs `pull-requests: write` on the workflow's token.
 */
export async function upsertStickyComment(client: GithubClient, pr: number, marker: string, body: string): Promise<StickyResult> {
  const target = { owner: client.owner, repo: client.name };
  const forbidden = (what: string) => (error: unknown) => {
    if (error instanceof WaveplanError && error.code === 'GITHUB_FORBIDDEN')
      throw new WaveplanError(
        `GitHub refused to ${what} (403): the workflow's token needs \`permissions: pull-requests: write\`; a pull request from a fork gets a read-only token, so leave out --comment there (the report is still in the run summary and the artifact)`,
        'GITHUB_FORBIDDEN',
      );
    throw error;
  };
  const comments = await client
    .call(
      `list the comments of pull request #${pr}`,
      (o) => o.paginate(o.rest.issues.listComments, { ...target, issue_number: pr, per_page: 100 }),
      `pull request #${pr} not found in ${client.repo} (or the token cannot see it)`,
    )
    .catch(forbidden(`list the comments of pull request #${pr}`));
  const mine = comments.find((c) => c.body?.startsWith(marker));
  if (mine) {
    if (mine.body === body) return { action: 'unchanged', url: mine.html_url };
    const { data } = await client
      .call(`update the waveplan comment on pull request #${pr}`, (o) => o.rest.issues.updateComment({ ...target, comment_id: mine.id, body }))
      .catch(forbidden(`update the waveplan comment on pull request #${pr}`));
    return { action: 'updated', url: data.html_url };
  }
  const { data } = await client
    .call(`comment on pull request #${pr}`, (o) => o.rest.issues.createComment({ ...target, issue_number: pr, body }))
    .catch(forbidden(`comment on pull request #${pr}`));
  return { action: 'created', url: data.html_url };
}
