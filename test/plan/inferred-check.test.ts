import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo } from '../helpers/git-repo.js';
import { commit } from '../helpers/infer-repo.js';

/**
 * `plan --check` on a queue whose items rest on inference (docs/plan-file.md, docs/inference.md):
 * inference reads the history, so a commit can move what it found without any input moving. The
 * plan is then stale (exit 2, saying inference moved), never "edited by hand" (exit 1, which
 * `apply` refuses as tampering); and committing the plan itself moves nothing.
 */
const check = suite('plan --check on inferred items');

/** Thirty commits of an unrelated file, then three of the billing module: the history an item about currency rounding is inferred from. */
function billingRepo(readmeWithBilling = false): string {
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

check('unrelated commits move what inference found but no input: the plan is stale (exit 2), not edited by hand', () => {
  const root = billingRepo();
  assert.is(runCli(root, ['plan', '--check']).code, 0);
  // 120 commits later the billing commits weigh less: the guess is the same files at another confidence.
  manyCommits(root, 120, (i) => ({ 'other.txt': `later ${i}\n` }));
  const checked = runCli(root, ['plan', '--check']);
  assert.is(checked.code, 2, checked.stdout + checked.stderr);
  assert.not.match(checked.stdout + checked.stderr, 'edited by hand');
  assert.match(checked.stdout, /no input changed since the plan was last committed \(\w{7}\), but what inference found for 001 did/);
  // apply refuses it as stale (run `waveplan plan`), not as tampering.
  const applied = runCli(root, ['apply', '--yes']);
  assert.is(applied.code, 1);
  assert.not.match(applied.stdout + applied.stderr, 'edited by hand');
  assert.is(runCli(root, ['plan']).code, 0);
  assert.is(runCli(root, ['plan', '--check']).code, 0);
});

check('when unrelated commits move a write set and no input moved, plan --check says that inference moved it', () => {
  const root = billingRepo(true);
  assert.is(runCli(root, ['plan', '--check']).code, 0);
  // 300 commits later the billing module changed too long ago to have partners: README.md is no longer near the guess.
  manyCommits(root, 300, (i) => ({ 'other.txt': `later ${i}\n` }));
  const checked = runCli(root, ['plan', '--check']);
  assert.is(checked.code, 2, checked.stdout + checked.stderr);
  assert.match(checked.stdout, '001 no longer writes README.md');
  assert.match(checked.stdout, /no input changed since the plan was last committed \(\w{7}\), but what inference found for 001 did/);
});

check("commits of waveplan's own files (the queue, the plan, what runs taught) are not history: committing the plan keeps it current", () => {
  const root = billingRepo();
  // The queue folder's own notes, edited and committed 120 times: the plan's inputs did not move.
  manyCommits(root, 120, (i) => ({ '.agent/queue/README.md': `notes ${i}\n` }));
  const checked = runCli(root, ['plan', '--check']);
  assert.is(checked.code, 0, checked.stdout + checked.stderr);
  // And a plan written after them, then committed, is still the plan of the committed tree.
  writeFileSync(join(root, '.agent/queue/002-pending-theme.md'), '# Fix the currency rounding in the tax\n');
  assert.is(runCli(root, ['plan']).code, 0);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'queue 002 and its plan');
  const again = runCli(root, ['plan', '--check']);
  assert.is(again.code, 0, again.stdout + again.stderr);
});

check.run();
