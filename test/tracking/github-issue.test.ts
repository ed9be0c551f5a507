import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkQueue } from '../../src/queue/check-queue.js';
import { parseRefs, readIssueBody } from '../../src/tracking/github/github-body.js';
import { issueItemState, issueStatus, parseIssue, type GithubIssue } from '../../src/tracking/github/github-issue.js';
import { parseGithubRemote } from '../../src/tracking/github/github-repo.js';

const REPO = 'acme/shop';
const issue = ({ labels = [], ...fields }: Partial<Omit<GithubIssue, 'labels'>> & { labels?: string[] }): GithubIssue => ({
  number: 7,
  title: 'Add login endpoint',
  body: '',
  state: 'open',
  ...fields,
  labels: labels.map((name) => ({ name })),
});

const status = suite('issueStatus');

status('labels and state map to the four statuses', () => {
  const cases: Array<[string, string[], string]> = [
    ['open', ['status/backlog'], 'pending'],
    ['open', [], 'pending'],
    ['open', ['status/in-progress', 'bug'], 'in_progress'],
    ['open', ['status/done'], 'completed'],
    ['open', ['status/blocked'], 'blocked'],
    ['closed', ['status/in-progress'], 'completed'],
    ['open', ['status/backlog', 'status/blocked'], 'blocked'],
  ];
  for (const [state, labels, want] of cases) assert.is(issueStatus(issue({ state, labels })), want, `${state} ${labels}`);
});

status('labels match whatever their case, as GitHub matches them (a repository cannot hold both Status/Done and status/done)', () => {
  // QA: 'Status/In-Progress' was no status label: the issue read as pending, runnable again.
  const cases: Array<[string[], string]> = [
    [['Status/In-Progress'], 'in_progress'],
    [['STATUS/BLOCKED', 'Bug'], 'blocked'],
    [['Status/Done'], 'completed'],
    [['Status/Backlog'], 'pending'],
  ];
  for (const [labels, want] of cases) assert.is(issueStatus(issue({ state: 'open', labels })), want, String(labels));
  const parsed = parseIssue(issue({ state: 'open', labels: ['Status/Blocked', 'Priority/P1'] }), 'acme/shop');
  assert.equal([parsed.item.status, parsed.item.priority, parsed.diagnostics], ['blocked', 'p1', []]);
  const state = (labels: string[]) => issueItemState(issue({ state: 'open', labels: [...labels, 'area/api'] })).sha256;
  assert.is(state(['Status/Backlog']), state(['status/in-progress']), 'a status label, whatever its case, is no edit of the item');
});

status.run();

const body = suite('readIssueBody');

body('Blocked by lines: several, comma lists, bold, bullets, URLs; code fences skipped', () => {
  const text = [
    'Intro',
    'Blocked by: #3, #4',
    '- **Blocked by**: #5 and acme/shop#6',
    '**Blocked by:** https://github.com/acme/shop/issues/9',
    '```',
    'Blocked by: #99',
    '```',
    'Blocks: #12',
    'blocked by: none',
  ].join('\n');
  const read = readIssueBody('#7', text, REPO);
  assert.equal(read.blockedBy, ['#3', '#4', '#5', '#6', '#9']);
  assert.equal(read.blocks, ['#12']);
  assert.is(read.blockedByLine, 2);
  assert.equal(read.diagnostics, []);
});

body('a ref to another repository or a word is named with #N:line:col', () => {
  const read = readIssueBody('#7', 'x\nBlocked by: #3, other/repo#4, soon', REPO);
  assert.equal(read.blockedBy, ['#3']);
  assert.equal(
    read.diagnostics.map((d) => [d.file, d.line, d.col, d.code, d.found]),
    [
      ['#7', 2, 13, 'ISSUE_REF', 'other/repo#4'],
      ['#7', 2, 13, 'ISSUE_REF', 'soon'],
    ],
  );
});

body('the yaml waveplan block gives the machine fields; schema errors name #N and the body line', () => {
  const good = readIssueBody(
    '#7',
    ['# Title', '```yaml waveplan', 'files: [src/api/**]', 'estimate: 3', 'run: make login', 'blocked_by: [2]', '```'].join('\n'),
    REPO,
  );
  assert.equal(good.fields, { files: ['src/api/**'], estimate: 3, run: 'make login', blocked_by: [2] });
  assert.equal(good.blockedBy, ['#2']);
  const bad = readIssueBody('#7', ['text', '', '```yaml waveplan', 'files: src/a.ts', 'estimate: -1', 'flies: x', '```'].join('\n'), REPO);
  assert.equal(bad.fields, { files: 'src/a.ts' });
  assert.equal(
    bad.diagnostics.map((d) => [d.line, d.col, d.code, d.severity]),
    [
      [6, 1, 'ISSUE_UNKNOWN_FIELD', 'warning'],
      [5, 11, 'ISSUE_FIELD', 'error'],
    ],
  );
  assert.match(bad.diagnostics[0].hint ?? '', /files/);
  const open = readIssueBody('#7', '```yaml waveplan\nfiles: [a]\n', REPO);
  assert.is(open.diagnostics[0].code, 'ISSUE_BLOCK');
});

body("a plain ```yaml block holding waveplan's fields is not read, and says so (the word waveplan left out)", () => {
  // QA: an issue with ```yaml / files: [src/x.ts] / ``` had its files silently ignored (inferred instead).
  const unmarked = readIssueBody('#8', 'Fix it.\n\n```yaml\nfiles: [src/api/login.ts]\nestimate: 2\n```\n', 'acme/shop');
  assert.equal(unmarked.fields, {});
  assert.equal(
    unmarked.diagnostics.map((d) => [d.code, d.severity, d.line, d.message]),
    [
      [
        'ISSUE_BLOCK_UNMARKED',
        'warning',
        3,
        'this ```yaml block holds files, estimate but is not read: waveplan reads only a block opened with ```yaml waveplan',
      ],
    ],
  );
  // Other yaml (a config the issue quotes), or a waveplan block beside it: nothing to say.
  assert.equal(readIssueBody('#8', '```yaml\nservices:\n  web: {}\n```\n', 'acme/shop').diagnostics, []);
  const both = readIssueBody('#8', '```yml\nrun: old\n```\n\n```yaml waveplan\nfiles: [a.ts]\n```\n', 'acme/shop');
  assert.equal([both.fields, both.diagnostics], [{ files: ['a.ts'] }, []]);
});

body('parseRefs', () => {
  assert.equal(parseRefs('#1, #2 (optional); 3', REPO), { refs: ['#1', '#2', '#3'], bad: [] });
  assert.equal(parseRefs('none', REPO), { refs: [], bad: [] });
});

body.run();

const parse = suite('parseIssue');

parse('an issue becomes an item named #N', () => {
  const { item, diagnostics } = parseIssue(
    issue({
      labels: ['status/in-progress', 'priority/p1'],
      assignee: { login: 'ana' },
      body: 'Blocked by: #3\n```yaml waveplan\nfiles: [src/api/**]\nbranch: feature/login\n```',
    }),
    REPO,
  );
  assert.equal(diagnostics, []);
  assert.equal(
    {
      id: item.id,
      file: item.file,
      slug: item.slug,
      status: item.status,
      priority: item.priority,
      blockedBy: item.blockedBy,
      files: item.files,
      branch: item.branch,
      assignee: item.assignee,
      estimate: item.estimate,
    },
    {
      id: '#7',
      file: '#7',
      slug: 'add-login-endpoint',
      status: 'in_progress',
      priority: 'p1',
      blockedBy: ['#3'],
      files: ['src/api/**'],
      branch: 'feature/login',
      assignee: 'ana',
      estimate: 1,
    },
  );
});

parse("the issue's prose is what inference reads: its sections and the text before them, without the waveplan block or the Blocked by lines", () => {
  const { item } = parseIssue(
    issue({
      body: 'The login form posts to src/api/login.ts.\r\nBlocked by: #3\r\n```yaml waveplan\r\nestimate: 2\r\n```\r\n## Success Criteria\r\n- [ ] `login()` returns a session\r\n',
    }),
    REPO,
  );
  assert.equal(item.sections, { '': 'The login form posts to src/api/login.ts.', 'success criteria': '- [ ] `login()` returns a session' });
});

parse("a blocker that is no issue is named in the issue's own words, not the queue file's **BlockedBy**", () => {
  // QA: '#5:1:1 QUEUE_UNKNOWN_ID **BlockedBy** names #99, but no item has that id' for 'blocked by: #99'.
  const { item } = parseIssue(issue({ number: 5, state: 'open', body: 'Intro.\nblocked by: #99\nBlocks: #98' }), 'acme/shop');
  const found = checkQueue([item]).diagnostics.map((d) => [d.code, d.line, d.message, d.found]);
  assert.equal(found, [
    ['QUEUE_UNKNOWN_ID', 2, '"Blocked by:" names #99, which is no issue of the repository (a pull request, or a number not in use)', '#99'],
    ['QUEUE_UNKNOWN_ID', 3, '"Blocks:" names #98, which is no issue of the repository (a pull request, or a number not in use)', '#98'],
  ]);
});

parse('odd labels and paths are reported', () => {
  const { item, diagnostics } = parseIssue(
    issue({
      labels: ['status/backlog', 'status/done', 'status/doing', 'priority/urgentish', 'priority/p3', 'priority/p0'],
      body: '```yaml waveplan\nfiles: [/etc/passwd]\n```',
    }),
    REPO,
  );
  assert.is(item.priority, 'p0');
  assert.equal(diagnostics.map((d) => d.code).sort(), ['ISSUE_PATH', 'ISSUE_PRIORITY_LABEL', 'ISSUE_STATUS_LABEL', 'ISSUE_STATUS_LABELS']);
});

parse.run();

const remote = suite('parseGithubRemote');

remote('ssh, https and ssh:// remotes', () => {
  assert.is(parseGithubRemote('git@github.com:acme/shop.git'), 'acme/shop');
  assert.is(parseGithubRemote('https://github.com/acme/shop'), 'acme/shop');
  assert.is(parseGithubRemote('https://x-access-token:abc@github.com/acme/shop.git'), 'acme/shop');
  assert.is(parseGithubRemote('ssh://git@github.example.com/acme/my.repo.git'), 'acme/my.repo');
  assert.is(parseGithubRemote('/srv/git/shop.git'), undefined);
});

remote.run();
