import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waveplan } from '../helpers/cli.js';
import { copyFixture, git, gitRepo, writeFiles } from '../helpers/git-repo.js';
import { visibleControls } from '../../src/text.js';

const validate = suite('waveplan validate (bad input)');

/** Every file and its bytes, to prove validate changes nothing. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full, 'base64'));
    }
  };
  walk(dir);
  return out;
}

const cases: Array<[fixture: string, where: RegExp, what: RegExp]> = [
  ['broken-frontmatter', /001-pending-login\.md:\d+:\d+ ITEM_YAML/, /not valid YAML/],
  ['unknown-status-filename', /001-done-login\.md QUEUE_FILENAME/, /did you mean "completed"\?/],
  ['duplicate-id', /001-pending-login\.md QUEUE_DUPLICATE_ID/, /already used by .*001-completed-logout\.md/],
  ['unknown-blocker', /001-pending-login\.md:3:1 QUEUE_UNKNOWN_ID/, /names 004, but no item has that id/],
  ['blocker-cycle', /001-pending-a\.md:2:1 QUEUE_CYCLE/, /001 → 003 → 002 → 001/],
  ['absolute-path', /001-pending-login\.md:2:9 ITEM_PATH/, /"\/etc\/passwd" is absolute/],
  ['escaping-path', /001-pending-login\.md:2:\d+ ITEM_PATH/, /escapes the repository/],
  ['unknown-config-key', /parallel\.config\.yaml:4:3 CONFIG_UNKNOWN_KEY/, /did you mean "max_parallel"\?/],
  ['max-parallel-range', /parallel\.config\.yaml:3:17 CONFIG_VALUE/, /max_parallel must be >= 1/],
  ['unknown-level', /parallel\.config\.yaml:2:10 CONFIG_VALUE/, /one of L1 \| L2 \| L3/],
  ['negative-estimate', /001-pending-login\.md:2:11 ITEM_FIELD/, /estimate must be >= 0/],
  // A glob or a list: ajv's first branch alone said "files must be string".
  ['files-null', /001-pending-login\.md:2:8 ITEM_FIELD/, /files must be a glob or a list of globs\n/],
];

for (const [fixture, where, what] of cases) {
  validate(`${fixture}: exit 1, file:line, nothing changed`, async () => {
    const dir = copyFixture(`validate/${fixture}`);
    const before = snapshot(dir);
    const result = await waveplan(dir, ['validate']);
    assert.is(result.code, 1, result.stderr);
    assert.match(result.stderr, where);
    assert.match(result.stderr, what);
    assert.not.match(result.stderr, /    at /, 'no stack trace for user error');
    assert.equal(snapshot(dir), before);
  });
}

validate('a file that is not UTF-8 is named with its line', async () => {
  const dir = copyFixture('validate/extra-files');
  writeFiles(dir, { '.agent/queue/003-pending-latin.md': Buffer.from('# Caf\xe9\n**Status**: pending\n\xe9t\xe9\n', 'latin1') });
  const result = await waveplan(dir, ['validate']);
  assert.is(result.code, 1);
  assert.match(result.stderr, /003-pending-latin\.md:1:6 ITEM_ENCODING file is not valid UTF-8/);
});

validate('frontmatter indented with a tab says to indent with spaces, not only where', async () => {
  const dir = gitRepo(undefined, { '.agent/queue/001-pending-tab.md': '---\nfiles:\n\t- README.md\n---\n# Tabbed\n', 'README.md': 'hi\n' });
  const r = await waveplan(dir, ['validate']);
  assert.is(r.code, 1);
  assert.match(r.stderr, '001-pending-tab.md:3:1 ITEM_YAML frontmatter is not valid YAML: Tabs are not allowed as indentation');
  assert.match(r.stderr, 'indent with spaces');
});

validate('a "[" or a quote never closed is reported where it opens, not on the line after', async () => {
  // Was: 001-pending-open.md:3:1 (the estimate line), where yaml noticed.
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-open.md': '---\nfiles: [src/body.ts\nestimate: 2\n---\n# Open bracket\n',
    '.agent/queue/002-pending-quote.md': '---\nestimate: 2\ntitle: "Fix the user\'s login\nfiles: [a.ts]\n---\n',
    'README.md': 'hi\n',
  });
  const r = await waveplan(dir, ['validate']);
  assert.is(r.code, 1);
  assert.match(r.stderr, '001-pending-open.md:2:8 ITEM_YAML frontmatter is not valid YAML: this "[" is not closed: end the list with "]"');
  assert.match(r.stderr, '002-pending-quote.md:3:8 ITEM_YAML frontmatter is not valid YAML: this " is never closed: end the text with "');
});

validate('control characters in an item (an issue title from anyone) never reach the terminal raw', async () => {
  // Was: `report` printed "\x1b[2J" (clear the screen) from a title, and a diagnostic's found: and hint: an OSC title sequence.
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-esc.md': 'Hello \x1b[31mRED\x1b[0m \x1b]0;pwned\x07\n\nbody\n',
    '.agent/queue/002-pending-clear.md': '# Title \x1b[2J with clear\n',
    'README.md': 'hi\n',
  });
  const validated = await waveplan(dir, ['validate']);
  assert.is(validated.code, 0, validated.stderr);
  assert.is(visibleControls(validated.stderr + validated.stdout), validated.stderr + validated.stdout, 'no raw control character');
  assert.match(validated.stderr, 'found:    Hello \\x1b[31mRED\\x1b[0m \\x1b]0;pwned\\x07');
  const report = await waveplan(dir, ['report']);
  assert.is(visibleControls(report.stdout + report.stderr), report.stdout + report.stderr, 'no raw control character');
  assert.match(report.stdout, 'Title \\x1b[2J with clear');
});

validate('a glob that matches nothing is warned also while another item has an error (was: only once the errors were fixed)', async () => {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-a.md': '# A\n\n**BlockedBy**: 099\n',
    '.agent/queue/002-pending-b.md': '---\nfiles: [src/clinet/**]\n---\n# B\n',
    'src/client/a.ts': 'export const a = 1;\n',
  });
  const result = await waveplan(dir, ['validate']);
  assert.is(result.code, 1);
  assert.match(result.stderr, /001-pending-a\.md:3:1 QUEUE_UNKNOWN_ID/);
  assert.match(result.stderr, /002-pending-b\.md:2:9 warning ITEM_GLOB_EMPTY files entry "src\/clinet\/\*\*" matches no file/);
  assert.match(result.stderr, '1 error, 1 warning');
});

validate('all problems are reported together', async () => {
  const dir = copyFixture('validate/unknown-config-key');
  writeFileSync(join(dir, '.agent/queue/7-pending-x.md'), '# x\n');
  const result = await waveplan(dir, ['validate']);
  assert.is(result.code, 1);
  assert.match(result.stderr, /CONFIG_UNKNOWN_KEY/);
  assert.match(result.stderr, /7-pending-x\.md QUEUE_FILENAME .*fewer than 3 digits/);
  assert.match(result.stderr, /2 errors/);
});

validate('an unknown resource or component is reported where it is named', async () => {
  const dir = copyFixture('validate/extra-files');
  writeFiles(dir, {
    'parallel.config.yaml': 'analysis:\n  resources: { db: [db/**] }\n',
    '.agent/queue/004-pending-named.md': '---\ntitle: Named\nfiles: [src/a.ts]\nresources: [dbb]\ncomponents:\n  - web\n---\n# Named\n',
  });
  const result = await waveplan(dir, ['validate']);
  assert.is(result.code, 1);
  assert.match(result.stderr, /004-pending-named\.md:4:13 ITEM_UNKNOWN_NAME resources names "dbb"/);
  assert.match(result.stderr, /004-pending-named\.md:6:5 ITEM_UNKNOWN_NAME components names "web"/);
});

validate('an item on a branch plan cannot compare (no git.base in this repository) is an error at its branch: line, as plan refuses it', async () => {
  const dir = gitRepo(undefined, {
    'src/a.ts': 'export const a = 1;\n',
    '.agent/queue/001-pending-x.md': '---\nbranch: feature/x\n---\n# Do x\n',
  });
  git(dir, 'branch', '-m', 'master');
  git(dir, 'branch', 'feature/x');
  const refused = await waveplan(dir, ['validate']);
  assert.is(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /001-pending-x\.md:2:1 GIT_BASE branch "feature\/x" cannot be compared: the base "main"/);
  assert.match(refused.stderr, '  expected: git.base naming a branch of this repository (local, or origin/main)');
  assert.match(refused.stderr, '  found:    no branch "main" and no origin/main');
  assert.match(refused.stderr, '  hint:     set git.base in parallel.config.yaml to your main branch (this repository has master: `git: { base: master }`)');
  writeFiles(dir, { 'parallel.config.yaml': 'git:\n  base: master\n' });
  const fixed = await waveplan(dir, ['validate']);
  assert.is(fixed.code, 0, fixed.stderr);
});

validate('an item on a branch that is missing or unrelated to git.base gets expected, found and a hint, as every diagnostic does', async () => {
  const dir = gitRepo(undefined, {
    'src/a.ts': 'export const a = 1;\n',
    '.agent/queue/001-pending-x.md': '---\ntitle: Do x\nbranch: feature/x\n---\n# Do x\n',
  });
  const missing = await waveplan(dir, ['validate']);
  assert.is(missing.code, 1, missing.stderr);
  assert.match(missing.stderr, '001-pending-x.md:3:1 GIT_BRANCH branch "feature/x" does not exist\n');
  assert.match(missing.stderr, '  expected: a local branch "feature/x", or origin/feature/x');
  assert.match(missing.stderr, '  found:    neither');
  assert.match(missing.stderr, '  hint:     create it (git branch feature/x), fetch it (git fetch origin feature/x), or remove "branch:" from the item');
  // plan refuses it in one line, with the same fix.
  const plan = await waveplan(dir, ['plan']);
  assert.is(plan.code, 1);
  assert.match(plan.stderr, 'waveplan: .agent/queue/001-pending-x.md: branch "feature/x" does not exist; create it (git branch feature/x)');

  git(dir, 'checkout', '-q', '--orphan', 'feature/x');
  git(dir, 'commit', '-q', '-m', 'unrelated');
  git(dir, 'checkout', '-q', 'main');
  const unrelated = await waveplan(dir, ['validate']);
  assert.is(unrelated.code, 1, unrelated.stderr);
  assert.match(unrelated.stderr, '001-pending-x.md:3:1 GIT_BRANCH branch "feature/x" shares no history with "main" (config git.base)\n');
  assert.match(unrelated.stderr, '  expected: a branch made from "main" (git merge-base main feature/x names a commit)');
  assert.match(unrelated.stderr, '  found:    no commit in common');
  assert.match(
    unrelated.stderr,
    '  hint:     set git.base to the branch feature/x was made from, rebase it onto main (git rebase main feature/x), or remove "branch:" from the item',
  );
});

validate('an item on a branch outside a git repository gets expected, found and a hint', async () => {
  const dir = copyFixture('validate/extra-files');
  writeFiles(dir, { '.agent/queue/009-pending-b.md': '---\nbranch: feature/x\n---\n# B\n' });
  const result = await waveplan(dir, ['validate']);
  assert.is(result.code, 1, result.stderr);
  assert.match(result.stderr, '009-pending-b.md:2:1 GIT_BRANCH branch "feature/x" cannot be read: this is not a git repository\n');
  assert.match(result.stderr, '  expected: a git repository, where the branch is compared with git.base');
  assert.match(result.stderr, '  hint:     run waveplan in the repository that has the branch, or remove "branch:" from the item');
});

validate.run();

const good = suite('waveplan validate (good input)');

good('extra files and subfolders in the queue are ignored', async () => {
  const dir = copyFixture('validate/extra-files');
  const result = await waveplan(dir, ['validate']);
  assert.is(result.code, 0, result.stderr);
  assert.is(result.stderr, '');
  assert.match(result.stdout, /2 items in \.agent\/queue are valid \(1 pending, 1 completed\)/);
});

good('--json gives the items and no diagnostics', async () => {
  const dir = copyFixture('validate/extra-files');
  const result = await waveplan(dir, ['validate', '--json']);
  assert.is(result.code, 0);
  const json = JSON.parse(result.stdout) as { valid: boolean; items: Array<{ id: string; blockedBy: string[] }> };
  assert.is(json.valid, true);
  assert.equal(
    json.items.map((i) => [i.id, i.blockedBy]),
    [
      ['001', []],
      ['002', ['001']],
    ],
  );
});

good('--cwd runs elsewhere; --help and --version work', async () => {
  const dir = copyFixture('validate/extra-files');
  assert.is((await waveplan('/', ['--cwd', dir, 'validate'])).code, 0);
  const help = await waveplan(dir, ['--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /validate/);
  assert.match((await waveplan(dir, ['--version'])).stdout, /^\d+\.\d+\.\d+/);
  const unknown = await waveplan(dir, ['frobnicate']);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /unknown command/);
});

good('`waveplan init`, what a new user types first, says there is nothing to set up and what to do (was: "Did you mean wait?")', async () => {
  const dir = copyFixture('validate/extra-files');
  const init = await waveplan(dir, ['init']);
  assert.is(init.code, 1);
  assert.not.match(init.stderr, /wait/);
  assert.match(init.stderr, 'waveplan: there is no init, waveplan needs no setup: write');
  assert.is((await waveplan('/', ['-C', dir, 'init'])).stderr, init.stderr);
  assert.match(init.stderr, 'write work items into .agent/queue/ as NNN-pending-slug.md');
  assert.match(init.stderr, 'then run `waveplan validate` and `waveplan plan`');
});

good('--cwd naming a folder that does not exist, or a file, says so (not "is git installed?")', async () => {
  const dir = copyFixture('validate/extra-files');
  for (const command of [['plan'], ['validate'], ['report', '--format', 'json']]) {
    const missing = await waveplan('/', ['--cwd', join(dir, 'nope'), ...command]);
    assert.is(missing.code, 1, command.join(' '));
    assert.is(missing.stderr, `waveplan: --cwd ${join(dir, 'nope')}: no such folder\n`, command.join(' '));
  }
  writeFileSync(join(dir, 'notes.txt'), 'a file\n');
  const file = await waveplan(dir, ['-C', 'notes.txt', 'plan']);
  assert.is(file.code, 1);
  assert.is(file.stderr, `waveplan: --cwd notes.txt: not a folder (${join(dir, 'notes.txt')})\n`);
});

good('a declared glob matching no file is a warning with its line, as plan gives it; the queue stays valid', async () => {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-a.md': '---\nfiles: ["src/clinet/**", src/new.ts]\n---\n# A\n',
    '.agent/queue/002-pending-b.md': '---\nfiles: [src/client/**]\n---\n# B\n',
    'src/client/a.ts': 'export const a = 1;\n',
  });
  const text = await waveplan(dir, ['validate']);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stderr, /^\.agent\/queue\/001-pending-a\.md:2:10 warning ITEM_GLOB_EMPTY files entry "src\/clinet\/\*\*" matches no file/m);
  assert.not.match(text.stderr, '002-pending-b');
  assert.not.match(text.stderr, 'src/new.ts');
  // stdout alone (a script, a log) says there is something to read on stderr.
  assert.match(text.stdout, /✓ 2 items in \.agent\/queue are valid \(2 pending\), with 1 warning \(on stderr\); config: defaults/);
  const json = JSON.parse((await waveplan(dir, ['validate', '--json'])).stdout) as { valid: boolean; diagnostics: Array<{ code: string }> };
  assert.is(json.valid, true);
  assert.equal(
    json.diagnostics.map((d) => d.code),
    ['ITEM_GLOB_EMPTY'],
  );
});

good('a files entry naming a symbol its file does not declare is a warning with its line, as plan gives it', async () => {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-a.md': '---\nfiles: ["src/app.ts#handlePaste", "src/app.ts#handlePast"]\n---\n# A\n',
    'src/app.ts': 'export function handlePaste() {}\n',
  });
  const text = await waveplan(dir, ['validate']);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stderr, /^\.agent\/queue\/001-pending-a\.md:2:\d+ warning ITEM_SYMBOL src\/app\.ts declares no "handlePast"/m);
  assert.not.match(text.stderr, 'no "handlePaste"');
  const plan = await waveplan(dir, ['plan']);
  assert.match(plan.stderr, 'ITEM_SYMBOL', 'plan says the same');
});

good('a symbol named as the file exports it (`export { pathsCache as path }`) is that declaration: no warning, and it shares the file by symbols', async () => {
  // babel's packages/babel-traverse/src/cache.ts: infer --write wrote `cache.ts#path`, which validate then warned about.
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-a.md': '---\nfiles: ["src/cache.ts#path"]\n---\n# A\n',
    '.agent/queue/002-pending-b.md': '---\nfiles: ["src/cache.ts#clear"]\n---\n# B\n',
    'src/cache.ts': 'let pathsCache = new WeakMap();\nexport { pathsCache as path };\nexport function clear() {\n  pathsCache = new WeakMap();\n}\n',
  });
  const text = await waveplan(dir, ['validate']);
  assert.is(text.code, 0, text.stderr);
  assert.not.match(text.stderr, 'ITEM_SYMBOL');
  const explained = await waveplan(dir, ['explain', '001', '002']);
  assert.match(explained.stdout, 'may run together', explained.stdout);
});

good('files entries as people write them: a line number is read as the file (it conflicts), a path in the wrong case is warned', async () => {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-a.md': '---\nfiles: [LIB/Response.js]\n---\n# A\n',
    '.agent/queue/002-pending-b.md': '# B\n**Files**: `lib/response.js:120`\n',
    '.agent/queue/003-pending-c.md': '---\nfiles: [lib/response.js]\n---\n# C\n',
    'lib/response.js': 'module.exports = {};\n',
  });
  const text = await waveplan(dir, ['validate']);
  assert.is(text.code, 0, text.stderr);
  assert.match(
    text.stderr,
    /^\.agent\/queue\/001-pending-a\.md:2:9 warning ITEM_PATH_CASE files entry "LIB\/Response\.js" names no file; lib\/response\.js differs only in case/m,
  );
  assert.match(text.stderr, /^\.agent\/queue\/002-pending-b\.md:2:\d+ warning ITEM_PATH_NOTE files entry "lib\/response\.js:120" read as "lib\/response\.js"/m);
  const explained = await waveplan(dir, ['explain', '002', '003']);
  assert.match(explained.stdout, 'may not run together');
  assert.match(explained.stdout, 'both 002 and 003 write lib/response.js');
});

good.run();
