import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo, tempDir, writeFiles } from '../helpers/git-repo.js';
import { commit, INVOICE_ROUNDING_RUN, invoiceRepo, writeRunSummary } from '../helpers/infer-repo.js';

/**
 * `waveplan infer` as a new user or an agent runs it (the built CLI, a real repository), on the
 * items agents really write (docs/inference.md, docs/queue-items.md).
 */
const infer = suite('waveplan infer, end to end');

const repo = {
  'src/greet.ts': 'export function greet() {\n  return "hi";\n}\n',
  'src/billing/invoice.ts': 'export const total = 1;\n',
  'src/billing/tax.ts': 'export const rate = 0.2;\n',
  'lib/other.ts': 'export const other = 2;\n',
};

infer('an item without sections is read whole: the prose under its title is its description', () => {
  const root = gitRepo(undefined, {
    ...repo,
    // No frontmatter, no ## headings: a title and a paragraph, as agents often write.
    '.agent/queue/001-pending-fix-the-greeting.md': '# Fix the greeting\n\nThe greeting returned by src/greet.ts is wrong.\n',
    '.agent/queue/002-pending-fix-the-greeting.md':
      '# Fix the greeting\n**Status**: pending\n\nThe greeting returned by src/greet.ts is wrong.\n\n## Success Criteria\n- [ ] it says hello\n',
  });
  const out = runCli(root, ['infer', '--json']);
  assert.is(out.code, 0, out.stderr);
  const items = (JSON.parse(out.stdout) as { items: Array<{ id: string; state: string; entries: Array<{ path: string; evidence?: string[] }> }> }).items;
  for (const id of ['001', '002']) {
    const item = items.find((i) => i.id === id);
    assert.is(item?.state, 'inferred', `${id}: ${JSON.stringify(item)}`);
    assert.equal(
      item?.entries.map((e) => e.path),
      ['src/greet.ts'],
    );
    // How the words found it, for the reviewer: the author wrote the path.
    assert.ok(item?.entries[0].evidence?.includes('a path in the text'), JSON.stringify(item?.entries[0]));
  }
  assert.match(runCli(root, ['infer', '1']).stdout, /src\/greet\.ts {2}0\.\d\d {2}from "greeting", "src\/greet\.ts" \(a path in the text[,)]/);
  // explain says it the same way; the plan file keeps only the words and the confidence.
  assert.match(runCli(root, ['explain', '1']).stdout, /src\/greet\.ts {2}← inferred from "greeting", "src\/greet\.ts" \(0\.\d\d: a path in the text[,)]/);
  assert.is(runCli(root, ['plan']).code, 0);
  assert.not.match(readFileSync(join(root, '.agent/plan.yaml'), 'utf8'), 'a path in the text');
});

infer('--write adds the files: line and changes no other byte: mixed line endings, a BOM, other keys, an empty files:', () => {
  const items: Record<string, string> = {
    // An agent's LF frontmatter over a description pasted with CRLF.
    '.agent/queue/001-pending-mixed.md':
      '---\nestimate: 2\n---\r\n# Fix the greeting\r\n\r\n## Description\nThe greeting returned by src/greet.ts is wrong.\r\n',
    '.agent/queue/002-pending-bom.md':
      '\uFEFF---\r\nfiles: []   # to fill in\r\nowner: ana\r\n---\r\n# Fix the greeting\r\n\r\nThe greeting returned by `greet` in src/greet.ts is wrong.\r\n',
  };
  const root = gitRepo(undefined, { ...repo, ...items });
  const first = runCli(root, ['infer', '--write']);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stderr, /wrote files: into 2 items/);
  assert.match(first.stderr, 'a declared files: is taken as written: the files near the guess and the regions an inferred item also holds are gone');
  const after = (path: string) => readFileSync(join(root, path), 'utf8');
  assert.is(after('.agent/queue/001-pending-mixed.md'), items['.agent/queue/001-pending-mixed.md'].replace('---\n', '---\nfiles: ["src/greet.ts"]\n'));
  assert.is(after('.agent/queue/002-pending-bom.md'), items['.agent/queue/002-pending-bom.md'].replace('files: []   # to fill in', 'files: ["src/greet.ts"]'));
  const second = runCli(root, ['infer', '--write']);
  assert.is(second.code, 0, second.stderr);
  assert.match(second.stderr, /wrote files: into 0 items/);
  assert.is(after('.agent/queue/001-pending-mixed.md'), items['.agent/queue/001-pending-mixed.md'].replace('---\n', '---\nfiles: ["src/greet.ts"]\n'));
});

infer('warnings come as one list with one count, and a --write with nothing to write says so', () => {
  const root = gitRepo(undefined, {
    ...repo,
    '.agent/queue/001-pending-typo.md': '---\nfiles: [src/biling/**]\nowner: ana\n---\n# Round the invoice total\n',
  });
  const out = runCli(root, ['infer', '--write']);
  assert.is(out.code, 0, out.stderr);
  assert.match(out.stderr, /001-pending-typo\.md:3:1 warning ITEM_UNKNOWN_FIELD/);
  assert.match(out.stderr, /001-pending-typo\.md:2:9 warning ITEM_GLOB_EMPTY/);
  assert.equal(out.stderr.match(/^\d+ errors?, \d+ warnings?$/gm), ['0 errors, 2 warnings']);
  assert.match(out.stderr, /wrote files: into 0 items: nothing to write/);
});

infer('outside a git repository: a warning says why every item stays unknown (git lists the files words are matched against)', () => {
  // A tarball or a copied folder: the files are there, but waveplan lists them with git.
  const root = tempDir();
  writeFiles(root, { ...repo, '.agent/queue/001-pending-fix-the-greeting.md': '# Fix the greeting\n\nThe greeting returned by src/greet.ts is wrong.\n' });
  const out = runCli(root, ['infer']);
  assert.is(out.code, 0, out.stderr);
  assert.match(out.stderr, 'warning NOT_A_REPO');
  assert.match(out.stderr, 'git init');
});

infer('--write waits for no run: while an apply holds the queue it refuses and touches nothing; infer alone still reads', () => {
  const item = '# Fix the greeting\n\nThe greeting returned by src/greet.ts is wrong.\n';
  const root = gitRepo(undefined, { ...repo, '.agent/queue/001-pending-fix-the-greeting.md': item });
  // A live apply (this process stands for it) renames items as it goes: a write racing it would
  // put the item back under its old name beside the new one.
  mkdirSync(join(root, '.agent'), { recursive: true });
  const lock = { pid: process.pid, host: hostname(), started: '2026-12-07T15:00:00.000Z', run: '20261207T150000-beef' };
  writeFileSync(join(root, '.agent/apply.lock'), `${JSON.stringify(lock)}\n`);
  const refused = runCli(root, ['infer', '--write']);
  assert.is(refused.code, 1, refused.stdout);
  assert.match(refused.stderr, 'another apply holds the queue: pid');
  assert.not.match(refused.stderr, /\n\s+at /, 'no stack trace');
  assert.is(readFileSync(join(root, '.agent/queue/001-pending-fix-the-greeting.md'), 'utf8'), item);
  assert.is(runCli(root, ['infer']).code, 0);
  rmSync(join(root, '.agent/apply.lock'));
  assert.is(runCli(root, ['infer', '--write']).code, 0);
  assert.match(readFileSync(join(root, '.agent/queue/001-pending-fix-the-greeting.md'), 'utf8'), /^---\nfiles: \["src\/greet\.ts"\]\n---\n# Fix/);
});

infer('a files: placeholder (TBD, to be determined, ?) declares nothing: the item is inferred, never planned as writing a file named TBD', () => {
  const body = '\n## Description\nThe greeting returned by src/greet.ts is wrong.\n';
  const root = gitRepo(undefined, {
    ...repo,
    '.agent/queue/001-pending-a.md': `# Fix the greeting\n**Status**: pending\n**Files**: TBD\n${body}`,
    '.agent/queue/002-pending-b.md': `# Fix the greeting again\n**Files**: (to be determined)\n${body}`,
    '.agent/queue/003-pending-c.md': `---\nfiles: [tbd]\n---\n# Fix the greeting once more\n${body}`,
    '.agent/queue/004-pending-d.md': `---\nfiles: "?"\n---\n# Greet louder\n${body}`,
  });
  const out = runCli(root, ['infer', '--json']);
  assert.is(out.code, 0, out.stderr);
  const items = (JSON.parse(out.stdout) as { items: Array<{ id: string; state: string; entries: Array<{ path: string }> }> }).items;
  assert.equal(
    items.map((i) => [i.id, i.state, i.entries[0]?.path]),
    [
      ['001', 'inferred', 'src/greet.ts'],
      ['002', 'inferred', 'src/greet.ts'],
      ['003', 'inferred', 'src/greet.ts'],
      ['004', 'inferred', 'src/greet.ts'],
    ],
  );
  // All four change src/greet.ts: one wave each, none of them beside another.
  const planned = runCli(root, ['plan']);
  assert.match(planned.stdout, '4 items in 4 waves', planned.stdout + planned.stderr);
  // --write fills the placeholder in, as it fills an empty files: line.
  const written = runCli(root, ['infer', '--write']);
  assert.match(written.stderr, 'wrote files: into 4 items');
  assert.is(readFileSync(join(root, '.agent/queue/003-pending-c.md'), 'utf8'), `---\nfiles: ["src/greet.ts"]\n---\n# Fix the greeting once more\n${body}`);
  assert.match(readFileSync(join(root, '.agent/queue/004-pending-d.md'), 'utf8'), /^---\nfiles: \["src\/greet\.ts"\]\n---\n/);
});

infer('a plan that learned from runs this machine does not have: plan --check names that cause, not a changed file', () => {
  const root = invoiceRepo();
  // The author's machine ran 001 (a run .agent/learned.json does not hold: an older waveplan's); its run record stays there (.agent/runs is not committed).
  writeRunSummary(root, '20261206T120000-abcd', [INVOICE_ROUNDING_RUN]);
  assert.is(runCli(root, ['plan']).code, 0);
  git(root, 'add', '.agent/queue', '.agent/plan.yaml');
  git(root, 'commit', '-q', '-m', 'plan');
  assert.is(runCli(root, ['plan', '--check']).code, 0);
  // Another machine (CI) has the commit, not the runs: no file changed, yet the plan differs.
  rmSync(join(root, '.agent/runs'), { recursive: true });
  rmSync(join(root, '.agent/cache'), { recursive: true });
  const check = runCli(root, ['plan', '--check']);
  assert.is(check.code, 2, check.stdout + check.stderr);
  // First, before the changes it explains (the terminal shows the first 40).
  assert.match(check.stdout, /differs:\n {2}- no input changed since the plan was last committed \(\w{7}\), but what inference found for 002 did/);
  assert.match(check.stdout, "runs in .agent/runs that it does not hold yet are this machine's only, so a plan made on another machine differs here");
  assert.match(check.stdout, 'commit .agent/learned.json');
  assert.match(check.stdout, 'waveplan infer --write');
  assert.not.match(check.stdout, 'an input changed (an item file');
});

infer("warnings are the shown items', not every item's", () => {
  const root = gitRepo(undefined, {
    ...repo,
    '.agent/queue/001-pending-fix-the-greeting.md': '# Fix the greeting\n\nThe greeting returned by src/greet.ts is wrong.\n',
    '.agent/queue/002-completed-old.md': '---\nowner: ana\n---\n# Old work\n**Status**: completed\n',
  });
  const all = runCli(root, ['infer']);
  assert.is(all.code, 0, all.stderr);
  assert.not.match(all.stderr, '002-completed-old.md', 'a completed item infer does not show');
  assert.match(runCli(root, ['validate']).stderr, '002-completed-old.md', 'validate lists every item');
  const shown = runCli(root, ['infer', '2']);
  assert.match(shown.stderr, /002-completed-old\.md:2:1 warning ITEM_UNKNOWN_FIELD/);
  assert.not.match(runCli(root, ['infer', '1']).stderr, '002-completed-old.md');
});

/** `.agent/learned.json`'s entries: each past run item's words and real write set. */
function learnedEntries(root: string): Record<string, { terms: string[]; files: string[] }> {
  return (JSON.parse(readFileSync(join(root, '.agent/learned.json'), 'utf8')) as { entries: Record<string, { terms: string[]; files: string[] }> }).entries;
}

infer("what a run taught holds the item's own words: never the notes waveplan wrote into it, never another item that took its id", () => {
  const root = gitRepo(undefined, {
    ...repo,
    'src/ui/theme.ts': 'export const dark = true;\n',
    'parallel.config.yaml':
      // The item's real change: the invoice, and the theme, which no one predicted (the audit notes it).
      'run:\n  command: echo "// 1" >> src/billing/invoice.ts && echo "// 1" >> src/ui/theme.ts\n  isolation: worktree\n',
    '.agent/queue/001-pending-invoice-rounding.md':
      '# Invoice totals round half-cent amounts wrong\n\n## Description\nRound `total` in src/billing/invoice.ts half up, as the ledger does.\n',
  });
  assert.is(runCli(root, ['plan']).code, 0);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'plan');
  const applied = runCli(root, ['apply', '--yes'], { WAVEPLAN_RENDERER: 'silent' });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  // The audit says what the inference missed: at the end of apply, in the run record, in the report.
  assert.match(
    applied.stdout,
    'footprint exceeded: 001 changed src/ui/theme.ts outside its inferred write set (missed by the inference: add it to its files:)',
  );
  const summary = (run: string) =>
    JSON.parse(readFileSync(join(root, '.agent/runs', run, 'summary.json'), 'utf8')) as { items: Array<{ id: string; inferred?: boolean }> };
  assert.equal(summary(readdirSync(join(root, '.agent/runs')).filter((name) => /^\d{8}T/.test(name))[0]).items[0].inferred, true);
  assert.match(runCli(root, ['report']).stdout, /001 +landed \w+\n +footprint exceeded \(missed by the inference\): src\/ui\/theme\.ts/);
  assert.match(runCli(root, ['report', '--format', 'md']).stdout, '| src/ui/theme.ts (missed by the inference) |');
  assert.match(runCli(root, ['status']).stdout, 'footprint exceeded (missed by the inference): src/ui/theme.ts');
  assert.match(runCli(root, ['wait']).stdout, 'footprint exceeded: 001 changed src/ui/theme.ts outside its inferred write set (missed by the inference)');
  const statusJson = JSON.parse(runCli(root, ['status', '--json']).stdout) as { items: Array<{ id: string; inferred?: boolean }> };
  assert.is(statusJson.items[0].inferred, true);
  const [run] = readdirSync(join(root, '.agent/runs')).filter((name) => /^\d{8}T/.test(name));
  const done = readFileSync(join(root, '.agent/queue/001-completed-invoice-rounding.md'), 'utf8');
  assert.match(done, new RegExp(`footprint audit \\(waveplan apply run ${run}\\)`), 'the audit is noted in the item');
  // apply wrote what the run taught to .agent/learned.json: the completed item's whole text (not only
  // the title its summary kept) and its real write set, never the words waveplan noted into it.
  const terms = learnedEntries(root)[`${run}/001`].terms;
  assert.equal(learnedEntries(root)[`${run}/001`].files, ['src/billing/invoice.ts', 'src/ui/theme.ts']);
  assert.ok(terms.includes('invoice') && terms.includes('half') && terms.includes('ledger'), terms.join(' '));
  for (const noted of ['footprint', 'audit', 'predicted', run.split('-')[1]])
    assert.not.ok(terms.includes(noted), `"${noted}" is waveplan's word: ${terms.join(' ')}`);
  // The next item is planned with what the run taught (the theme, which only the run knew).
  writeFileSync(join(root, '.agent/queue/002-pending-invoice-currency.md'), '# Invoice totals ignore the currency rounding rules\n');
  const learned = readFileSync(join(root, '.agent/learned.json'), 'utf8');
  const next = runCli(root, ['plan']);
  assert.is(next.code, 0, next.stderr);
  assert.match(runCli(root, ['infer', '2']).stdout, 'src/ui/theme.ts');
  assert.is(readFileSync(join(root, '.agent/learned.json'), 'utf8'), learned, 'plan reads the memory, only apply writes it');
  // Committed with the plan, it teaches every machine the same: a clone without the runs (CI) agrees.
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'plan 002');
  const clone = join(tempDir(), 'clone');
  git(root, 'clone', '-q', root, clone);
  assert.not.ok(existsSync(join(clone, '.agent/runs', run)), 'the runs stay on the machine that ran them');
  const checked = runCli(clone, ['plan', '--check']);
  assert.is(checked.code, 0, checked.stdout + checked.stderr);
  assert.match(runCli(clone, ['infer', '2']).stdout, 'src/ui/theme.ts');
  // Deleted, the memory still comes from this machine's runs (and the next apply writes it again).
  rmSync(join(root, '.agent/learned.json'));
  assert.match(runCli(root, ['infer', '2']).stdout, 'src/ui/theme.ts');

  // The queue is cleared and numbering starts again: a new 001 is another item. The next apply
  // writes the memory again from the runs: it knows the run's 001 by the title its summary kept,
  // never by the new item's words.
  rmSync(join(root, '.agent/queue/001-completed-invoice-rounding.md'));
  rmSync(join(root, '.agent/queue/002-pending-invoice-currency.md'));
  writeFileSync(join(root, '.agent/queue/001-pending-dark-theme.md'), '# Dark theme toggle\n\n## Description\nAdd a toggle for `dark` in the theme.\n');
  rmSync(join(root, '.agent/cache'), { recursive: true });
  assert.is(runCli(root, ['plan']).code, 0);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'dark theme');
  const again = runCli(root, ['apply', '--yes'], { WAVEPLAN_RENDERER: 'silent' });
  assert.is(again.code, 0, again.stdout + again.stderr);
  const rebuilt = learnedEntries(root)[`${run}/001`].terms;
  assert.ok(rebuilt.includes('invoice'), rebuilt.join(' '));
  assert.not.ok(rebuilt.includes('dark') || rebuilt.includes('toggle'), `the new 001's words: ${rebuilt.join(' ')}`);
});

infer("the words behind a file lent by a past change are the item's own: a version it names, its kind, never an internal term", () => {
  const root = gitRepo(undefined, { 'package.json': '{ "name": "app" }\n', 'pnpm-lock.yaml': 'lockfileVersion: 9\n', 'src/a.ts': 'export {};\n' });
  commit(root, 'chore(deps): bump vitest from 3.1.0 to 3.2.0', { 'package.json': '{ "name": "app", "v": 1 }\n', 'pnpm-lock.yaml': 'lockfileVersion: 9 # 1\n' });
  commit(root, 'docs: guide for vitest', { 'docs/guide.md': '# Guide\n' });
  mkdirSync(join(root, '.agent/queue'), { recursive: true });
  writeFileSync(join(root, '.agent/queue/001-pending-bump.md'), '# chore(deps): bump vitest from 3.2.0 to 3.3.0\n');
  const out = runCli(root, ['infer', '--json']);
  assert.is(out.code, 0, out.stderr);
  const words = (JSON.parse(out.stdout) as { items: Array<{ entries: Array<{ path: string; words: string[] }> }> }).items[0].entries.flatMap((e) => e.words);
  assert.ok(words.length > 0, out.stdout);
  assert.not.ok(
    words.some((w) => w.startsWith('#')),
    words.join(' '),
  );
  assert.ok(words.includes('3.2.0'), words.join(' '));
});

infer('a test the title names shows the words the item wrote, not its own file name', () => {
  const root = gitRepo(undefined, {
    'source/core/client.ts': 'export function runInitHooks() {}\n',
    'test/hooks.ts': "test('hooks', () => {});\n",
    '.agent/queue/001-pending-init-hook.md': '# Add an init Hook to `source/core/client.ts`\n',
  });
  const out = runCli(root, ['infer', '1']);
  assert.is(out.code, 0, out.stderr);
  assert.match(out.stdout, /test\/hooks\.ts\s+0\.\d\d {2}from "Hook" \(a test\)/);
  assert.not.match(out.stdout, '"hooks.ts"');
  assert.match(runCli(root, ['explain', '1']).stdout, /test\/hooks\.ts\s+← inferred from "Hook"/);
});

infer.run();
