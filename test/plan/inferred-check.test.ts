import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo } from '../helpers/git-repo.js';
import { commit } from '../helpers/infer-repo.js';
import { gitRun } from '../helpers/hook-repo.js';
import { ownFilesOf, readChangeLog } from '../../src/analyze/infer/read-change-history.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';

/**
 * `plan --check` on a queue whose items rest on inference (docs/plan-file.md, docs/inference.md):
 * inference reads the history, so a commit can move what it found without any input moving. A
 * committed plan is checked against the history it was compiled on, so the commit that carries it
 * and later ones leave it current; an uncommitted one against HEAD's, where such a move makes it
 * stale (exit 2, saying inference moved), never "edited by hand" (exit 1, which `apply` refuses).
 */
const check = suite('plan --check on inferred items');

/** Thirty commits of an unrelated file, then three of the billing module: the history an item about currency rounding is inferred from. */
function billingRepo(readmeWithBilling = false, commitPlan = true): string {
  const root = gitRepo(undefined, readmeWithBilling ? {} : { 'README.md': '# app\n' });
  for (let i = 1; i <= 30; i++) commit(root, `unrelated ${i}`, { 'other.txt': `${i}\n` });
  for (let i = 1; i <= 3; i++)
    commit(root, `billing change ${i}`, {
      'src/billing/invoice.ts': `// currency rounding of totals ${i}\nexport function roundCurrency(x: number) { return x; }\n`,
      'src/billing/tax.ts': `export const b = ${i};\n`,
      // Written with the billing module once: a file that changes with it, near its guess.
      ...(readmeWithBilling && i === 1 ? { 'README.md': '# app\n' } : {}),
    });
  commit(root, 'queue', { '.agent/queue/001-pending-invoice-currency.md': '# Fix the currency rounding in the invoice\n' });
  const planned = runCli(root, ['plan']);
  assert.is(planned.code, 0, planned.stderr);
  if (!commitPlan) return root;
  git(root, 'add', '.agent/plan.yaml');
  git(root, 'commit', '-q', '-m', 'plan');
  return root;
}

/** `count` commits at once (git fast-import): `files(i)` gives each one's changed files. */
function manyCommits(root: string, count: number, files: (i: number) => Record<string, string>): void {
  const branch = git(root, 'symbolic-ref', 'HEAD').trim();
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    const message = `commit ${i}`;
    lines.push(`commit ${branch}`, `committer a <a@b> ${1_700_000_000 + i} +0000`, `data ${Buffer.byteLength(message)}`, message);
    if (i === 1) lines.push(`from ${git(root, 'rev-parse', 'HEAD').trim()}`);
    for (const [path, text] of Object.entries(files(i))) lines.push(`M 100644 inline ${path}`, `data ${Buffer.byteLength(text)}`, text);
    lines.push('');
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: root, input: `${lines.join('\n')}\n` });
  git(root, 'reset', '-q', '--hard', branch);
}

check('a committed plan is checked against the history it was compiled on: unrelated commits later, it is still current', () => {
  const root = billingRepo();
  assert.is(runCli(root, ['plan', '--check']).code, 0);
  // 120 commits later the billing commits weigh less (HEAD's history would give the guess another confidence).
  manyCommits(root, 120, (i) => ({ 'other.txt': `later ${i}\n` }));
  const checked = runCli(root, ['plan', '--check']);
  assert.is(checked.code, 0, checked.stdout + checked.stderr);
  assert.is(runCli(root, ['apply', '--dry-run']).code, 1, 'no command to run, but not refused as stale');
  assert.not.match(runCli(root, ['apply', '--dry-run']).stderr, /stale|edited by hand/);
  // `waveplan plan` compiles for now: the plan moves with the history, and stays current once committed.
  const replanned = runCli(root, ['plan']);
  assert.is(replanned.code, 0, replanned.stderr);
  assert.is(runCli(root, ['plan', '--check']).code, 0);
  git(root, 'add', '.agent/plan.yaml');
  git(root, 'commit', '-q', '-m', 'plan again');
  assert.is(runCli(root, ['plan', '--check']).code, 0);
});

check('the pre-commit hook commits the plan with the code it plans: the commit that carries it does not make it stale', () => {
  const root = billingRepo();
  assert.is(runCli(root, ['hooks', 'install']).code, 0);
  for (let i = 1; i <= 4; i++) {
    writeFileSync(join(root, 'src/billing/invoice.ts'), `// currency rounding, take ${i}\nexport function roundCurrency(x: number) { return x; }\n`);
    writeFileSync(join(root, `.agent/queue/00${i + 1}-pending-tax-${i}.md`), `# Fix the currency rounding in the tax, take ${i}\n`);
    git(root, 'add', '-A');
    const committed = gitRun(root, ['commit', '-q', '-m', `fix(billing): currency rounding, take ${i}`]);
    assert.is(committed.code, 0, committed.stderr);
    const checked = runCli(root, ['plan', '--check']);
    assert.is(checked.code, 0, `take ${i}: ${checked.stdout}${checked.stderr}`);
  }
});

check(
  'an uncommitted plan is checked against HEAD: commits that move what inference found make it stale (exit 2, naming inference), never edited by hand',
  () => {
    const root = billingRepo(false, false);
    manyCommits(root, 120, (i) => ({ 'other.txt': `later ${i}\n` }));
    const checked = runCli(root, ['plan', '--check']);
    assert.is(checked.code, 2, checked.stdout + checked.stderr);
    assert.not.match(checked.stdout + checked.stderr, 'edited by hand');
    assert.match(checked.stdout, /what inference found for 001 did/);
    const applied = runCli(root, ['apply', '--yes']);
    assert.is(applied.code, 1);
    assert.not.match(applied.stdout + applied.stderr, 'edited by hand');
  },
);

check('when commits move a write set and no input moved, plan --check says that inference moved it', () => {
  const root = billingRepo(true, false);
  // 300 commits later the billing module changed too long ago to have partners: README.md is no longer near the guess.
  manyCommits(root, 300, (i) => ({ 'other.txt': `later ${i}\n` }));
  const checked = runCli(root, ['plan', '--check']);
  assert.is(checked.code, 2, checked.stdout + checked.stderr);
  assert.match(checked.stdout, '001 no longer writes README.md');
  assert.match(checked.stdout, /but what inference found for 001 did/);
});

check("commits of waveplan's own files only (the queue, the plan, what runs taught) are no part of the history inference reads", async () => {
  const root = billingRepo();
  const config = (await loadQueue(workTreeReader(root))).config;
  const before = await readChangeLog(root, undefined, 1000, undefined, ownFilesOf(config));
  manyCommits(root, 50, (i) => ({ '.agent/queue/README.md': `notes ${i}\n`, '.agent/learned.json': `{}\n${' '.repeat(i)}` }));
  assert.equal(await readChangeLog(root, undefined, 1000, undefined, ownFilesOf(config)), before);
  // Nor the files they change in a commit that changed others too.
  commit(root, 'fix: rounding and its queue item', { 'src/billing/tax.ts': 'export const b = 9;\n', '.agent/queue/README.md': 'done\n' });
  const [newest] = await readChangeLog(root, undefined, 1000, undefined, ownFilesOf(config));
  assert.equal(newest.files, ['src/billing/tax.ts']);
});

check.run();
