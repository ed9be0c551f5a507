import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildChangeHistory, type CommitLike } from '../../src/analyze/infer/change-history.js';
import { maxFolderFiles, type InferContext } from '../../src/analyze/infer/find-hits.js';
import { inferFootprint, type Inference } from '../../src/analyze/infer/infer-footprint.js';
import { itemTerms } from '../../src/analyze/infer/item-terms.js';
import { contentQuery } from '../../src/analyze/infer/content-terms.js';
import { readInference } from '../../src/analyze/infer/read-inference.js';
import { rememberRuns } from '../../src/analyze/infer/read-run-memory.js';
import { buildRepoShape } from '../../src/analyze/infer/repo-shape.js';
import { indexPast } from '../../src/analyze/infer/similar-past.js';
import { buildSymbolIndex, EMPTY_SYMBOL_INDEX } from '../../src/analyze/infer/symbol-index.js';
import { extractEvidence } from '../../src/analyze/infer/text-evidence.js';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { gitPort } from '../../src/io/git.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';
import { withDeclaredFiles } from '../../src/queue/write-item-files.js';
import { git, gitRepo } from '../helpers/git-repo.js';
import { INVOICE_ROUNDING_RUN, invoiceRepo, writeRunSummary } from '../helpers/infer-repo.js';

function contextOf(files: string[], extra: Partial<InferContext> = {}): InferContext {
  return { shape: buildRepoShape(files), symbols: EMPTY_SYMBOL_INDEX, components: {}, packages: [], ...extra };
}

function infer(context: InferContext, title: string, body = ''): Inference {
  const text = { title, body: body ? [body] : [] };
  return inferFootprint(extractEvidence(text), context, {}, itemTerms(text));
}

/** As the queue infers (infer-queue.ts): the content query carries the title. */
function inferTitled(context: InferContext, title: string): Inference {
  const text = { title, body: [] };
  return inferFootprint(extractEvidence(text), context, {}, itemTerms(text), contentQuery(text));
}

const paths = (r: Inference) => r.entries.map((e) => e.path);

/** A repository of `n` files under packages/editor/src plus a few small folders. */
function bigRepo(n: number): string[] {
  const files = ['src/etag/index.ts', 'src/etag/index.test.ts', 'README.md'];
  for (let i = 0; i < n; i++) files.push(`packages/editor/src/part${i}.ts`);
  return files;
}

const specificity = suite('specificity before confidence');

specificity('a scope naming a huge folder never expands to it: it stands for the files there that change most', () => {
  const files = bigRepo(300);
  const commits: CommitLike[] = [
    { hash: 'c1', subject: 'fix: a', body: '', files: ['packages/editor/src/part7.ts'] },
    { hash: 'c2', subject: 'fix: b', body: '', files: ['packages/editor/src/part7.ts', 'packages/editor/src/part8.ts'] },
    { hash: 'c3', subject: 'fix: c', body: '', files: ['packages/editor/src/part7.ts'] },
  ];
  const packages = [{ name: '@acme/editor', dir: 'packages/editor' }];
  const r = infer(contextOf(files, { packages, changes: buildChangeHistory(commits) }), 'feat(packages/editor): paste images');
  assert.ok(maxFolderFiles(buildRepoShape(files)) < 30);
  assert.not.ok(
    paths(r).some((p) => p.endsWith('**')),
    paths(r).join(' '),
  );
  assert.ok(paths(r).includes('packages/editor/src/part7.ts'));
  assert.ok(paths(r).length <= 6, paths(r).join(' '));
  const noHistory = infer(contextOf(files, { packages }), 'feat(packages/editor): paste images');
  assert.is(noHistory.isWeak, true);
});

specificity('a word most paths share is no evidence (IDF over the repository paths)', () => {
  const files = ['src/node/a.ts', 'src/node/b.ts', 'lib/node/c.ts', 'lib/node/d.ts', 'test/node/e.ts', 'docs/node.md', 'src/etag/index.ts'];
  const r = infer(contextOf(files), 'Node streams hang', 'the node adapter never closes');
  assert.is(r.isWeak, true);
  assert.equal(r.suggestions, []);
});

specificity('a glob in prose that matches a big share of the repository is ignored (`*/*` is a media type)', () => {
  const r = infer(contextOf(bigRepo(100)), 'fix(etag): accept */* in If-None-Match');
  assert.not.ok(paths(r).includes('*/*'));
  assert.ok(paths(r).includes('src/etag/**'));
});

const evidence = suite('more evidence');

evidence('an item naming a symbol resolves to the file that declares it, and to its tests', () => {
  const files = ['src/render/canvas.ts', 'src/render/__tests__/canvas.test.tsx', 'src/render/text.ts'];
  const symbols = buildSymbolIndex(
    new Map([
      ['src/render/canvas.ts', { exported: ['drawGrid'], local: [] }],
      ['src/render/text.ts', { exported: ['measureText'], local: [] }],
    ]),
  );
  const r = infer(contextOf(files, { symbols }), '`drawGrid` skips the last line');
  assert.equal(paths(r), ['src/render/__tests__/canvas.test.tsx', 'src/render/canvas.ts']);
});

evidence('an item that exports a name writes the index nearest above its declaring file, which is near (TUNING.exportsThroughIndex)', () => {
  const files = ['source/index.ts', 'source/types/ky.ts', 'source/types/ky.test.ts', 'source/core/Ky.ts', 'packages/extra/src/a.ts', 'index.ts'];
  const symbols = buildSymbolIndex(
    new Map([
      ['source/types/ky.ts', { exported: ['KyInstance'], local: [] }],
      ['packages/extra/src/a.ts', { exported: ['ExtraThing'], local: [] }],
      ['source/core/Ky.ts', { exported: [], local: ['KyCore'] }],
    ]),
  );
  const packages = [{ name: '@acme/extra', dir: 'packages/extra' }];
  const context = contextOf(files, { symbols, packages });
  const r = inferTitled(context, 'Export the `KyInstance` type');
  assert.equal(paths(r), ['source/index.ts']);
  assert.ok(r.near?.includes('source/types/ky.ts'), JSON.stringify(r.near));
  // Not the root's index for a name of a workspace package without one of its own: its declaring file stays.
  assert.equal(paths(inferTitled(context, 'feat: export `ExtraThing`')), ['packages/extra/src/a.ts']);
  // A module-private name is exported where it is declared.
  assert.equal(paths(inferTitled(context, 'Export `KyCore`')), ['source/core/Ky.ts']);
  // "Export to CSV" is a feature, and a name in the body is not what the title exports.
  assert.ok(paths(inferTitled(context, 'Export to `KyInstance` format')).includes('source/types/ky.ts'));
  assert.ok(paths(inferTitled({ ...context, tuning: { exportsThroughIndex: false } }, 'Export the `KyInstance` type')).includes('source/types/ky.ts'));
});

evidence('source ↔ test pairing: x.ts ↔ x.test.ts next to it and test/…/x.test.ts mirrored', () => {
  const files = ['src/http/etag.ts', 'src/http/etag.test.ts', 'test/http/etag.spec.ts', 'test/db/etag.test.ts'];
  const r = infer(contextOf(files), 'Tidy `src/http/etag.ts`');
  assert.equal(paths(r), ['src/http/etag.test.ts', 'src/http/etag.ts', 'test/http/etag.spec.ts']);
});

evidence("a whole path written out is the author's word: full confidence, however long the file went untouched", () => {
  const files = ['docs/legacy/setup.md', 'src/app.ts', 'src/db.ts'];
  const commits: CommitLike[] = [1, 2, 3].map((i) => ({ hash: `c${i}`, subject: `change ${i}`, body: '', files: ['src/app.ts', 'src/db.ts'] }));
  const r = infer(contextOf(files, { changes: buildChangeHistory(commits) }), 'Fix the install steps in `docs/legacy/setup.md`');
  assert.equal(
    r.entries.map((e) => [e.path, e.confidence]),
    [['docs/legacy/setup.md', 0.95]],
  );
});

evidence('co-change: a file that changed with the found file in most of its commits comes along', () => {
  const files = ['src/schema.ts', 'src/migrations.ts', 'src/other.ts'];
  const commits: CommitLike[] = [
    { hash: 'c1', subject: 'x', body: '', files: ['src/schema.ts', 'src/migrations.ts'] },
    { hash: 'c2', subject: 'y', body: '', files: ['src/schema.ts', 'src/migrations.ts'] },
    { hash: 'c3', subject: 'z', body: '', files: ['src/schema.ts', 'src/other.ts'] },
    { hash: 'c4', subject: 'w', body: '', files: ['src/schema.ts', 'src/migrations.ts'] },
  ];
  // Four commits: enough for a share to say something (TUNING.cochangeMinCommits).
  const r = infer(contextOf(files, { changes: buildChangeHistory(commits) }), 'Tidy `src/schema.ts`');
  assert.equal(paths(r), ['src/migrations.ts', 'src/schema.ts']);
  assert.equal(paths(infer(contextOf(files), 'Tidy `src/schema.ts`')), ['src/schema.ts']);
});

evidence('past commits with close words lend the files they changed; several agreeing make it strong', () => {
  const files = ['src/sync/retry.ts', 'src/sync/queue.ts', 'src/ui/button.ts'];
  const commits: CommitLike[] = [
    { hash: 'c1', subject: 'fix: offline sync retries forever', body: '', files: ['src/sync/retry.ts'] },
    { hash: 'c2', subject: 'fix: offline sync drops retries after reload', body: '', files: ['src/sync/retry.ts', 'src/sync/queue.ts'] },
    { hash: 'c3', subject: 'feat: rounded button', body: '', files: ['src/ui/button.ts'] },
  ];
  const changes = buildChangeHistory(commits);
  const r = infer(contextOf(files, { changes, past: indexPast(changes.past) }), 'Offline sync retries are too aggressive');
  assert.is(r.isWeak, false);
  assert.ok(paths(r).includes('src/sync/retry.ts'));
  assert.not.ok(paths(r).includes('src/ui/button.ts'));
});

const learned = suite('learning from runs');

learned('an item close to a completed item of a past run inherits what that item really changed', async () => {
  const root = invoiceRepo();
  const readIt = async () => {
    const queue = await loadQueue(workTreeReader(root));
    const { files } = await gitPort(root).snapshot();
    return readInference({ root, items: queue.items, config: queue.config, repoFiles: files, historyLimit: 0 });
  };
  assert.is((await readIt()).get('002')!.isWeak, true, 'without the run there is nothing to go on');
  writeRunSummary(root, '20261206T110000-dcba', [{ id: '003', title: 'Nothing', outcome: 'failed', writes: ['src/ui/theme.ts'] }]);
  assert.not.ok(rememberRuns(root, []), 'a run that taught nothing');
  assert.not.ok(existsSync(join(root, '.agent/learned.json')), 'changes no committed byte');
  writeRunSummary(root, '20261206T120000-abcd', [INVOICE_ROUNDING_RUN]);
  const got = (await readIt()).get('002')!;
  assert.equal(
    got.entries.map((e) => e.path),
    ['src/billing/invoice.ts', 'src/billing/tax.ts'],
  );
  assert.not.ok(existsSync(join(root, '.agent/learned.json')), 'reading the memory never writes it');
  // apply records the run in .agent/learned.json (committed with the plan): the queue file may go
  // away, the memory still knows the words.
  assert.ok(rememberRuns(root, (await loadQueue(workTreeReader(root))).items));
  assert.ok(readFileSync(join(root, '.agent/learned.json'), 'utf8').includes('invoice'));
  assert.not.ok(rememberRuns(root, []), 'a run already remembered is not written again');
  git(root, 'rm', '-q', '.agent/queue/001-completed-invoice-rounding.md');
  assert.equal(
    (await readIt()).get('002')!.entries.map((e) => e.path),
    ['src/billing/invoice.ts', 'src/billing/tax.ts'],
  );
});

async function run(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: { NO_COLOR: '1' }, isTTY: false };
  return { code: await main(argv, io), stdout, stderr };
}

const write = suite('waveplan infer [ID…] [--write]');

write('prints evidence and confidence; --write round-trips through the queue and is idempotent; declared items are never touched', async () => {
  const root = gitRepo(undefined, {
    'src/http/etag.ts': 'export function generateDigest() {}\n',
    'src/http/etag.test.ts': 'test\n',
    'src/db/client.ts': 'export const db = 1;\n',
    '.agent/queue/001-pending-etag.md': '---\nestimate: 2\n---\n# Weak comparison in `generateDigest`\n\n## Description\nKeep `W/` prefixes.\n',
    '.agent/queue/002-pending-db.md': '---\nfiles: [src/db/client.ts]\n---\n# Pool connections\n',
    '.agent/queue/003-pending-vague.md': '# Improve things\n',
  });
  const shown = await run(root, ['infer']);
  assert.is(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /001 Weak comparison in `generateDigest`: inferred, confidence 0\.\d\d/);
  assert.match(shown.stdout, /src\/http\/etag\.ts#generateDigest\s+0\.\d\d\s+from "generateDigest"/);
  assert.match(shown.stdout, /002 Pool connections: declares its footprint; nothing inferred/);
  assert.match(shown.stdout, /003 Improve things: unknown footprint.*\n {2}its words name nothing in the repository: add files: \[the paths it will change\]/);
  const before = await run(root, ['plan', '--dry-run', '--format', 'json']);
  const declared = readFileSync(join(root, '.agent/queue/002-pending-db.md'), 'utf8');
  const written = await run(root, ['infer', '--write']);
  assert.is(written.code, 0, written.stderr);
  const text = readFileSync(join(root, '.agent/queue/001-pending-etag.md'), 'utf8');
  assert.is(
    text,
    '---\nfiles: ["src/http/etag.test.ts", "src/http/etag.ts#generateDigest"]\nestimate: 2\n---\n# Weak comparison in `generateDigest`\n\n## Description\nKeep `W/` prefixes.\n',
  );
  assert.is(readFileSync(join(root, '.agent/queue/002-pending-db.md'), 'utf8'), declared);
  assert.is(readFileSync(join(root, '.agent/queue/003-pending-vague.md'), 'utf8'), '# Improve things\n');
  // Round trip: the plan with the written files has the same write sets and waves as the inferred one.
  const after = await run(root, ['plan', '--dry-run', '--format', 'json']);
  assert.equal(JSON.parse(after.stdout).waves, JSON.parse(before.stdout).waves);
  const again = await run(root, ['infer', '--write', '1']);
  assert.match(again.stdout, /001 .*declares its footprint/);
  assert.is(readFileSync(join(root, '.agent/queue/001-pending-etag.md'), 'utf8'), text);
  const bad = await run(root, ['infer', '9']);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /no item with id "9"/);
});

write('withDeclaredFiles: adds frontmatter, replaces an empty files: line, never overrides declared files', () => {
  assert.is(withDeclaredFiles('# T\n', ['a.ts']), '---\nfiles: ["a.ts"]\n---\n# T\n');
  assert.is(withDeclaredFiles('---\nfiles: []\nestimate: 3\n---\n# T\n', ['a.ts', 'b/**']), '---\nfiles: ["a.ts", "b/**"]\nestimate: 3\n---\n# T\n');
  assert.is(withDeclaredFiles('---\r\nestimate: 3\r\n---\r\n# T\r\n', ['a.ts']), '---\r\nfiles: ["a.ts"]\r\nestimate: 3\r\n---\r\n# T\r\n');
  assert.is(withDeclaredFiles('---\nfiles: [x.ts]\n---\n# T\n', ['a.ts']), undefined);
  assert.is(withDeclaredFiles('---\nfiles:\n  - x.ts\n---\n# T\n', ['a.ts']), undefined);
});

write('withDeclaredFiles: a **Files**: line that declares nothing is filled in where it stands (docs/queue-items.md)', () => {
  // Was: a frontmatter files: was added above it and `**Files**: TBD` stayed, two answers in one item.
  assert.is(withDeclaredFiles('# T\n\n**Files**: TBD\n**Priority**: p1\n', ['a.ts', 'b/**']), '# T\n\n**Files**: `a.ts`, `b/**`\n**Priority**: p1\n');
  assert.is(withDeclaredFiles('# T\r\n\r\n- **Files:** none\r\n', ['a.ts']), '# T\r\n\r\n- **Files:** `a.ts`\r\n');
  assert.is(withDeclaredFiles('---\nestimate: 2\n---\n# T\n**Files**:\n', ['a.ts']), '---\nestimate: 2\n---\n# T\n**Files**: `a.ts`\n');
  // A files: line in the frontmatter is the one filled; a key line in a code fence is not a field.
  assert.is(withDeclaredFiles('---\nfiles: TBD\n---\n# T\n**Files**: TBD\n', ['a.ts']), '---\nfiles: ["a.ts"]\n---\n# T\n**Files**: TBD\n');
  assert.is(withDeclaredFiles('# T\n```\n**Files**: TBD\n```\n', ['a.ts']), '---\nfiles: ["a.ts"]\n---\n# T\n```\n**Files**: TBD\n```\n');
  // A path a comma-separated line cannot hold goes into the frontmatter, quoted.
  assert.is(withDeclaredFiles('# T\n**Files**: TBD\n', ['a,b.ts']), '---\nfiles: ["a,b.ts"]\n---\n# T\n**Files**: TBD\n');
  assert.is(withDeclaredFiles('# T\n**Files**: src/x.ts\n', ['a.ts']), undefined);
});

specificity.run();
evidence.run();
learned.run();
write.run();
