import { diagnostic, type Diagnostic } from '../../diagnostics.js';
import { sha256Hex } from '../../io/sha256.js';
import { parsePathList, parsePriority } from '../../queue/item-fields.js';
import { splitMarkdown } from '../../queue/markdown.js';
import { normalPath, pathProblem } from '../../repo-path.js';
import { didYouMean } from '../../suggest.js';
import { visibleControls } from '../../text.js';
import { DEFAULT_PRIORITY, type Item, type Priority, type Status } from '../../types.js';
import type { ItemState } from '../tracker.js';
import { readIssueBody } from './github-body.js';

/** The part of GitHub's issue object waveplan reads. */
export interface GithubIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  labels: Array<string | { name?: string }>;
  assignee?: { login: string } | null;
  pull_request?: unknown;
}

/** The status labels of the ecosystem, in the order that wins when an issue has several. */
export const STATUS_LABELS = {
  completed: 'status/done',
  blocked: 'status/blocked',
  in_progress: 'status/in-progress',
  pending: 'status/backlog',
} as const satisfies Record<Status, string>;
const LABEL_STATUS = new Map<string, Status>(Object.entries(STATUS_LABELS).map(([status, label]) => [label, status as Status]));

/**
 * The status a label stands for, whatever its case: GitHub matches label names without case (a
 * repository cannot hold both `Status/Done` and `status/done`, and setting `status/done` on an
 * issue attaches the repository's `Status/Done`).
 */
export function labelStatus(label: string): Status | undefined {
  return LABEL_STATUS.get(label.toLowerCase());
}

export function issueId(number: number): string {
  return `#${number}`;
}

export function labelNames(issue: Pick<GithubIssue, 'labels'>): string[] {
  return issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean);
}

/**
 * Status from the labels and state: closed, or `status/done`, is completed; an open
 * issue without a status label is pending (new issues are backlog).
 */
export function issueStatus(issue: Pick<GithubIssue, 'state' | 'labels'>): Status {
  if (issue.state === 'closed') return 'completed';
  const labels = new Set(labelNames(issue).map((l) => l.toLowerCase()));
  for (const [status, label] of Object.entries(STATUS_LABELS)) if (labels.has(label)) return status as Status;
  return 'pending';
}

/**
 * An issue as a run's ledger knows it (docs/reliability.md): `#N (status)` and the sha-256 of what
 * makes the item (title, body, labels other than the status), so an edit or a relabel nobody's run
 * made is told apart from the run's own label moves.
 */
export function issueItemState(issue: GithubIssue, status: Status = issueStatus(issue)): ItemState {
  const labels = labelNames(issue)
    .filter((l) => labelStatus(l) === undefined)
    .sort();
  return { file: `${issueId(issue.number)} (${status})`, sha256: sha256Hex(JSON.stringify([issue.title, issue.body ?? '', labels])) };
}

/** One issue as a queue item (pure), with every problem found in it named `#N`. */
export function parseIssue(issue: GithubIssue, repo: string): { item: Item; diagnostics: Diagnostic[] } {
  const id = issueId(issue.number);
  const body = readIssueBody(id, issue.body ?? '', repo);
  const diagnostics = [...body.diagnostics];
  const labels = labelNames(issue);
  const statusLabels = labels.filter((l) => labelStatus(l) !== undefined);
  if (statusLabels.length > 1 && issue.state !== 'closed') {
    diagnostics.push(
      diagnostic({
        severity: 'warning',
        file: id,
        code: 'ISSUE_STATUS_LABELS',
        message: `${id} has ${statusLabels.length} status labels (${statusLabels.join(', ')}); ${STATUS_LABELS[issueStatus(issue)]} wins`,
        expected: 'one of status/backlog, status/in-progress, status/done, status/blocked',
        found: statusLabels.join(', '),
        hint: 'remove the labels that are out of date',
      }),
    );
  }
  for (const label of labels.filter((l) => l.toLowerCase().startsWith('status/') && labelStatus(l) === undefined)) {
    diagnostics.push(
      diagnostic({
        severity: 'warning',
        file: id,
        code: 'ISSUE_STATUS_LABEL',
        message: `unknown status label "${label}" is ignored`,
        expected: [...LABEL_STATUS.keys()].join(', '),
        found: label,
        hint: didYouMean(label, [...LABEL_STATUS.keys()]),
      }),
    );
  }
  const fields = body.fields;
  const item: Item = {
    id,
    file: id,
    slug: slugOf(issue.title),
    status: issueStatus(issue),
    // Anyone can title an issue: shown on terminals, so no control characters (src/text.ts).
    title: visibleControls(issue.title, { newlines: false }),
    priority: priorityOf(id, labels, fields.priority, diagnostics),
    estimate: typeof fields.estimate === 'number' ? fields.estimate : 1,
    blockedBy: body.blockedBy,
    blocks: body.blocks,
    files: unique(list(fields.files).map(normalPath)),
    reads: unique(list(fields.reads).map(normalPath)),
    resources: list(fields.resources),
    components: list(fields.components),
    // Inference reads the issue's words as it reads an item file's (docs/inference.md).
    sections: splitMarkdown(body.prose).sections,
    body: issue.body ?? '',
  };
  // As written (before normalPath, which drops a leading /).
  for (const [field, paths] of [
    ['files', list(fields.files)],
    ['reads', list(fields.reads)],
  ] as const) {
    for (const path of paths) {
      const problem = pathProblem(path);
      if (problem)
        diagnostics.push(
          diagnostic({
            file: id,
            code: 'ISSUE_PATH',
            message: `${field} entry "${path}" ${problem}`,
            expected: 'a repo-relative path or glob such as src/api/**',
            found: path,
            hint: 'write the path relative to the repository root, without a leading / or ..',
          }),
        );
    }
  }
  if (fields.branch !== undefined) item.branch = fields.branch;
  if (fields.run !== undefined) item.run = fields.run;
  const assignee = issue.assignee?.login ?? fields.assignee;
  if (assignee) item.assignee = assignee;
  if (body.blockedByLine !== undefined || body.blocksLine !== undefined)
    item.lines = {
      ...(body.blockedByLine !== undefined ? { blockedBy: body.blockedByLine } : {}),
      ...(body.blocksLine !== undefined ? { blocks: body.blocksLine } : {}),
    };
  return { item, diagnostics };
}

function priorityOf(id: string, labels: string[], field: string | undefined, out: Diagnostic[]): Priority {
  const found: Priority[] = [];
  for (const label of labels.filter((l) => l.toLowerCase().startsWith('priority/'))) {
    const parsed = parsePriority(label.slice('priority/'.length));
    if (parsed.ok) found.push(parsed.value);
    else
      out.push(
        diagnostic({
          severity: 'warning',
          file: id,
          code: 'ISSUE_PRIORITY_LABEL',
          message: `unknown priority label "${label}" is ignored`,
          expected: 'priority/p0, priority/p1, priority/p2 or priority/p3',
          found: label,
          hint: didYouMean(label, ['priority/p0', 'priority/p1', 'priority/p2', 'priority/p3']),
        }),
      );
  }
  if (found.length === 0 && field !== undefined) {
    const parsed = parsePriority(field);
    if (parsed.ok) found.push(parsed.value);
  }
  // Several priority labels: the most urgent one counts.
  return found.sort()[0] ?? DEFAULT_PRIORITY;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : parsePathList(value);
  return [...new Set(values.map((s) => s.trim().replace(/\\/g, '/').replace(/^\.\//, '')).filter(Boolean))];
}

function slugOf(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'issue'
  );
}
