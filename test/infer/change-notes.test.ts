import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findChangeNotes, releaseLike } from '../../src/analyze/infer/change-notes.js';
import { itemTerms } from '../../src/analyze/infer/item-terms.js';
import { git, gitRepo, writeFiles } from '../helpers/git-repo.js';
import { commit } from '../helpers/infer-repo.js';
import { runCli, waveplan } from '../helpers/cli.js';

const notes = suite('change notes: what the history says');

/** Newest first, as git log gives them: three changes each adding a note, then the release that consumed them, twice over. */
function changesetsHistory(round: (n: number) => string) {
  const commits = [];
  for (const r of [2, 1]) {
    commits.push({
      hash: `r${r}`,
      subject: round(r),
      body: '',
      files: ['.changeset/a' + r + '.md', '.changeset/b' + r + '.md', '.changeset/c' + r + '.md', 'CHANGELOG.md', 'package.json'],
    });
    for (const n of ['c', 'b', 'a'])
      commits.push({ hash: `${n}${r}`, subject: `fix: thing ${n}${r}`, body: '', files: [`.changeset/${n}${r}.md`, `src/${n}.ts`] });
  }
  return commits;
}

notes('the folder changes add notes to and releases consume is found, with the releases', () => {
  const got = findChangeNotes(changesetsHistory(() => 'Version Packages'));
  assert.equal(got.folders, ['.changeset']);
  assert.equal(
    got.releases.map((r) => r.subject),
    ['Version Packages', 'Version Packages'],
  );
});

notes('pages written once and moved later are not notes: the commit that moved them wrote no changelog', () => {
  const commits = [
    { hash: 'm', subject: 'docs: move the guides', body: '', files: ['docs/a.md', 'docs/b.md', 'docs/c.md', 'guide/a.md', 'guide/b.md', 'guide/c.md'] },
    ...['a', 'b', 'c'].map((n) => ({ hash: n, subject: `docs: write ${n}`, body: '', files: [`docs/${n}.md`] })),
  ];
  assert.equal(findChangeNotes(commits).folders, []);
});

notes('an item is a release when its title is like a past release: not when it only says release', () => {
  const found = findChangeNotes(changesetsHistory(() => 'Version Packages'));
  const like = (title: string) => releaseLike(itemTerms({ title, body: [] }), found, title);
  assert.is(like('Version Packages (next)'), 'Version Packages');
  assert.is(like('Version Packages'), 'Version Packages');
  assert.is(like('Add release notes preparation skill'), undefined);
  // A title that is a release, in words the bot never used: the newest past release stands for it.
  assert.is(like('chore: release v5.0.0-rc.2'), 'Version Packages');
  assert.is(like('[ci] release'), 'Version Packages');
  assert.is(like('4.13.0'), 'Version Packages');
  assert.is(like('Skip release PR in the status workflow example'), undefined);
  assert.is(like('fix: do not run publish on forks'), undefined);
  assert.is(like('Bump vitepress from 2.0.0-alpha.18 to 2.0.0-alpha.19'), undefined);
  assert.is(like('fix: packages version in the lock file'), undefined);
  // No change notes in the repository: nothing to consume.
  assert.is(releaseLike(itemTerms({ title: 'Version Packages', body: [] }), { folders: [], releases: [] }), undefined);
});

notes.run();

const plan = suite('a release consumes the change notes: it runs apart');

/**
 * A repository whose changes each add a change note and whose `Version Packages` commits consume
 * them (`consumes`), or whose releases leave the notes where they are (no change notes).
 */
function releasingRepo(consumes: boolean): string {
  const root = gitRepo(undefined, {
    'package.json': '{ "name": "acme", "version": "1.0.0" }\n',
    'CHANGELOG.md': '# acme\n',
    'src/router.ts': 'export function route() {}\n',
  });
  for (let round = 1; round <= 2; round++) {
    const added = ['a', 'b', 'c'].map((n) => `.changeset/${n}${round}.md`);
    added.forEach((note, k) =>
      commit(root, `feat: widget ${round}.${k}`, { [note]: '---\n"acme": patch\n---\n\nAdd it.\n', [`src/widget-${round}${k}.ts`]: 'export {};\n' }),
    );
    // The release writes the notes into the changelog and deletes them, in one commit.
    if (consumes) for (const note of added) rmSync(join(root, note));
    commit(root, 'Version Packages', { 'CHANGELOG.md': `# acme\n\n## 1.0.${round}\n`, 'package.json': `{ "name": "acme", "version": "1.0.${round}" }\n` });
  }
  writeFiles(root, {
    '.agent/queue/001-pending-router.md': '# fix: `route` drops the trailing slash\n',
    '.agent/queue/002-pending-release.md': '# Version Packages\n',
  });
  return root;
}

plan('a release like the past ones conflicts with every other item, and the plan, explain and infer say why', async () => {
  const root = releasingRepo(true);
  const result = await waveplan(root, ['plan', '--dry-run', '--format', 'json']);
  assert.is(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(
    report.conflicts.filter((c: { kind: string }) => c.kind === 'data'),
    [{ kind: 'data', a: '001', b: '002', evidence: '002 releases the change notes in .changeset/' }],
  );
  assert.is(report.stats.waves, 2);
  assert.match(
    (await waveplan(root, ['explain', '1', '2'])).stdout,
    /002 is a release: it consumes the change notes in \.changeset\/, where 001's change may add one/,
  );
  const infer = await waveplan(root, ['infer', '2', '--json']);
  assert.equal(JSON.parse(infer.stdout).items[0].release, { like: 'Version Packages', folders: ['.changeset'] });
  assert.match(
    (await waveplan(root, ['infer', '2'])).stdout,
    /a release, like "Version Packages": it consumes the change notes in \.changeset\/, so it runs apart from every other item/,
  );
});

plan('infer --write leaves a release inferred: declared, it would run beside the items whose notes it consumes', async () => {
  const root = releasingRepo(true);
  const before = readFileSync(join(root, '.agent/queue/002-pending-release.md'), 'utf8');
  const written = await waveplan(root, ['infer', '--write']);
  assert.is(written.code, 0, written.stderr);
  // The other item is written; the release is not, and the output says why.
  assert.match(readFileSync(join(root, '.agent/queue/001-pending-router.md'), 'utf8'), /^---\nfiles: /);
  assert.is(readFileSync(join(root, '.agent/queue/002-pending-release.md'), 'utf8'), before);
  assert.match(written.stderr, 'wrote files: into 1 item');
  assert.match(
    written.stderr,
    '002 is a release (like "Version Packages"): left inferred, since a declared files: would run it beside the items whose change notes it consumes in .changeset/',
  );
  const report = JSON.parse((await waveplan(root, ['plan', '--dry-run', '--format', 'json'])).stdout);
  assert.equal(
    report.conflicts.filter((c: { kind: string }) => c.kind === 'data'),
    [{ kind: 'data', a: '001', b: '002', evidence: '002 releases the change notes in .changeset/' }],
  );
});

plan('the footprint audit expects a change to add a change note: only the other files it missed are reported', async () => {
  const root = releasingRepo(true);
  rmSync(join(root, '.agent/queue/002-pending-release.md'));
  writeFiles(root, {
    'parallel.config.yaml':
      'run:\n  isolation: worktree\n  command: |\n    mkdir -p .changeset && printf -- \'---\\n"acme": patch\\n---\\n\\nFix it.\\n\' > .changeset/brave-owls-sing.md\n    echo "// 1" >> src/router.ts && mkdir -p docs && echo "# Guide" > docs/guide.md\n',
  });
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'queue');
  const planned = await waveplan(root, ['plan']);
  assert.is(planned.code, 0, planned.stdout + planned.stderr);
  const applied = runCli(root, ['apply', '--yes'], { WAVEPLAN_RENDERER: 'silent' });
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.match(applied.stdout + applied.stderr, 'footprint exceeded: 001 changed docs/guide.md outside');
  assert.not.match(applied.stdout + applied.stderr, 'brave-owls-sing');
  // The note landed with the change (it is the item's work), and the run record says it wrote it.
  assert.ok(existsSync(join(root, '.changeset/brave-owls-sing.md')));
  const [run] = readdirSync(join(root, '.agent/runs')).filter((name) => /^\d{8}T/.test(name));
  const summary = JSON.parse(readFileSync(join(root, '.agent/runs', run, 'summary.json'), 'utf8')) as {
    items: Array<{ writes: string[]; exceeded?: string[] }>;
  };
  assert.ok(summary.items[0].writes.includes('.changeset/brave-owls-sing.md'));
  assert.equal(summary.items[0].exceeded, ['docs/guide.md']);
});

plan('where releases consumed no notes, a release is an item like any other', async () => {
  const root = releasingRepo(false);
  const report = JSON.parse((await waveplan(root, ['plan', '--dry-run', '--format', 'json'])).stdout);
  assert.equal(
    report.conflicts.filter((c: { kind: string }) => c.kind === 'data'),
    [],
  );
  assert.not.ok('release' in JSON.parse((await waveplan(root, ['infer', '2', '--json'])).stdout).items[0]);
});

plan.run();
