import { InternalError } from '../../errors.js';
import type { Item, Status } from '../../types.js';
import type { GithubClient } from './github-client.js';
import { issueId, issueItemState, issueStatus, labelNames, labelStatus, STATUS_LABELS, type GithubIssue } from './github-issue.js';
import { readIssue } from './github-queue.js';
import { ItemChangedError, type MoveWatch, type Tracker } from '../tracker.js';

/**
 * Item statuses as issue labels. Every move re-reads the issue first, so a claim
 * someone else took (the issue is no longer backlog) is noticed and left alone.
 * GitHub offers no compare-and-swap on labels: two claims in the same instant can
 * both pass the check; runs on several machines should split the queue by label
 * (tracking.github.labels) or use `export --to github-actions`.
 *
 * With a `watch` (apply's ledger, docs/reliability.md), each move is told to it before the label
 * changes, and a claim of an issue whose title, body or labels are not what the run trusts is
 * refused: its command is not run.
 */
export class GithubTracker implements Tracker {
  constructor(
    private readonly client: GithubClient,
    private readonly watch?: MoveWatch,
  ) {}

  async claim(item: Item): Promise<Item | undefined> {
    const issue = await readIssue(this.client, numberOf(item));
    if (!issue || issue.state !== 'open' || issueStatus(issue) !== 'pending') return undefined;
    if (this.watch && !this.watch.trusts(item.id, issueItemState(issue).sha256)) {
      throw new ItemChangedError(
        `issue ${item.id} of ${this.client.repo} changed after the plan was reviewed (its title, body or labels are not what the plan's fingerprint covers), so its command is not run: run \`waveplan plan\`, review the change, then \`waveplan apply\``,
      );
    }
    await this.move(issue, 'in_progress');
    return { ...item, status: 'in_progress' };
  }

  async complete(item: Item, note?: string): Promise<Item> {
    if (note) return this.moveWithNote(item, 'completed', note);
    const issue = await this.read(item);
    await this.move(issue, 'completed');
    return { ...item, status: 'completed' };
  }

  async block(item: Item, note: string): Promise<Item> {
    return this.moveWithNote(item, 'blocked', note);
  }

  async release(item: Item, note: string): Promise<Item> {
    return this.moveWithNote(item, 'pending', note);
  }

  async requeue(item: Item, note: string): Promise<Item> {
    return this.moveWithNote(item, 'pending', note);
  }

  private async moveWithNote(item: Item, to: Status, note: string): Promise<Item> {
    const issue = await this.read(item);
    await this.move(issue, to);
    await this.client.call(`comment on issue ${item.id} of ${this.client.repo}`, (o) =>
      o.rest.issues.createComment({
        owner: this.client.owner,
        repo: this.client.name,
        issue_number: issue.number,
        body: `**waveplan** moved this issue to \`${STATUS_LABELS[to]}\`:\n\n${note}`,
      }),
    );
    return { ...item, status: to };
  }

  private async read(item: Item): Promise<GithubIssue> {
    const issue = await readIssue(this.client, numberOf(item));
    if (!issue) throw new InternalError(`issue ${item.id} vanished`);
    return issue;
  }

  /** One PATCH: the status label swapped (other labels kept), closed when completed, reopened otherwise. */
  private async move(issue: GithubIssue, to: Status): Promise<void> {
    if (this.watch) {
      const now = issueItemState(issue);
      this.watch.moving({
        id: issueId(issue.number),
        from: now.file,
        to: issueItemState(issue, to).file,
        sha256: now.sha256,
        unreviewed: !this.watch.trusts(issueId(issue.number), now.sha256),
      });
    }
    const labels = [...labelNames(issue).filter((l) => labelStatus(l) === undefined), STATUS_LABELS[to]];
    const state = to === 'completed' ? 'closed' : 'open';
    await this.client.call(`set ${STATUS_LABELS[to]} on issue ${issueId(issue.number)} of ${this.client.repo}`, (o) =>
      o.rest.issues.update({
        owner: this.client.owner,
        repo: this.client.name,
        issue_number: issue.number,
        labels,
        state,
        ...(state === 'closed' ? { state_reason: 'completed' as const } : {}),
      }),
    );
  }
}

function numberOf(item: Item): number {
  const m = /^#(\d+)$/.exec(item.id);
  if (!m) throw new InternalError(`item ${item.id} is not a GitHub issue (#N)`);
  return Number(m[1]);
}
