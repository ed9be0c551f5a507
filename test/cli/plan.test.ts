import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { schemaErrors } from '../../src/schemas.js';
import { waveplan } from '../helpers/cli.js';
import { git, gitRepo, largePlanQueue, tempDir, writeFiles } from '../helpers/git-repo.js';

const Q = '.agent/queue';
const PLAN = '.agent/plan.yaml';

const plan = suite('waveplan plan');

plan('writes the plan file (creating its folder), then reports it unchanged', async () => {
  const dir = gitRepo('demo');
  const first = await waveplan(dir, ['plan']);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, /✓ wrote \.agent\/plan\.yaml: 9 items in \d+ waves, makespan \d+ \(lower bound \d+\)/);
  const text = readFileSync(join(dir, PLAN), 'utf8');
  assert.equal(schemaErrors('plan', parse(text)), []);
  const again = await waveplan(dir, ['plan']);
  assert.is(again.code, 0);
  assert.match(again.stdout, /unchanged/);
  assert.is(readFileSync(join(dir, PLAN), 'utf8'), text);
});

plan('honours plan.file from the config, creating nested folders', async () => {
  const dir = gitRepo(undefined, {
    'parallel.config.yaml': 'plan: { file: plans/deep/plan.yaml }\n',
    [`${Q}/001-pending-a.md`]: '---\nfiles: [src/a.ts]\n---\n# A\n',
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  assert.ok(existsSync(join(dir, 'plans/deep/plan.yaml')));
});

plan('a project below the top of its repository, with edited and new files (git hashes them from the top)', async () => {
  // gitRepo's .gitattributes at the top makes git, not waveplan, hash the edited files.
  const dir = gitRepo(undefined, {
    [`pkg/${Q}/001-pending-a.md`]: '---\nfiles: [src/a.ts]\n---\n# A\n',
    'pkg/src/a.ts': 'export const a = 1;\n',
    'pkg/src/b.ts': "import { a } from './a';\n",
  });
  writeFiles(dir, { 'pkg/src/a.ts': 'export const a = 2;\n', 'pkg/src/new.ts': "import './b';\n" });
  const result = await waveplan(join(dir, 'pkg'), ['plan']);
  assert.is(result.code, 0, result.stderr);
  assert.ok(existsSync(join(dir, 'pkg', PLAN)));
});

plan('outside a git repository: planned, with a warning that globs and imports need git', async () => {
  const dir = tempDir();
  writeFiles(dir, { [`${Q}/001-pending-a.md`]: '---\nfiles: [src/*.ts]\n---\n# A\n', 'src/a.ts': 'export const a = 1;\n' });
  const result = await waveplan(dir, ['plan']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stderr, 'warning NOT_A_REPO');
  assert.match(result.stderr, 'git init');
});

plan('an item on a branch in a repository whose main branch is master: the error names the base to configure', async () => {
  const dir = gitRepo(undefined, { 'src/a.ts': 'export const a = 1;\n', [`${Q}/001-pending-a.md`]: '---\nbranch: feature/a\n---\n# A\n' });
  git(dir, 'branch', '-m', 'main', 'master');
  git(dir, 'branch', 'feature/a');
  const result = await waveplan(dir, ['plan']);
  assert.is(result.code, 1);
  assert.match(result.stderr, 'the base "main" (config git.base) does not exist');
  assert.match(result.stderr, 'this repository has master: `git: { base: master }`');
});

plan('queue errors: exit 1 with file:line, and no plan is written', async () => {
  const dir = gitRepo(undefined, { [`${Q}/001-pending-a.md`]: '# A\n**BlockedBy**: 009\n' });
  const result = await waveplan(dir, ['plan']);
  assert.is(result.code, 1);
  assert.match(result.stderr, /001-pending-a\.md:2:1 QUEUE_UNKNOWN_ID/);
  assert.not.ok(existsSync(join(dir, PLAN)));
});

plan('`plan` and `plan --check` as typed (run without the argument parser) do what the parsed command lines do', async () => {
  // `--format text` is the default: those command lines go through commander.
  const steps: Array<[string, (dir: string) => void]> = [
    ['no plan yet', () => undefined],
    ['written', () => undefined],
    [
      'a file in a write set edited',
      (dir) => writeFileSync(join(dir, 'src/billing/invoice.ts'), `${readFileSync(join(dir, 'src/billing/invoice.ts'), 'utf8')}\n// edited\n`),
    ],
    ['an item added', (dir) => writeFiles(dir, { [`${Q}/011-pending-extra.md`]: '---\nfiles: [src/lib/money.ts]\n---\n# Extra\n' })],
    ['a broken item', (dir) => writeFiles(dir, { [`${Q}/012-pending-broken.md`]: '# Broken\n**BlockedBy**: 999\n' })],
  ];
  const [direct, parsed] = [gitRepo('demo'), gitRepo('demo')];
  for (const [step, change] of steps) {
    change(direct);
    change(parsed);
    for (const [typed, long] of [
      [
        ['plan', '--check'],
        ['plan', '--check', '--format', 'text'],
      ],
      [['plan'], ['plan', '--format', 'text']],
    ]) {
      const a = await waveplan(direct, typed);
      const b = await waveplan(parsed, long);
      assert.equal(a, b, `${step}: ${typed.join(' ')}`);
    }
    assert.is(readFileSync(join(direct, PLAN), 'utf8'), readFileSync(join(parsed, PLAN), 'utf8'), step);
  }
});

plan(
  'a plan over 1 MB: after writing it the cache names the plan file; a warm run writes what a run without caches writes, and a hand edit is not trusted',
  async () => {
    const dir = gitRepo(undefined, largePlanQueue());
    const cacheFile = join(dir, '.agent/cache/plan.json');
    // A stale plan file from before (the file list, part of the cache key, holds it in every run).
    writeFiles(dir, { [PLAN]: '# Compiled by waveplan (an older plan)\n' });
    assert.is((await waveplan(dir, ['plan'])).code, 0);
    assert.match(readFileSync(cacheFile, 'utf8'), /"planSum"/, 'the plan is in the plan file: not copied into the cache');
    writeFiles(dir, { 'src/shared.ts': 'export const shared = 2;\n' });
    const edited = await waveplan(dir, ['plan']);
    assert.is(edited.code, 0, edited.stderr);
    assert.match(edited.stdout, /✓ wrote .*\n {2}- an input changed/);
    assert.not.match(readFileSync(cacheFile, 'utf8'), /waves:/);
    const fresh = tempDir();
    git(fresh, 'clone', '-q', dir, 'copy');
    const copy = join(fresh, 'copy');
    writeFiles(copy, { 'src/shared.ts': 'export const shared = 2;\n', [PLAN]: '# Compiled by waveplan (an older plan)\n' });
    assert.is((await waveplan(copy, ['plan'])).code, 0);
    assert.is(readFileSync(join(dir, PLAN), 'utf8'), readFileSync(join(copy, PLAN), 'utf8'), 'the same bytes as a compile without caches');
    writeFiles(dir, { [PLAN]: `${readFileSync(join(dir, PLAN), 'utf8')}# note\n` });
    const check = await waveplan(dir, ['plan', '--check']);
    assert.is(check.code, 1, 'edited by hand');
    assert.is((await waveplan(dir, ['plan'])).code, 0);
    assert.is(readFileSync(join(dir, PLAN), 'utf8'), readFileSync(join(copy, PLAN), 'utf8'));
  },
);

plan('what moved is shown in bounded lines: the first 40 changes, each cut short, then a count; --json keeps them all', async () => {
  // 60 items on one shared file (60 waves), then none shares it: thousands of lost conflicts and
  // items that moved with 59 reasons each, as after `infer --write` on a long queue.
  const items = (shared: boolean) =>
    Object.fromEntries(
      Array.from({ length: 60 }, (_, n) => {
        const id = String(n + 1).padStart(3, '0');
        return [`${Q}/${id}-pending-task-${id}.md`, `---\nfiles: [${shared ? 'src/shared.ts, ' : ''}src/task-${id}.ts]\n---\n# Task ${id}\n`];
      }),
    );
  const dir = gitRepo(undefined, { 'src/shared.ts': 'export const shared = 1;\n', ...items(true) });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'plan');
  writeFiles(dir, items(false));
  const json = await waveplan(dir, ['plan', '--check', '--json']);
  const all = (JSON.parse(json.stdout) as { messages: string[] }).messages;
  assert.ok(all.length > 1000, `${all.length} changes`);
  for (const args of [['plan', '--check'], ['plan']]) {
    const result = await waveplan(dir, args);
    const bullets = result.stdout.split('\n').filter((l) => l.startsWith('  - '));
    assert.is(bullets.length, 41, args.join(' '));
    assert.ok(
      bullets.every((l) => l.length <= 610),
      bullets.find((l) => l.length > 610),
    );
    assert.match(
      bullets[40],
      `… and ${all.length - 40} more (${args.length === 2 ? 'waveplan plan --check --json lists every change' : `git diff -- ${PLAN} shows every change`})`,
    );
  }
});

plan.run();

const check = suite('waveplan plan --check');

check('0 when the committed plan matches a fresh compile; writes nothing', async () => {
  const dir = gitRepo('demo');
  await waveplan(dir, ['plan']);
  const before = readFileSync(join(dir, PLAN), 'utf8');
  const result = await waveplan(dir, ['plan', '--check']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /is up to date/);
  assert.is(readFileSync(join(dir, PLAN), 'utf8'), before);
});

check('2 when the queue moved on, saying what moved in words', async () => {
  const dir = gitRepo('demo');
  await waveplan(dir, ['plan']);
  const before = readFileSync(join(dir, PLAN), 'utf8');
  renameSync(join(dir, Q, '003-pending-order-status-history.md'), join(dir, Q, '003-completed-order-status-history.md'));
  writeFiles(dir, { [`${Q}/011-pending-new-thing.md`]: '---\nfiles: [src/new.ts]\n---\n# New thing\n' });
  const result = await waveplan(dir, ['plan', '--check']);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stdout, /is stale/);
  assert.match(result.stdout, /003 pending → completed/);
  assert.match(result.stdout, /item 011 added/);
  assert.match(result.stdout, /conflict 003–007 \(file db\/schema\.sql\) lost/);
  assert.match(result.stdout, /007 no longer runs after 003/);
  assert.match(result.stdout, /007 moved from wave 2 to wave 1: conflict with 003 gone/);
  assert.is(readFileSync(join(dir, PLAN), 'utf8'), before, 'check writes nothing');
});

check('2 when a file in a write set changed since the plan was committed, naming the file', async () => {
  const dir = gitRepo(undefined, {
    [`${Q}/001-pending-b.md`]: '---\nfiles: [src/b.ts]\n---\n# B\n',
    [`${Q}/002-pending-a.md`]: '---\nfiles: [src/a.ts]\n---\n# A\n',
    'src/a.ts': 'export const a = 1;\n',
    'src/b.ts': "import { a } from './a';\n",
    'src/other.ts': 'export const o = 1;\n',
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  writeFiles(dir, { 'src/a.ts': 'export const a = 2;\n', 'src/other.ts': 'export const o = 2;\n' });
  const result = await waveplan(dir, ['plan', '--check']);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stdout, /changed since the plan was last committed \([0-9a-f]{7}\): src\/a\.ts;/);
  assert.not.match(result.stdout, 'other.ts', 'a file in no write set or chain is not an input');
});

check('2 when a file a write set names was created since the plan was committed, naming it though git has not added it', async () => {
  const dir = gitRepo(undefined, {
    [`${Q}/001-pending-new.md`]: '---\nfiles: [src/new.ts]\n---\n# New\n',
    'src/a.ts': 'export const a = 1;\n',
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  writeFiles(dir, { 'src/new.ts': 'export const n = 1;\n' });
  const result = await waveplan(dir, ['plan', '--check']);
  assert.is(result.code, 2, result.stderr);
  assert.match(result.stdout, /changed since the plan was last committed \([0-9a-f]{7}\): src\/new\.ts;/);
});

check('2 when there is no plan file yet', async () => {
  const dir = gitRepo('demo');
  const result = await waveplan(dir, ['plan', '--check']);
  assert.is(result.code, 2);
  assert.match(result.stdout, /no plan file at \.agent\/plan\.yaml/);
});

check('1 for a plan edited by hand, and `plan` puts it right', async () => {
  const dir = gitRepo('demo');
  await waveplan(dir, ['plan']);
  const file = join(dir, PLAN);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/(waves:\n  - index: 1\n    items:\n)/, '$1      - "005"\n'));
  const result = await waveplan(dir, ['plan', '--check']);
  assert.is(result.code, 1);
  assert.match(result.stderr, /edited by hand/);
  const fixed = await waveplan(dir, ['plan']);
  assert.match(fixed.stdout, /replaced a version that had been edited by hand/);
  assert.is((await waveplan(dir, ['plan', '--check'])).code, 0);
});

check('1 for a plan that fails its schema, naming file:line', async () => {
  const dir = gitRepo('demo');
  await waveplan(dir, ['plan']);
  const file = join(dir, PLAN);
  writeFileSync(file, readFileSync(file, 'utf8').replace('max_parallel: 3', 'max_parallel: many'));
  const result = await waveplan(dir, ['plan', '--check']);
  assert.is(result.code, 1);
  assert.match(result.stderr, /\.agent\/plan\.yaml:\d+:\d+ PLAN_SCHEMA settings\.max_parallel must be integer/);
});

check.run();

const report = suite('waveplan report / plan --dry-run');

report('print without writing: text, Markdown with a Mermaid Gantt, schema-valid JSON', async () => {
  const dir = gitRepo('demo');
  const text = await waveplan(dir, ['plan', '--dry-run']);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, /Wave 1 · length \d/);
  assert.match(text.stdout, /Critical path: 003 → 004 → 005/);
  assert.not.ok(existsSync(join(dir, PLAN)));
  const md = await waveplan(dir, ['report', '--format', 'md']);
  assert.match(md.stdout, /```mermaid\ngantt\n/);
  assert.match(md.stdout, /\| item \(wave\) \| kept out of wave by \| kind \| evidence \|/);
  const json = await waveplan(dir, ['report', '--format', 'json']);
  assert.equal(schemaErrors('report', JSON.parse(json.stdout)), []);
  assert.not.ok(existsSync(join(dir, PLAN)));
});

report('a held item keeps its title in the text report when nothing or only short titles are scheduled', async () => {
  // Was: "070  Afte…  blocked by 061, which is blocked": the title column was as wide as the scheduled titles (at least 5).
  const dir = gitRepo(undefined, {
    '.agent/queue/001-blocked-first.md': '---\nfiles: [a.ts]\n---\n# First\n',
    '.agent/queue/002-pending-after-the-first-one.md': '---\nfiles: [b.ts]\n---\n# After the first one\n\n**BlockedBy**: 001\n',
  });
  const text = await waveplan(dir, ['report']);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, '  002  After the first one  blocked by 001, which is blocked');
});

report('the Markdown report shows a title as text: HTML in it is escaped, a | does not split the table', async () => {
  const dir = gitRepo('demo');
  writeFiles(dir, { '.agent/queue/099-pending-banner.md': '# Show <details> in the <img src=x onerror=alert(1)> banner | A & B\n**Files**: src/banner.ts\n' });
  const md = await waveplan(dir, ['report', '--format', 'md']);
  assert.is(md.code, 0, md.stderr);
  assert.match(md.stdout, '| 099 | Show &lt;details&gt; in the &lt;img src=x onerror=alert(1)&gt; banner \\| A &amp; B |');
  assert.not.match(md.stdout, '<details>');
  assert.not.match(md.stdout, '<img');
});

report('--max-parallel N shows the what-if against the configured cap; a bad N is exit 1', async () => {
  const dir = gitRepo('demo');
  const result = await waveplan(dir, ['report', '--max-parallel', '1']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /What if max_parallel were 1 \(configured 3\): makespan 13 in 9 waves, against 6 in 3/);
  const bad = await waveplan(dir, ['report', '--max-parallel', '0']);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /--max-parallel must be a whole number from 1 to 64/);
});

report('--max-parallel is parsed once, for every command that takes it: 1e1, 3.0, 0 and 65 are refused before any work', async () => {
  const dir = gitRepo('demo');
  for (const command of [['plan'], ['report'], ['apply', '--dry-run'], ['apply', '--detach']]) {
    for (const n of ['1e1', '3.0', '0', '65', 'three']) {
      const bad = await waveplan(dir, [...command, '--max-parallel', n]);
      assert.is(bad.code, 1, `${command.join(' ')} --max-parallel ${n}`);
      assert.match(bad.stderr, new RegExp(`argument '${n.replace('.', '\\.')}' is invalid\\. --max-parallel must be a whole number from 1 to 64`));
    }
  }
  assert.not.ok(existsSync(join(dir, PLAN)), 'nothing was compiled or written');
});

report('count and duration options are parsed once, by their option: 1e1, 3.0, 0 (where at least 1) and words are refused before any work', async () => {
  const dir = gitRepo('demo');
  const counts: Array<[string[], string, number]> = [
    [['export', '--to', 'github-actions'], '--waves-per-run', 1],
    [['ci', 'waves'], '--waves-per-run', 1],
    [['ci', 'waves'], '--from-wave', 1],
    [['ci', 'land', '001'], '--attempts', 1],
    [['status'], '--lines', 0],
  ];
  for (const [command, flag, min] of counts) {
    for (const n of ['1e1', '3.0', 'three', ...(min === 1 ? ['0'] : [])]) {
      const bad = await waveplan(dir, [...command, flag, n]);
      assert.is(bad.code, 1, `${command.join(' ')} ${flag} ${n}`);
      assert.match(bad.stderr, `argument '${n}' is invalid. ${flag} must be a whole number of at least ${min}`);
    }
  }
  for (const [command, flag] of [
    [['wait'], '--timeout'],
    [['status'], '--interval'],
    [['ci', 'land', '001'], '--wait-minutes'],
  ] as Array<[string[], string]>) {
    for (const n of ['1e3', 'soon', '.5']) {
      const bad = await waveplan(dir, [...command, flag, n]);
      assert.is(bad.code, 1, `${command.join(' ')} ${flag} ${n}`);
      assert.match(bad.stderr, `argument '${n}' is invalid. ${flag} must be a number of at least 0, such as 30 or 0.5`);
    }
  }
  assert.not.ok(existsSync(join(dir, PLAN)), 'nothing was compiled or written');
  assert.not.ok(existsSync(join(dir, '.agent/runs')), 'nothing ran');
});

report('--format and --schedule accept only their choices (--footprints: test/infer/integration.test.ts)', async () => {
  const dir = gitRepo('demo');
  const format = await waveplan(dir, ['report', '--format', 'html']);
  assert.is(format.code, 1);
  assert.match(format.stderr, /argument 'html' is invalid\. Allowed choices are text, md, json/);
  const schedule = await waveplan(dir, ['apply', '--dry-run', '--schedule', 'fast']);
  assert.is(schedule.code, 1);
  assert.match(schedule.stderr, /argument 'fast' is invalid\. Allowed choices are waves, dynamic/);
});

report('an item with no known footprint runs alone, unless --assume-disjoint', async () => {
  const dir = gitRepo(undefined, {
    [`${Q}/001-pending-a.md`]: '---\nfiles: [src/a.ts]\n---\n# A\n',
    [`${Q}/002-pending-vague.md`]: '# Something vague\n',
    [`${Q}/003-pending-c.md`]: '---\nfiles: [src/c.ts]\n---\n# C\n',
  });
  const alone = await waveplan(dir, ['report', '--format', 'json']);
  const waves = (out: string) => (JSON.parse(out) as { waves: Array<{ items: Array<{ id: string }> }> }).waves.map((w) => w.items.map((i) => i.id));
  // 002 conflicts with everything, so the hardest-to-place rule puts it first, on its own.
  assert.equal(waves(alone.stdout), [['002'], ['001', '003']]);
  assert.match((await waveplan(dir, ['report'])).stdout, /Unknown footprint \(each runs alone\): 002/);
  const disjoint = await waveplan(dir, ['report', '--format', 'json', '--assume-disjoint']);
  assert.equal(waves(disjoint.stdout), [['001', '002', '003']]);
});

report('an unknown footprint whose files: entry matches nothing: the report names the entry, not a missing files: line', async () => {
  // On hono the report said "003 name nothing in the repository: add `files: [...]`" for an item
  // whose files: [src/middlware/csrf/**] was there, with a typo in it.
  const dir = gitRepo(undefined, {
    'src/middleware/csrf/index.ts': 'export const csrf = 1;\n',
    '.agent/queue/001-pending-csrf.md': '---\nfiles: [src/middlware/csrf/**]\n---\n# csrf: exempt OPTIONS\n',
    '.agent/queue/002-pending-vague.md': '# Make things better\n',
  });
  const text = await waveplan(dir, ['plan', '--dry-run']);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, '  001 files: src/middlware/csrf/** matches no file in the repository (a typo?): fix the path');
  assert.not.match(text.stdout, /001(, 002)? name nothing/);
  const md = await waveplan(dir, ['plan', '--dry-run', '--format', 'md']);
  assert.match(md.stdout, '- 001 files: `src/middlware/csrf/**` matches no file in the repository (a typo?): fix the path');
  const json = JSON.parse((await waveplan(dir, ['report', '--format', 'json'])).stdout);
  assert.equal(json.unmatched_files, { '001': ['src/middlware/csrf/**'] });
  assert.equal(schemaErrors('report', json), []);
});

report('the text report lists the first 100 conflicts and counts the rest: a long queue had 222,480 lines (11 MB) before its summary', async () => {
  // 20 items on one shared file: 190 conflicts.
  const items = Object.fromEntries(
    Array.from({ length: 20 }, (_, n) => {
      const id = String(n + 1).padStart(3, '0');
      return [`${Q}/${id}-pending-task-${id}.md`, `---\nfiles: [src/shared.ts]\n---\n# Task ${id}\n`];
    }),
  );
  const dir = gitRepo(undefined, { 'src/shared.ts': 'export const shared = 1;\n', ...items });
  const text = await waveplan(dir, ['report']);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, 'Conflicts (190)');
  const listed = text.stdout.split('\n').filter((l) => /^ {2}\d{3}–\d{3} /.test(l));
  assert.is(listed.length, 100);
  assert.match(text.stdout, '  … and 90 more (report --format json lists every conflict; waveplan explain A B shows a pair)');
  assert.match(text.stdout, /\nCritical path: /);
  const json = JSON.parse((await waveplan(dir, ['report', '--format', 'json'])).stdout) as { conflicts: unknown[] };
  assert.is(json.conflicts.length, 190);
});

report.run();
