/**
 * Held-out evaluation of footprint inference on a real history (docs/inference.md).
 *
 *   tsx bench/infer-eval.ts --repo PATH [--commits 40] [--skip 0] [--max-files 40] [--json] [--verbose]
 *
 * PATH is a git repository (a fetched mirror is fine; nothing of it is copied into this
 * repository). The last `--commits` usable commits (after skipping `--skip`, non-merge, 1 to
 * `--max-files` files) become one queue: each item is a commit's subject and body, nothing else;
 * its truth is the files it changed. The queue is planned with the real pipeline (`buildPlan`)
 * against a checkout of the commit before the oldest item, so the answer never leaks: the
 * checkout's history (co-change, past commits) ends before the first item. A second plan, with
 * every item declaring its true files, gives the truly conflicting pairs (file and data
 * conflicts, as `plan` finds them). Printed per repository: unknown items, micro precision and
 * recall of the inferred write sets, waves, and truly conflicting pairs that share a wave.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPlan } from '../src/plan/build-plan.js';
import { gitPort } from '../src/io/git.js';
import { workTreeReader } from '../src/io/node-fs.js';
import { readCommitHistory, type CommitRecord } from '../src/io/git-history.js';
import type { Plan } from '../src/types.js';
import { readBlobs, treeAt } from './infer/git-at.js';
import { readInference } from '../src/analyze/infer/read-inference.js';
import { globExpander } from '../src/analyze/footprint.js';
import { loadQueue } from '../src/tracking/load-queue.js';
import { waveplanOwnFiles } from '../src/analyze/own-files.js';
import { compileReport } from '../src/plan/compile-report.js';
import { formatReport } from '../src/plan/format-report.js';
import { contentQuery } from '../src/analyze/infer/content-terms.js';
import { itemText } from '../src/analyze/infer/text-evidence.js';
import { readVocabulary } from '../src/analyze/infer/read-vocabulary.js';
import { changePrior, rankByContent } from '../src/analyze/infer/content-hits.js';
import { readChangeLog } from '../src/analyze/infer/read-change-history.js';
import { buildChangeHistory } from '../src/analyze/infer/change-history.js';
import { buildRepoShape, dirOf, isOwnPath, normalizeName } from '../src/analyze/infer/repo-shape.js';
import { indexPast, similarPast } from '../src/analyze/infer/similar-past.js';
import { itemTerms } from '../src/analyze/infer/item-terms.js';
import type { Inference } from '../src/analyze/infer/infer-footprint.js';
import type { Item } from '../src/types.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  strict: true,
  options: {
    repo: { type: 'string' },
    commits: { type: 'string' },
    skip: { type: 'string' },
    'max-files': { type: 'string' },
    name: { type: 'string' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
    keep: { type: 'boolean' },
    quick: { type: 'boolean' },
    reads: { type: 'string' },
    tune: { type: 'string' },
    'queue-only': { type: 'string' },
    probe: { type: 'boolean' },
    misses: { type: 'boolean' },
    dump: { type: 'string' },
  },
});
if (!values.repo) {
  console.error('usage: tsx bench/infer-eval.ts --repo PATH [--commits 40] [--skip 0] [--max-files 40] [--json] [--verbose]');
  process.exit(1);
}
if (values.tune && !values.quick) {
  // Planning reads the built-in TUNING (buildPlan takes no overrides): a --tune run would measure the default twice.
  console.error('infer-eval: --tune applies to --quick only; to plan with other knobs, change src/analyze/infer/tuning.ts in a worktree');
  process.exit(1);
}
const repo = resolve(values.repo);
const count = Number(values.commits ?? 40);
const skip = Number(values.skip ?? 0);
const maxFiles = Number(values['max-files'] ?? 40);
const name = values.name ?? (basename(repo) === 'repo' ? basename(resolve(repo, '..')) : basename(repo));

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'core.quotepath=false', ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });

const history = await readCommitHistory(repo, { limit: (count + skip) * 4 + 200 });
const usable = history.filter(
  (c) => c.files.length > 0 && c.files.length <= maxFiles && git(repo, 'rev-list', '--parents', '-n1', c.hash).trim().split(' ').length === 2,
);
const chosen = usable.slice(skip, skip + count).reverse(); // oldest first
if (chosen.length < count) throw new Error(`${name}: only ${chosen.length} usable commits`);
const base = git(repo, 'rev-parse', `${chosen[0].hash}^`).trim();

// A checkout of the base with the history before it (a shared clone borrows the objects).
const work = join(ROOT, 'bench/.work/infer-eval', name);
if (!existsSync(join(work, '.git'))) {
  mkdirSync(join(work, '..'), { recursive: true });
  execFileSync('git', ['clone', '-q', '--shared', '--no-checkout', repo, work]);
}
// The caches (symbols by blob id, history by HEAD) cannot leak the items' answers; the runs could.
// The inference, plan and module-view caches are keyed by BUILD_ID, which is the same for every
// version of the source in a worktree (`source`, or the last `npm run build`'s): a run of other code
// would read the last one's answers: a plan, waves and conflicts compiled by the other code.
for (const name of ['queue', 'runs', 'cache/learned.json', 'cache/inference.json', 'cache/plan.json', 'cache/module-view.json', 'cache/module-shapes.json'])
  rmSync(join(work, '.agent', name), { recursive: true, force: true });
// Written blob by blob once per base: a later run on the same base reuses the checkout.
const mark = join(work, '.agent/materialized');
if (!existsSync(mark) || readFileSync(mark, 'utf8') !== base) {
  materialize(base);
  mkdirSync(join(work, '.agent'), { recursive: true });
  writeFileSync(mark, base);
}
// `analysis.reads: direct` (docs/inference.md): the truly conflicting pairs are counted as plan finds them with it.
writeFileSync(join(work, 'parallel.config.yaml'), `analysis:\n  reads: ${values.reads ?? 'direct'}\n`);

const truth = new Map(chosen.map((c, i) => [idOf(i), c.files]));
let reportsChecked = 0;
// `--queue-only declared|inferred`: leave the queue (items declaring their true files, or not) in the checkout and stop (for A/B timing of plan).
if (values['queue-only']) {
  writeQueue(values['queue-only'] === 'declared');
  console.log(work);
  process.exit(0);
}
if (values.probe) {
  await probe();
  process.exit(0);
}
if (values.quick) {
  await quick();
  process.exit(0);
}
const plans: Record<'truth' | 'inferred', Plan> = { truth: await planWith(true), inferred: await planWith(false) };
if (!values.keep) rmSync(join(work, '.agent/queue'), { recursive: true, force: true });

const inferredPlan = plans.inferred;
// The guess is the item's inferred entries; its writes also hold the files near the guess (docs/inference.md, "Still safe when wrong").
const repoFiles = (await gitPort(work).snapshot()).files;
const expandGuess = globExpander(repoFiles);
const guessOf = (item: Plan['items'][number]) => {
  const own = new Set(item.writes);
  return expandGuess((item.inferred ?? []).map((e) => e.path)).filter((f) => own.has(f));
};
let claimed = 0;
let right = 0;
let trueTotal = 0;
let rightOfInferred = 0;
let trueOfInferred = 0;
const unknown: string[] = [];
for (const item of inferredPlan.items) {
  const t = new Set(truth.get(item.id)!);
  trueTotal += t.size;
  if (item.unknown_footprint) {
    unknown.push(item.id);
    continue;
  }
  const guess = guessOf(item);
  const hits = guess.filter((f) => t.has(f)).length;
  claimed += guess.length;
  right += hits;
  rightOfInferred += hits;
  trueOfInferred += t.size;
}
const waveOf = new Map(inferredPlan.waves.flatMap((w) => w.items.map((id) => [id, w.index] as const)));
const truePairs = uniquePairs(plans.truth.edges.conflicts.map((c) => [c.a, c.b]));
const fileTruePairs = uniquePairs(pairsOf([...truth.keys()]).filter(([a, b]) => truth.get(a)!.some((f) => truth.get(b)!.includes(f))));
const together = truePairs.filter(([a, b]) => waveOf.get(a) === waveOf.get(b));
const result = {
  repository: name,
  base: base.slice(0, 12),
  items: chosen.length,
  unknown: unknown.length,
  unknownShare: round(unknown.length / chosen.length),
  precision: round(claimed === 0 ? 0 : right / claimed),
  recall: round(trueTotal === 0 ? 0 : right / trueTotal),
  recallOfInferred: round(trueOfInferred === 0 ? 0 : rightOfInferred / trueOfInferred),
  claimedFiles: claimed,
  trueFiles: trueTotal,
  waves: inferredPlan.waves.length,
  wavesWithTrueFiles: plans.truth.waves.length,
  trulyConflictingPairs: truePairs.length,
  trulyConflictingPairsOnFiles: fileTruePairs.length,
  trulyConflictingTogether: together.length,
  /** The truly conflicting pairs in one wave, `a b` (verbose says why). */
  together: together.map(([a, b]) => `${a} ${b}`),
  reportsValid: reportsChecked,
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(
    `| ${name} | ${result.items} | ${unknown.length} (${Math.round(100 * result.unknownShare)}%) | ${result.precision} | ${result.recall} | ${result.waves} / ${result.wavesWithTrueFiles} / ${result.items} | ${result.trulyConflictingPairs} | ${result.trulyConflictingTogether} |`,
  );
}
if (values.verbose) {
  for (const item of inferredPlan.items) {
    const commit = chosen[Number(item.id) - 1];
    const t = new Set(truth.get(item.id)!);
    const got = guessOf(item).filter((f) => t.has(f)).length;
    console.log(`\n${item.id} ${commit.subject}\n  truth (${t.size}): ${[...t].slice(0, 8).join(' ')}`);
    if (item.unknown_footprint) console.log(`  UNKNOWN  suggested: ${(item.suggested_files ?? []).join(' ')}`);
    else
      console.log(
        `  inferred ${guessOf(item).length} (${got} right), writes ${item.writes.length}: ${(item.inferred ?? [])
          .map((e) => `${e.path}@${e.confidence}[${e.words.join(',')}]`)
          .join(' ')
          .slice(0, 600)}\n  near (${(item.near ?? []).length}): ${(item.near ?? []).join(' ').slice(0, 400)}`,
      );
  }
  const itemOf = new Map(inferredPlan.items.map((item) => [item.id, item]));
  const whyTrue = new Map(plans.truth.edges.conflicts.map((c) => [`${c.a} ${c.b}`, c.evidence]));
  for (const [a, b] of together) {
    const shared = truth.get(a)!.filter((f) => truth.get(b)!.includes(f));
    const side = (id: string) => `${id} writes ${itemOf.get(id)!.writes.slice(0, 6).join(' ')}; near ${(itemOf.get(id)!.near ?? []).slice(0, 6).join(' ')}`;
    console.log(
      `together but truly conflicting: ${a} ${b}: ${shared.length > 0 ? `both change ${shared.slice(0, 4).join(' ')}` : whyTrue.get(`${a} ${b}`)}\n  ${side(a)}\n  ${side(b)}`,
    );
  }
}

/**
 * Inference alone, without planning (fast, for tuning): unknown items, micro precision and
 * recall, and per kind of evidence how many claimed files were right.
 */
async function quick(): Promise<void> {
  writeQueue(false);
  const tree = workTreeReader(work);
  const loaded = await loadQueue(tree, { root: work, env: {} });
  const { files: repoFiles } = await gitPort(work).snapshot();
  const inference = await readInference({
    root: work,
    items: loaded.items,
    config: loaded.config,
    repoFiles,
    tuning: values.tune ? JSON.parse(values.tune) : undefined,
  });
  const isOwn = waveplanOwnFiles(loaded.config);
  const expand = globExpander(repoFiles);
  let claimed = 0,
    right = 0,
    trueTotal = 0;
  const unknown: string[] = [];
  const byKind = new Map<string, { claimed: number; right: number }>();
  const lines: string[] = [];
  const dump: string[] = [];
  for (const item of [...loaded.items].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const t = new Set(truth.get(item.id)!);
    trueTotal += t.size;
    const inf = inference.get(item.id)!;
    // `--dump FILE`: one JSON line per item (its words, truth and every entry and suggestion), for analysis off line.
    dump.push(
      JSON.stringify({
        sample: name,
        id: item.id,
        subject: chosen[Number(item.id) - 1].subject,
        commit: chosen[Number(item.id) - 1].hash,
        base,
        truth: [...t],
        weak: inf.isWeak,
        confidence: inf.confidence,
        entries: inf.entries.map((e) => ({
          path: e.path,
          files: expand([e.path]).filter((f) => !isOwn(f)),
          confidence: e.confidence,
          kinds: e.kinds ?? [],
          words: e.words,
        })),
        suggestions: inf.suggestions.map((e) => ({ path: e.path, confidence: e.confidence, kinds: e.kinds ?? [] })),
        near: inf.near ?? [],
        nearWhy: inf.nearWhy ?? {},
        ...(inf.releases ? { releases: inf.releases } : {}),
      }),
    );
    const commit = chosen[Number(item.id) - 1];
    lines.push(`\n${item.id} ${commit.subject}\n  truth (${t.size}): ${[...t].slice(0, 8).join(' ')}`);
    if (inf.isWeak) {
      unknown.push(item.id);
      lines.push(`  UNKNOWN ${inf.confidence}  suggested: ${inf.suggestions.map((e) => `${e.path}@${e.confidence}[${(e.kinds ?? []).join(',')}]`).join(' ')}`);
      continue;
    }
    const files = new Map<string, Set<string>>();
    for (const e of inf.entries)
      for (const f of expand([e.path])) {
        if (isOwn(f)) continue;
        const kinds = files.get(f) ?? new Set<string>();
        for (const k of e.kinds ?? ['?']) kinds.add(k);
        files.set(f, kinds);
      }
    let got = 0;
    for (const [f, kinds] of files) {
      const ok = t.has(f);
      if (ok) got++;
      for (const k of kinds) {
        const row = byKind.get(k) ?? { claimed: 0, right: 0 };
        row.claimed++;
        if (ok) row.right++;
        byKind.set(k, row);
      }
    }
    claimed += files.size;
    right += got;
    lines.push(
      `  inferred ${files.size} (${got} right) @${inf.confidence}: ${inf.entries
        .map((e) => `${t.has(e.path) ? '+' : ''}${e.path}@${e.confidence}[${(e.kinds ?? []).join(',')}|${e.words.slice(0, 4).join(',')}]`)
        .join(' ')
        .slice(0, 900)}`,
    );
  }
  const summary = {
    repository: name,
    items: chosen.length,
    unknown: unknown.length,
    unknownShare: round(unknown.length / chosen.length),
    precision: round(claimed === 0 ? 0 : right / claimed),
    recall: round(trueTotal === 0 ? 0 : right / trueTotal),
    claimedFiles: claimed,
    byKind: Object.fromEntries([...byKind].sort().map(([k, v]) => [k, `${v.right}/${v.claimed}`])),
  };
  console.log(JSON.stringify(summary));
  if (values.dump) writeFileSync(values.dump, dump.join('\n') + '\n');
  if (values.verbose) console.log(lines.join('\n'));
  if (values.misses) await misses(loaded.items, inference, repoFiles, expand);
}

/**
 * `--quick --misses`: the true files the inferred write sets miss, grouped by what they are (the
 * first group that fits), and the unknown items' true files the same way against their
 * suggestions. Says which evidence would catch the largest group (docs/inference.md).
 */
async function misses(
  items: readonly Item[],
  inference: ReadonlyMap<string, Inference>,
  repoFiles: readonly string[],
  expand: (globs: string[]) => string[],
): Promise<void> {
  const files = new Set(repoFiles);
  const commits = await readChangeLog(work, undefined, 1000);
  const changes = buildChangeHistory(commits);
  const withBodies = indexPast(
    commits
      .filter((c) => c.files.length <= 12)
      .map((c) => ({ terms: itemTerms({ title: c.subject, body: [c.body] }), files: [...c.files], weight: 1, source: c.hash })),
  );
  const stem = (f: string) =>
    normalizeName(
      f
        .slice(f.lastIndexOf('/') + 1)
        .replace(/\.(?:test|spec)(?=\.)/, '')
        .replace(/\.[^.]*$/, ''),
    );
  const isTest = (f: string) => /\.(?:test|spec)\.|(?:^|\/)(?:__tests__|tests?)\//.test(f);
  const groups = { inferred: new Map<string, string[]>(), unknown: new Map<string, string[]>() };
  for (const item of items) {
    const inf = inference.get(item.id)!;
    const t = truth.get(item.id)!;
    const found = new Set(inf.isWeak ? inf.suggestions.flatMap((e) => expand([e.path])) : inf.entries.flatMap((e) => expand([e.path])));
    const text = itemText(item);
    const words = [text.title, ...text.body].join(' ').toLowerCase();
    const close = similarPast(itemTerms(text), withBodies, { limit: 5, min: 0.2 });
    const reason = (f: string): string => {
      if (!files.has(f)) return 'new file';
      if (/(?:^|\/)(?:package\.json|[\w.-]*lock[\w.-]*\.(?:json|yaml)|CHANGELOG\.md|jsr\.json)$|^\.changeset\//.test(f)) return 'package/lock/changelog';
      const found_ = [...found];
      if (isTest(f) && found_.some((c) => !isTest(c) && stem(c) === stem(f))) return 'test of a found file';
      if (!isTest(f) && found_.some((c) => isTest(c) && stem(c) === stem(f))) return 'source of a found test';
      if (found_.some((c) => dirOf(c) === dirOf(f))) return 'same folder as a found file';
      if (found_.some((c) => (changes.cochange.get(c)?.get(f) ?? 0) / (changes.changes.get(c) ?? 1) >= 0.2)) return 'co-changed (>=20%) with a found file';
      if (close.some((c) => c.change.files.includes(f))) return 'in a close past commit (subject+body, top 5, >=0.2)';
      if (stem(f).length >= 4 && words.replace(/[-_.]/g, '').includes(stem(f))) return 'named by its stem in the text';
      if (/\.(?:md|mdx)$/.test(f)) return 'docs page';
      if (isTest(f)) return 'other test';
      return 'other';
    };
    for (const f of t) {
      if (!inf.isWeak && found.has(f)) continue;
      if (inf.isWeak && found.has(f)) {
        push(groups.unknown, 'in the suggestions', `${item.id} ${f}`);
        continue;
      }
      push(inf.isWeak ? groups.unknown : groups.inferred, reason(f), `${item.id} ${f}`);
    }
  }
  for (const [name, group] of Object.entries(groups)) {
    console.log(`\nmissed true files of ${name} items: ${[...group.values()].reduce((n, l) => n + l.length, 0)}`);
    for (const [why, list] of [...group].sort((a, b) => b[1].length - a[1].length))
      console.log(`  ${list.length} ${why}: ${list.slice(0, values.verbose ? 100 : 6).join(', ')}`);
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/** The content ranking alone, per item: the top files, their score and share, and which are true (for calibration on the tuning set). */
async function probe(): Promise<void> {
  writeQueue(false);
  const tree = workTreeReader(work);
  const loaded = await loadQueue(tree, { root: work, env: {} });
  const { files: repoFiles } = await gitPort(work).snapshot();
  const shape = buildRepoShape(repoFiles);
  const byItem = new Map(loaded.items.map((item) => [item.id, contentQuery(itemText(item))]));
  const vocabulary = await readVocabulary(
    work,
    [...byItem.values()].map((q) => q.terms),
    repoFiles.filter(isOwnPath),
  );
  const rows: string[] = [];
  const prior = changePrior(buildChangeHistory(await readChangeLog(work, undefined, 1000)).changes);
  for (const item of [...loaded.items].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const t = new Set(truth.get(item.id)!);
    const ranked = rankByContent(
      byItem.get(item.id)!.terms,
      vocabulary,
      shape.ownFiles,
      (f) => shape.files.has(f) && isOwnPath(f),
      byItem.get(item.id)!,
      prior,
    );
    rows.push(`${item.id} ${chosen[Number(item.id) - 1].subject.slice(0, 70)} | truth ${t.size}`);
    ranked.slice(0, 5).forEach((m, i) => {
      const second = ranked[i + 1]?.score ?? 0;
      rows.push(
        `  ${t.has(m.file) ? 'T' : '-'} r${i} s=${m.score} sh=${m.share} gap=${Math.round((m.score / Math.max(second, 0.001)) * 100) / 100} ${m.file} [${m.words.slice(0, 5).join(',')}]`,
      );
    });
  }
  console.log(rows.join('\n'));
}

function writeQueue(declareTruth: boolean): void {
  const queue = join(work, '.agent/queue');
  rmSync(queue, { recursive: true, force: true });
  mkdirSync(queue, { recursive: true });
  chosen.forEach((commit, i) => {
    const id = idOf(i);
    const front = declareTruth ? `---\nfiles: ${JSON.stringify(commit.files)}\n---\n` : '';
    writeFileSync(join(queue, `${id}-pending-${slugOf(commit)}.md`), `${front}${commitItemText(commit)}`);
  });
}

/**
 * HEAD, index and work tree at `commit`, written blob by blob: a fetched mirror may lack its
 * largest blobs (fonts, images), which `git checkout` would refuse; those files are left out.
 */
function materialize(commit: string): void {
  for (const name of readdirSync(work))
    if (name !== '.git' && name !== '.agent' && name !== 'parallel.config.yaml') rmSync(join(work, name), { recursive: true, force: true });
  git(work, 'update-ref', '--no-deref', 'HEAD', commit);
  git(work, 'read-tree', commit);
  const tree = treeAt(work, commit);
  const blobs = readBlobs(work, [...new Set(tree.values())]);
  for (const [path, id] of tree) {
    const bytes = blobs.get(id);
    if (!bytes) continue;
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), bytes);
  }
}

function idOf(index: number): string {
  return String(index + 1).padStart(3, '0');
}

/** Write the queue (with or without the true files declared) and plan it with the real pipeline. */
async function planWith(declareTruth: boolean): Promise<Plan> {
  writeQueue(declareTruth);
  const built = await buildPlan({ root: work, tree: workTreeReader(work), git: gitPort(work), footprints: 'inferred' });
  if (!built.plan) throw new Error(`${name}: the queue did not plan:\n${JSON.stringify(built.diagnostics, null, 2)}`);
  // The JSON report of every evaluated queue must pass schemas/report.schema.json (formatReport throws otherwise).
  JSON.parse(formatReport(compileReport(built.plan, { planFile: '.agent/plan.yaml' }), 'json'));
  reportsChecked++;
  return built.plan;
}

/** The item as its author would write it: the subject as title, the body as description; no PR number, no trailers. */
function commitItemText(commit: CommitRecord): string {
  const title = commit.subject.replace(/\s*\(#\d+\)\s*$/, '').trim();
  const body = commit.body
    .split('\n')
    .filter((line) => !/^[\w-]+-by:|^Co-authored-by:/i.test(line.trim()))
    .join('\n')
    .trim();
  return `# ${title}\n**Status**: pending\n${body ? `\n## Description\n${body}\n` : ''}`;
}

function slugOf(commit: CommitRecord): string {
  return (
    commit.subject
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'commit'
  );
}

function pairsOf(ids: readonly string[]): Array<[string, string]> {
  return ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [a, b] as [string, string]));
}

function uniquePairs(pairs: ReadonlyArray<readonly string[]>): Array<[string, string]> {
  const seen = new Map<string, [string, string]>();
  for (const [x, y] of pairs) {
    const [a, b] = x < y ? [x, y] : [y, x];
    seen.set(`${a} ${b}`, [a, b]);
  }
  return [...seen.values()];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
