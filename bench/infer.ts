/**
 * Footprint inference on a real history (issue #9): past commits play queue items, their
 * subject and body are the item's words, the files they changed are the truth.
 *
 *   npm run bench -- --repo DIR [--commits 300] [--window 30] [--max-parallel 5] [--json]
 *
 * The history is cut into windows of consecutive commits (one simulated queue each); each
 * window is inferred against the tree of the commit before it, with the scope history before
 * it, so nothing leaks from the answer. Without --repo it uses this repository, or a synthetic
 * history over the shopfront fixture when there are too few commits.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { expandGlobs } from '../src/analyze/footprint.js';
import type { InferContext } from '../src/analyze/infer/find-hits.js';
import type { InferOptions } from '../src/analyze/infer/infer-footprint.js';
import { inferQueue } from '../src/analyze/infer/infer-queue.js';
import { readWorkspacePackages } from '../src/analyze/infer/read-inference.js';
import { readSymbolIndex } from '../src/analyze/infer/read-symbol-index.js';
import { buildRepoShape } from '../src/analyze/infer/repo-shape.js';
import { packWaves, scoreInference } from '../src/analyze/infer/score-inference.js';
import { buildScopeHistory } from '../src/analyze/infer/scope-history.js';
import { isIndexed } from '../src/analyze/infer/symbol-index.js';
import { readCommitHistory, type CommitRecord } from '../src/io/git-history.js';
import { DEFAULT_PRIORITY, type Item } from '../src/types.js';
import { commitReader, git, treeAt } from './infer/git-at.js';
import { syntheticHistory } from './infer/synthetic-history.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  strict: false,
  options: {
    repo: { type: 'string' },
    commits: { type: 'string' },
    window: { type: 'string' },
    'max-parallel': { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
});
const windowSize = Number(values.window ?? 30);
const maxParallel = Number(values['max-parallel'] ?? 5);
/** A commit that changed more files than this is a mass edit (formatting, a release), not a work item. */
const MAX_FILES = 100;

let repo = resolve(String(values.repo ?? ROOT));
let commits = (await readCommitHistory(repo, { limit: Number(values.commits ?? 300) })).reverse();
let source = repo;
if (commits.length < windowSize * 2 && values.repo === undefined) {
  repo = syntheticHistory(join(ROOT, 'bench/.work/infer-synthetic'), join(ROOT, 'fixtures/infer/shopfront/repo'), 150);
  commits = (await readCommitHistory(repo, { limit: 150 })).reverse();
  source = `synthetic history over fixtures/infer/shopfront (${source} has too few commits)`;
}
// A root commit has no parent tree to start from.
const roots = new Set(git(repo, 'rev-list', '--max-parents=0', 'HEAD').split('\n').filter(Boolean));
const usable = commits.filter((c) => c.files.length > 0 && c.files.length <= MAX_FILES && !roots.has(c.hash));
const cacheRoot = join(ROOT, 'bench/.work/infer-cache', createHash('sha1').update(repo).digest('hex').slice(0, 12));
rmSync(cacheRoot, { recursive: true, force: true }); // the first queue is a cold start; later ones reuse the symbol cache

interface Totals {
  items: number;
  unknown: number;
  covered: number;
  folders: number;
  conflicting: number;
  unsafe: number;
  sharing: number;
  falseConflicts: number;
  waves: number;
}
const modes: Record<string, InferOptions> = { folder: { widen: 'folder' }, file: { widen: 'file' } };
const totals = Object.fromEntries(
  Object.keys(modes).map((m) => [
    m,
    { items: 0, unknown: 0, covered: 0, folders: 0, conflicting: 0, unsafe: 0, sharing: 0, falseConflicts: 0, waves: 0 } as Totals,
  ]),
);
let declaredWaves = 0;
let aloneWaves = 0;
const times: number[] = [];
const unsafeLog: string[] = [];

for (let start = 0; start + windowSize <= usable.length; start += windowSize) {
  const window = usable.slice(start, start + windowSize);
  const base = git(repo, 'rev-parse', `${window[0].hash}^`).trim();
  const tree = treeAt(repo, base);
  const files = [...tree.keys()].sort();
  const reader = commitReader(repo, tree, (p) => isIndexed(p) || p.endsWith('package.json'));
  const items = window.map(toItem);
  const truth = new Map(window.map((c, i) => [items[i].id, c.files]));
  const before = await readCommitHistory(repo, { limit: 1000, ref: base });
  const t0 = performance.now();
  const { index } = await readSymbolIndex({ root: cacheRoot, repoFiles: files, tree: reader });
  const context: InferContext = {
    shape: buildRepoShape(files),
    symbols: index,
    components: {},
    packages: await readWorkspacePackages(files, reader),
    history: buildScopeHistory(before),
  };
  const results = Object.fromEntries(Object.entries(modes).map(([mode, options]) => [mode, inferQueue(items, context, options)]));
  times.push(performance.now() - t0);
  const ids = items.map((i) => i.id);
  declaredWaves += packWaves(ids, conflictOf(truth), () => false, maxParallel).length;
  aloneWaves += ids.length;
  for (const [mode, inference] of Object.entries(results)) {
    const writes = new Map(
      [...inference].map(([id, r]) => [
        id,
        r.isWeak
          ? undefined
          : expandGlobs(
              r.entries.map((e) => e.path),
              files,
            ),
      ]),
    );
    const score = scoreInference(truth, writes);
    const waves = packWaves(ids, conflictOf(new Map([...writes].map(([id, w]) => [id, w ?? []]))), (id) => writes.get(id) === undefined, maxParallel);
    const t = totals[mode];
    t.items += score.items;
    t.unknown += score.unknown;
    t.folders += [...truth.values()].reduce((n, fs) => n + new Set(fs.map((f) => f.slice(0, Math.max(0, f.lastIndexOf('/'))))).size, 0);
    t.covered += countCovered(truth, writes);
    t.conflicting += score.conflictingPairs;
    t.unsafe += score.unsafePairs.length;
    if (values.verbose && mode === 'folder') for (const [a, b] of score.unsafePairs) unsafeLog.push(describePair(window, items, truth, writes, a, b));
    t.falseConflicts += score.falseConflicts;
    t.waves += waves.length;
    t.sharing += waves.reduce((n, wave) => n + pairs(wave).filter(([a, b]) => conflictOf(truth)(a, b)).length, 0);
  }
}

function toItem(commit: CommitRecord, index: number): Item {
  const id = String(index + 1).padStart(3, '0');
  return {
    id,
    file: `.agent/queue/${id}-pending-commit.md`,
    slug: 'commit',
    status: 'pending',
    title: commit.subject,
    priority: DEFAULT_PRIORITY,
    estimate: 1,
    blockedBy: [],
    blocks: [],
    files: [],
    reads: [],
    resources: [],
    components: [],
    sections: { description: commit.body },
    body: commit.body,
  };
}

function conflictOf(writes: ReadonlyMap<string, readonly string[]>): (a: string, b: string) => boolean {
  const sets = new Map([...writes].map(([id, w]) => [id, new Set(w)]));
  return (a, b) => writes.get(a)!.some((f) => sets.get(b)!.has(f));
}

function countCovered(truth: ReadonlyMap<string, readonly string[]>, writes: ReadonlyMap<string, readonly string[] | undefined>): number {
  let n = 0;
  const dir = (f: string) => f.slice(0, Math.max(0, f.lastIndexOf('/')));
  for (const [id, files] of truth) {
    const have = new Set((writes.get(id) ?? []).map(dir));
    for (const folder of new Set(files.map(dir))) if (have.has(folder)) n++;
  }
  return n;
}

function describePair(
  window: CommitRecord[],
  items: Item[],
  truth: Map<string, string[]>,
  writes: Map<string, string[] | undefined>,
  a: string,
  b: string,
): string {
  const shared = truth.get(a)!.filter((f) => truth.get(b)!.includes(f));
  const line = (id: string) => `  ${window[items.findIndex((i) => i.id === id)].subject}\n    inferred: ${(writes.get(id) ?? []).slice(0, 5).join(' ')}`;
  return `shared ${shared.join(' ')}\n${line(a)}\n${line(b)}`;
}

function pairs(ids: readonly string[]): Array<[string, string]> {
  return ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [a, b] as [string, string]));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const windows = times.length;
const report = {
  source,
  commits: commits.length,
  usable: usable.length,
  windows,
  windowSize,
  maxParallel,
  declaredWaves,
  aloneWaves,
  modes: Object.fromEntries(Object.entries(totals).map(([mode, t]) => [mode, { ...t, folderCoverage: t.folders ? t.covered / t.folders : 1 }])),
  timeColdMs: Math.round(times[0] ?? 0),
  timeWarmMedianMs: Math.round(median(times.slice(1))),
};
if (values.json) console.log(JSON.stringify(report, null, 2));
else printReport();

function printReport(): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`\ninference bench — ${report.source}`);
  console.log(
    `${report.usable} of ${report.commits} commits as items (≤ ${MAX_FILES} files each), ${windows} queues of ${windowSize}, max_parallel ${maxParallel}\n`,
  );
  console.log('| widen | unknown | folder coverage | truly conflicting pairs | free to share a wave | sharing a wave | false conflicts | waves |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [mode, t] of Object.entries(report.modes)) {
    console.log(
      `| ${mode} | ${pct(t.unknown / t.items)} | ${pct(t.folderCoverage)} | ${t.conflicting} | ${t.unsafe} | ${t.sharing} | ${t.falseConflicts} | ${t.waves} |`,
    );
  }
  console.log(`\nwaves: all-declared (true write sets) ${declaredWaves} · one item per wave ${aloneWaves}`);
  if (unsafeLog.length > 0) console.log(`truly conflicting pairs inference lets share a wave:\n${unsafeLog.join('\n')}\n`);
  console.log(`inference time per queue of ${windowSize}: cold (empty symbol cache) ${report.timeColdMs} ms, then median ${report.timeWarmMedianMs} ms\n`);
}
