import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseItemFilename } from '../../src/queue/item-filename.js';
import { parseIdList, parsePriority, parseStatus, refNameProblem } from '../../src/queue/item-fields.js';
import { parseItem } from '../../src/queue/parse-item.js';
import { execFileSync } from 'node:child_process';

const filename = suite('parseItemFilename');

filename('accepts the grammar NNN-STATUS-slug.md', () => {
  assert.equal(parseItemFilename('001-pending-add-login.md'), { kind: 'item', id: '001', status: 'pending', slug: 'add-login' });
  assert.equal(parseItemFilename('1234-in_progress-x2.md'), { kind: 'item', id: '1234', status: 'in_progress', slug: 'x2' });
});

filename('ignores what is not an item', () => {
  for (const name of ['README.md', '.DS_Store', 'notes.txt', '.gitkeep', 'TEMPLATE.md']) assert.equal(parseItemFilename(name), { kind: 'ignored' }, name);
});

filename('reports near-misses with a fix', () => {
  const cases: Array<[string, RegExp]> = [
    ['7-pending-x.md', /rename it to 007-pending-x\.md/],
    ['001-done-x.md', /did you mean "completed"/],
    ['001-in-progress-x.md', /did you mean "in_progress"/],
    ['001-Pending-x.md', /did you mean "pending"/],
    ['001-pending-Add_Login.md', /rename it to 001-pending-add-login\.md/],
    ['001-pending.md', /no slug/],
    ['001-pending-x.MD', /lower-case "\.md"/],
  ];
  for (const [name, hint] of cases) {
    const result = parseItemFilename(name);
    assert.is(result.kind, 'near-miss', name);
    if (result.kind === 'near-miss') assert.match(`${result.message} ${result.hint ?? ''}`, hint);
  }
});

filename.run();

const fields = suite('item fields as agents write them');

fields('BlockedBy lists', () => {
  const ok = (text: string) => {
    const r = parseIdList(text);
    assert.ok(r.ok, text);
    return r.ok ? r.value : [];
  };
  assert.equal(ok('none'), []);
  assert.equal(ok('None'), []);
  assert.equal(ok(''), []);
  assert.equal(ok('001, 002'), ['001', '002']);
  assert.equal(ok('#001, #4'), ['001', '4']);
  assert.equal(ok('001 (optional)'), ['001']);
  assert.equal(ok('`003`; 004 and 005'), ['003', '004', '005']);
  assert.equal(ok('002-pending-add-db.md'), ['002']);
  assert.is(parseIdList('the login work').ok, false);
});

fields('priorities p0..p3 and words', () => {
  const cases: Array<[string, string]> = [
    ['p0', 'p0'],
    ['P1', 'p1'],
    ['p2 (normal)', 'p2'],
    ['high', 'p1'],
    ['Medium', 'p2'],
    ['low', 'p3'],
    ['critical', 'p0'],
  ];
  for (const [text, want] of cases) assert.equal(parsePriority(text), { ok: true, value: want }, text);
  assert.is(parsePriority('hgh').ok, false);
});

fields('body statuses', () => {
  const cases: Array<[string, string]> = [
    ['pending', 'pending'],
    ['In Progress', 'in_progress'],
    ['in-progress', 'in_progress'],
    ['✅ completed', 'completed'],
    ['done', 'completed'],
    ['blocked (waiting on API)', 'blocked'],
  ];
  for (const [text, want] of cases) assert.equal(parseStatus(text), { ok: true, value: want }, text);
});

fields.run();

const item = suite('parseItem');
const source = (text: string) => ({ file: '.agent/queue/004-pending-login.md', id: '004', status: 'pending' as const, slug: 'login', text });

item('the ecosystem format: title, key lines, sections', () => {
  const { item: parsed, diagnostics } = parseItem(
    source(`# Add login endpoint
**Status**: pending
**Priority**: high
**Assignee**: agent-2
**BlockedBy**: 001, #002
**Blocks**: 007
**Files**: src/api/login.ts, \`src/api/**\`

## Description
Add POST /login.

## Success Criteria
- [ ] tests pass
`),
  );
  assert.equal(diagnostics, []);
  assert.is(parsed.title, 'Add login endpoint');
  assert.is(parsed.priority, 'p1');
  assert.is(parsed.assignee, 'agent-2');
  assert.equal(parsed.blockedBy, ['001', '002']);
  assert.equal(parsed.blocks, ['007']);
  assert.equal(parsed.files, ['src/api/login.ts', 'src/api/**']);
  assert.is(parsed.sections.description, 'Add POST /login.');
  assert.is(parsed.sections['success criteria'], '- [ ] tests pass');
  assert.equal(parsed.lines, { title: 1, status: 2, priority: 3, blockedBy: 5, blocks: 6, files: 7 });
});

item('frontmatter machine fields merge with key lines', () => {
  const { item: parsed, diagnostics } = parseItem(
    source(`---
files: [src/db/user.ts]
reads: docs/api.md
resources: [db-schema]
branch: feature/login
estimate: 3
run: npm run agent
---
# Login
- **Status:** pending
- **Files:** src/api/login.ts
`),
  );
  assert.equal(diagnostics, []);
  assert.equal(parsed.files, ['src/db/user.ts', 'src/api/login.ts']);
  assert.equal(parsed.reads, ['docs/api.md']);
  assert.equal(parsed.resources, ['db-schema']);
  assert.is(parsed.branch, 'feature/login');
  assert.is(parsed.estimate, 3);
  assert.is(parsed.run, 'npm run agent');
});

item('CRLF files parse the same as LF', () => {
  const lf = '---\nestimate: 2\n---\n# Login\n**Status**: pending\n**BlockedBy**: 001\n\n## Description\nText\n';
  const a = parseItem(source(lf));
  const b = parseItem(source(lf.replace(/\n/g, '\r\n')));
  assert.equal(b.item, a.item);
  assert.equal(b.diagnostics, a.diagnostics);
  assert.is(b.item.estimate, 2);
});

item('a status line that disagrees with the filename is a warning, the filename wins', () => {
  const { item: parsed, diagnostics } = parseItem(source('# Login\n**Status**: completed\n'));
  assert.is(parsed.status, 'pending');
  assert.is(diagnostics.length, 1);
  assert.is(diagnostics[0].severity, 'warning');
  assert.is(diagnostics[0].code, 'ITEM_STATUS_MISMATCH');
  assert.is(diagnostics[0].line, 2);
});

item('key lines inside code fences are not fields', () => {
  const { item: parsed } = parseItem(source('# Login\n```md\n**BlockedBy**: 009\n```\n'));
  assert.equal(parsed.blockedBy, []);
});

item('a setext title (a line over ===) is the title, as Markdown reads it', () => {
  const { item: parsed, diagnostics } = parseItem(source('Router cleanup\n==============\n\nRefactor the router.\n'));
  assert.equal(diagnostics, []);
  assert.is(parsed.title, 'Router cleanup');
  assert.is(parsed.lines?.title, 1);
  assert.is(parsed.sections[''], 'Refactor the router.');
});

item('a frontmatter title: is a title: no ITEM_TITLE warning', () => {
  const { item: parsed, diagnostics } = parseItem(source('---\ntitle: Add login\nfiles: [src/a.ts]\n---\nThe endpoint.\n'));
  assert.equal(diagnostics, []);
  assert.is(parsed.title, 'Add login');
});

item('an empty "# " heading is no title: the slug titles the item, with the ITEM_TITLE warning (was: an item titled "")', () => {
  const { item: parsed, diagnostics } = parseItem(source('#    \n\nRotate the session secret.\n'));
  assert.is(parsed.title, 'login');
  assert.equal(
    diagnostics.map((d) => [d.code, d.line, d.found]),
    [['ITEM_TITLE', 3, 'Rotate the session secret.']],
  );
  assert.match(diagnostics[0].hint ?? '', '"# Rotate the session secret."');
});

item('an item written as a commit message: the warning shows its first line and how to make it the title', () => {
  const { item: parsed, diagnostics } = parseItem(source('Fix res.send for a null body\n\nlib/response.js should handle null.\n'));
  assert.is(diagnostics.length, 1);
  assert.is(diagnostics[0].code, 'ITEM_TITLE');
  assert.is(diagnostics[0].line, 1);
  assert.is(diagnostics[0].found, 'Fix res.send for a null body');
  assert.match(diagnostics[0].hint ?? '', '"# Fix res.send for a null body"');
  // Its words still count: the first line is prose of the lead.
  assert.match(parsed.sections[''], 'Fix res.send');
});

item('a line number or a note after a files entry is not part of the path: read as the file, with a warning', () => {
  const { item: parsed, diagnostics } = parseItem(
    source(
      '---\nfiles: ["src/a.ts:120", "src/b.ts#L5-L9"]\n---\n# Fix\n**Files**: `src/c.ts:5-9`, src/d.ts (new export), test/e.test.ts — add tests, src/f.ts - rename, with space/my file.ts\n',
    ),
  );
  assert.equal(parsed.files, ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'test/e.test.ts', 'src/f.ts', 'with space/my file.ts']);
  assert.equal(
    diagnostics.map((d) => [d.code, d.severity, d.line, d.found]),
    [
      ['ITEM_PATH_NOTE', 'warning', 2, 'src/a.ts:120'],
      ['ITEM_PATH_NOTE', 'warning', 2, 'src/b.ts#L5-L9'],
      ['ITEM_PATH_NOTE', 'warning', 5, 'src/c.ts:5-9'],
      ['ITEM_PATH_NOTE', 'warning', 5, 'src/d.ts (new export)'],
      ['ITEM_PATH_NOTE', 'warning', 5, 'test/e.test.ts — add tests'],
      ['ITEM_PATH_NOTE', 'warning', 5, 'src/f.ts - rename'],
    ],
  );
  assert.match(diagnostics[0].message, 'read as "src/a.ts"');
  // Real paths with spaces, dashes and parentheses stay whole (babel's fixtures).
  for (const path of [
    'packages/babel-cli/test/fixtures/babel/env - SHOW_CONFIG_FOR with ignored file/options.json',
    'docs/a - b.md',
    'fixtures/case (1)/input.js',
    'docs/Guide (draft).md',
    'with space/my file.ts',
  ]) {
    const whole = parseItem(source(`---\nfiles: [${JSON.stringify(path)}]\n---\n# A\n`));
    assert.equal(whole.item.files, [path], path);
    assert.equal(whole.diagnostics, [], path);
  }
});

item.run();

const branchNames = suite('refNameProblem: branch names as git check-ref-format --branch reads them');

branchNames('agrees with git on names users write, and the ones they mistype', () => {
  const names = [
    'main',
    'feature/x',
    'feature/x..main',
    'a b',
    '-x',
    'x.lock',
    'x/',
    '.x',
    'a@{b',
    '@',
    'ok/name-1',
    'x.',
    'feat/.x',
    'x~1',
    'x^',
    'x:y',
    'x?',
    'x*',
    'x[1]',
    'x\\y',
    'naïve',
    'release/1.2.3',
    'a//b',
    '/a',
    'a.b',
    'HEAD',
    'a@b',
    'v1.0',
  ];
  for (const name of names) {
    let gitAccepts = true;
    try {
      execFileSync('git', ['check-ref-format', '--branch', name], { stdio: 'ignore' });
    } catch {
      gitAccepts = false;
    }
    assert.is(refNameProblem(name) === undefined, gitAccepts, name);
  }
});

branchNames('an item whose branch is a range names the line and says why', () => {
  const { item, diagnostics } = parseItem({
    file: '.agent/queue/001-pending-a.md',
    id: '001',
    status: 'pending',
    slug: 'a',
    text: '---\nfiles: [a.ts]\nbranch: feature/x..main\n---\n# A\n',
  });
  assert.ok(item);
  const d = diagnostics.find((x) => x.code === 'ITEM_BRANCH');
  assert.ok(d, 'reported');
  assert.is(d!.line, 3);
  assert.match(d!.message, 'holds ".."');
});

branchNames.run();
