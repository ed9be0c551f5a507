import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readAnalysis } from '../../src/analyze/read-analysis.js';
import { formatEvidence } from '../../src/analyze/evidence.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { WaveplanError } from '../../src/errors.js';
import { gitPort } from '../../src/io/git.js';
import type { Config, Item } from '../../src/types.js';
import { git, gitRepo, writeFiles } from '../helpers/git-repo.js';
import { makeItem } from '../helpers/items.js';

function analyze(root: string, items: Item[], config: Config = defaultConfig()) {
  return readAnalysis({ root, items, config, git: gitPort(root) });
}

const branches = suite('readAnalysis: branch footprints (real branches)');

/** main with five files; feature/x modifies, adds, renames and deletes one each; main moves on afterwards. */
function repoWithBranch(): string {
  const root = gitRepo(undefined, { 'src/modified.ts': 'a\n', 'src/old-name.ts': 'rename me\n'.repeat(5), 'src/deleted.ts': 'x\n', 'src/untouched.ts': 'u\n' });
  git(root, 'checkout', '-q', '-b', 'feature/x');
  writeFiles(root, { 'src/modified.ts': 'b\n', 'src/added.ts': 'new\n' });
  git(root, 'mv', 'src/old-name.ts', 'src/new-name.ts');
  git(root, 'rm', '-q', 'src/deleted.ts');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'work on x');
  git(root, 'checkout', '-q', 'main');
  writeFiles(root, { 'src/untouched.ts': 'changed on main after the branch left\n' });
  git(root, 'commit', '-q', '-am', 'main moves on');
  return root;
}

branches('modified, added, renamed (both paths) and deleted files; main’s later changes do not count', async () => {
  const root = repoWithBranch();
  const analysis = await analyze(root, [makeItem('001', { branch: 'feature/x' })]);
  const [fp] = analysis.footprints;
  assert.equal(fp.writes, ['src/added.ts', 'src/deleted.ts', 'src/modified.ts', 'src/new-name.ts', 'src/old-name.ts']);
  assert.equal(fp.origins['src/added.ts'], ['branch']);
  assert.is(fp.unknown, false);
});

branches('two items whose branches touch one file conflict on it', async () => {
  const root = repoWithBranch();
  git(root, 'checkout', '-q', '-b', 'feature/y');
  writeFiles(root, { 'src/modified.ts': 'c\n' });
  git(root, 'commit', '-q', '-am', 'y');
  git(root, 'checkout', '-q', 'main');
  const analysis = await analyze(root, [makeItem('001', { branch: 'feature/x' }), makeItem('002', { branch: 'feature/y' })]);
  assert.equal(analysis.conflicts, [{ kind: 'file', a: '001', b: '002', evidence: { kind: 'file', file: 'src/modified.ts' } }]);
});

branches('a missing branch is a WaveplanError naming the item file and the branch', async () => {
  const root = repoWithBranch();
  const item = makeItem('003', { branch: 'feature/nope' });
  try {
    await analyze(root, [item]);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, WaveplanError);
    assert.match((error as Error).message, item.file);
    assert.match((error as Error).message, 'branch "feature/nope" does not exist');
  }
});

branches('a project below the top of its repository: branch paths from the project folder, changes outside it left out', async () => {
  const root = gitRepo(undefined, { 'pkg/src/a.ts': 'a\n', 'pkg/src/b.ts': 'b\n', 'other/x.ts': 'x\n' });
  git(root, 'checkout', '-q', '-b', 'feature/p');
  writeFiles(root, { 'pkg/src/a.ts': 'a2\n', 'other/x.ts': 'x2\n' });
  git(root, 'mv', 'pkg/src/b.ts', 'pkg/src/c.ts');
  git(root, 'commit', '-q', '-am', 'p');
  git(root, 'checkout', '-q', 'main');
  const project = `${root}/pkg`;
  const analysis = await analyze(project, [makeItem('001', { branch: 'feature/p' }), makeItem('002', { files: ['src/a.ts'] })]);
  assert.equal(analysis.footprints[0].writes, ['src/a.ts', 'src/b.ts', 'src/c.ts']);
  assert.equal(analysis.conflicts, [{ kind: 'file', a: '001', b: '002', evidence: { kind: 'file', file: 'src/a.ts' } }]);
});

branches('the base as origin/<base> when there is no local one (a pull request checked out in CI)', async () => {
  const root = repoWithBranch();
  git(root, 'update-ref', 'refs/remotes/origin/main', 'main');
  git(root, 'checkout', '-q', '--detach', 'main');
  git(root, 'branch', '-q', '-D', 'main');
  const analysis = await analyze(root, [makeItem('001', { branch: 'feature/x' })]);
  assert.equal(analysis.footprints[0].writes, ['src/added.ts', 'src/deleted.ts', 'src/modified.ts', 'src/new-name.ts', 'src/old-name.ts']);
});

branches('a missing base names config git.base', async () => {
  const root = repoWithBranch();
  const config = defaultConfig();
  config.git.base = 'develop';
  try {
    await analyze(root, [makeItem('001', { branch: 'feature/x' })], config);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, WaveplanError);
    assert.match((error as Error).message, 'the base "develop" (config git.base) does not exist');
  }
});

branches.run();

const graph = suite('readAnalysis: reads through the import graph');

graph('a re-export chain makes the writer of money.ts a data conflict of the invoice item, with the chain', async () => {
  const root = gitRepo('analyze/re-export-chain');
  const config = defaultConfig();
  config.analysis.reads = 'direct';
  const analysis = await analyze(root, [makeItem('001', { files: ['src/lib/money.ts'] }), makeItem('002', { files: ['src/billing/invoice.ts'] })], config);
  assert.equal(analysis.conflicts, [
    {
      kind: 'data',
      a: '001',
      b: '002',
      evidence: {
        kind: 'import-chain',
        reader: '002',
        chain: ['src/billing/invoice.ts', 'src/shared.ts', 'src/lib/index.ts', 'src/lib/money.ts'],
        reexports: true,
      },
    },
  ]);
  assert.equal(analysis.footprints[1].reads, ['src/lib/index.ts', 'src/lib/money.ts', 'src/shared.ts']);
  assert.equal(analysis.files, ['src/billing/invoice.ts', 'src/lib/index.ts', 'src/lib/money.ts', 'src/shared.ts']);
});

graph('import_graph: false reads only declared inputs', async () => {
  const root = gitRepo('analyze/re-export-chain');
  const config = defaultConfig();
  config.analysis.import_graph = false;
  const analysis = await analyze(root, [makeItem('001', { files: ['src/lib/money.ts'] }), makeItem('002', { files: ['src/billing/invoice.ts'] })], config);
  assert.equal(analysis.conflicts, []);
});

graph('an untracked new file is part of the graph', async () => {
  const root = gitRepo('analyze/re-export-chain');
  writeFiles(root, { 'src/report.ts': "import { add } from './lib/money';\nexport const r = add;\n" });
  const analysis = await analyze(root, [makeItem('001', { files: ['src/lib/money.ts'] }), makeItem('002', { files: ['src/report.ts'] })]);
  assert.equal(
    analysis.conflicts.map((c) => formatEvidence(c.evidence)),
    ['src/report.ts → src/lib/money.ts'],
  );
});

graph.run();

const unknown = suite('readAnalysis: unknown footprint');

unknown('an item with no files, branch, component or resource is reported as unknown', async () => {
  const root = gitRepo('analyze/re-export-chain');
  const analysis = await analyze(root, [makeItem('001'), makeItem('002', { files: ['src/nothing-yet/**'] }), makeItem('003', { files: ['src/new.ts'] })]);
  assert.equal(
    analysis.footprints.map((f) => [f.id, f.unknown]),
    [
      ['001', true],
      ['002', true],
      ['003', false],
    ],
  );
});

unknown.run();
