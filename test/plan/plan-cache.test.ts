import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gitPort } from '../../src/io/git.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { buildPlanForFile, type BuildPlanForFileOptions } from '../../src/plan/build-plan.js';
import { BUILD_ID } from '../../src/package-root.js';
import { parsePlanCache, planCacheKey, serializePlanCache } from '../../src/plan/plan-cache.js';
import { serializePlan } from '../../src/plan/serialize-plan.js';
import { git, gitRepo, largePlanQueue, writeFiles } from '../helpers/git-repo.js';

const Q = '.agent/queue';

/** The built plan with what building learnt about the plan file (attached: a hit's text and plan are getters). */
const build = async (root: string, extra: Partial<BuildPlanForFileOptions> = {}) => {
  const { built, planFile } = await buildPlanForFile({ root, tree: workTreeReader(root), git: gitPort(root), ...extra });
  return Object.assign(built, { planFile });
};

/** The plan with its caches, and what a run without any cache compiles: they must be the same bytes. */
async function both(root: string, extra: Partial<BuildPlanForFileOptions> = {}) {
  const cached = await build(root, extra);
  const fresh = await build(root, { ...extra, cacheDir: false });
  assert.is(cached.text, serializePlan(fresh.plan!));
  assert.is(cached.bytes!.toString(), cached.text);
  assert.equal(cached.stats, fresh.plan!.stats);
  // A hit parses its plan from the text when asked: the same plan.
  assert.is(serializePlan(cached.plan!), cached.text);
  return { hit: cached.analysis === undefined, plan: cached.plan! };
}

const cache = suite('plan cache (.agent/cache/plan.json)');

cache('every step of a working session gives the plan a run without caches gives; only unchanged inputs hit', async () => {
  const root = gitRepo('demo');
  const first = await both(root);
  assert.is(first.hit, false, 'nothing cached yet');
  assert.is((await both(root)).hit, true, 'same inputs');

  // A file in 006's write set edited without touching its imports: same graph, new fingerprint.
  appendFileSync(join(root, 'src/billing/invoice.ts'), '\n// rounding is done per line\n');
  const edited = await both(root);
  assert.equal([edited.hit, edited.plan.fingerprint !== first.plan.fingerprint], [true, true]);

  // A new import is a new edge: the analysis runs again.
  appendFileSync(join(root, 'src/billing/invoice.ts'), "import { logger } from '../lib/logger';\nlogger;\n");
  assert.is((await both(root)).hit, false, 'new import');
  assert.is((await both(root)).hit, true);

  renameSync(join(root, Q, '002-pending-money-bankers-rounding.md'), join(root, Q, '002-in_progress-money-bankers-rounding.md'));
  assert.is((await both(root)).hit, false, 'status renamed');
  renameSync(join(root, Q, '003-pending-order-status-history.md'), join(root, Q, '003-completed-order-status-history.md'));
  assert.is((await both(root)).hit, false, 'item completed');

  writeFiles(root, { 'src/billing/credit-note.ts': 'export const credit = 1;\n' });
  assert.is((await both(root)).hit, false, 'a new file a glob may match');
  // Deleted from the work tree, still in the index: the file list stays, the graph loses it.
  rmSync(join(root, 'src/billing/tax.ts'));
  assert.is((await both(root)).hit, false, 'a file deleted');

  const config = join(root, 'parallel.config.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('max_parallel: 3', 'max_parallel: 2'));
  assert.is((await both(root)).hit, false, 'config');
  assert.is((await both(root, { maxParallel: 4 })).hit, false, '--max-parallel');
  assert.is((await both(root, { assumeDisjoint: true })).hit, false, '--assume-disjoint');
  assert.is((await both(root, { assumeDisjoint: true })).hit, true);
});

cache('when the plan file holds the compiled plan the cache names it instead of copying it, and trusts it only while it holds that plan', async () => {
  const root = gitRepo('demo');
  const planFile = join(root, '.agent/plan.yaml');
  const cacheFile = join(root, '.agent/cache/plan.json');
  writeFileSync(planFile, (await build(root)).bytes!);
  rmSync(cacheFile);
  assert.is((await both(root)).hit, false, 'compiled again; the plan file holds it');
  const entry = readFileSync(cacheFile, 'utf8');
  assert.match(entry, /"planSum":"[0-9a-f]{64}"/);
  assert.not.match(entry, /waves:/, 'no second copy of the plan');
  assert.is((await both(root)).hit, true, 'the plan file answers');
  assert.is((await build(root)).planFile.holds, true, 'and holds the plan: no need to read it again');
  // A file in a write set edited: only the fingerprint moves, and the plan file still answers.
  appendFileSync(join(root, 'src/billing/invoice.ts'), '\n// rounding is done per line\n');
  assert.is((await both(root)).hit, true);
  assert.is((await build(root)).planFile.holds, false, 'its fingerprint line is the old one');
  // Edited by hand, or gone: not trusted, compiled again (the entry then keeps its own copy).
  appendFileSync(planFile, '# edited\n');
  assert.is((await both(root)).hit, false);
  assert.match(readFileSync(cacheFile, 'utf8'), /waves:/);
  writeFileSync(planFile, (await build(root)).bytes!);
  rmSync(cacheFile);
  await both(root);
  rmSync(planFile);
  assert.is((await both(root)).hit, false, 'the plan file deleted');
});

cache('once a command says the plan file holds a large plan, the cache names the file: later hits read it once and hand its bytes on', async () => {
  const root = gitRepo(undefined, largePlanQueue());
  const planFile = join(root, '.agent/plan.yaml');
  const cacheFile = join(root, '.agent/cache/plan.json');
  // A plan file that is not this plan (the repository's file list, part of the key, has it either way).
  writeFileSync(planFile, '# an older plan\n');
  const first = await build(root);
  assert.ok(first.analysis, 'compiled');
  assert.ok(first.bytes!.length > 1 << 20, 'over 1 MB');
  assert.match(readFileSync(cacheFile, 'utf8'), /waves:/, 'the plan file does not hold it: the entry keeps its own copy');
  // What `plan` does: write the file, then say so.
  writeFileSync(planFile, first.bytes!);
  await first.planFile.nowHolds!();
  const named = readFileSync(cacheFile, 'utf8');
  assert.match(named, /"planSum":"[0-9a-f]{64}"/);
  assert.not.match(named, /waves:/);
  const hit = await build(root);
  assert.is(hit.analysis, undefined, 'a hit');
  assert.ok(hit.planFile.bytes?.equals(readFileSync(planFile)), 'the plan file as it was read');
  assert.is(hit.planFile.nowHolds, undefined, 'nothing more to say: the cache names the file already');

  // A hit from an entry with its own copy, with another fingerprint (a file in a write set edited):
  // once the plan file holds the new bytes, the entry names it.
  rmSync(cacheFile);
  writeFileSync(planFile, '# an older plan\n');
  await build(root);
  appendFileSync(join(root, 'src/shared.ts'), '// edited\n');
  const moved = await build(root);
  assert.is(moved.analysis, undefined, 'a hit');
  assert.is(moved.planFile.bytes, undefined, 'the plan file was not read');
  assert.not.equal(moved.plan!.fingerprint, first.plan!.fingerprint);
  writeFileSync(planFile, moved.bytes!);
  await moved.planFile.nowHolds!();
  assert.match(readFileSync(cacheFile, 'utf8'), /"planSum"/);
  const again = await build(root);
  assert.equal([again.analysis, again.planFile.holds], [undefined, true]);
  assert.is((await both(root)).hit, true);
  // The file edited by hand: no longer trusted.
  appendFileSync(planFile, '# edited\n');
  assert.is((await both(root)).hit, false);
  // `plan` writes the file it compiled: its entry names the file from the start.
  rmSync(cacheFile);
  await build(root, { writesPlanFile: true });
  assert.match(readFileSync(cacheFile, 'utf8'), /"planSum"/);
});

cache('a small plan keeps its own copy when the plan file holds it too: it still answers after the file moves on', async () => {
  const root = gitRepo('demo');
  const planFile = join(root, '.agent/plan.yaml');
  const cacheFile = join(root, '.agent/cache/plan.json');
  writeFileSync(planFile, '# an older plan\n');
  const first = await build(root, { writesPlanFile: true });
  writeFileSync(planFile, first.bytes!);
  assert.is(first.planFile.nowHolds, undefined, 'nothing to tell the cache about a small plan');
  await first.planFile.nowHolds?.();
  assert.match(readFileSync(cacheFile, 'utf8'), /waves:/, 'still a copy');
  writeFileSync(planFile, '# an older plan\n'); // a reset or a checkout
  assert.is((await both(root)).hit, true);
});

cache('fresh: compiles although the cache holds the plan (the analysis is there), gives the same bytes, and leaves an entry the next run hits', async () => {
  const root = gitRepo('demo');
  const first = await build(root);
  assert.ok(first.analysis, 'nothing cached yet: compiled');
  assert.is((await build(root)).analysis, undefined, 'a hit');
  const fresh = await build(root, { fresh: true });
  assert.ok(fresh.analysis, 'fresh never answers from the cache');
  assert.ok(fresh.bytes!.equals(first.bytes!));
  assert.is((await build(root)).analysis, undefined, 'the entry it stored answers the next run');
});

cache("waveplan's own cache files in git's listing do not change the key", async () => {
  // git lists the tree while the first plan writes its first cache files: a listing that caught
  // .agent/cache/.gitignore half written (empty, so not ignoring itself yet) held files the next
  // listing does not, and the second plan missed (npm test failed once under load). Shown here
  // by taking the ignore file away: the cache files are then untracked files of the listing.
  const root = gitRepo('demo');
  assert.ok((await build(root)).analysis, 'compiled');
  rmSync(join(root, '.agent/cache/.gitignore'));
  assert.ok(git(root, 'status', '--porcelain', '--untracked-files=all').includes('.agent/cache/plan.json'), 'the cache is in the listing');
  assert.is((await build(root)).analysis, undefined, 'a hit');
});

cache('a corrupt, truncated or foreign cache file is ignored and replaced', async () => {
  const root = gitRepo('demo');
  await both(root);
  const file = join(root, '.agent/cache/plan.json');
  const good = readFileSync(file, 'utf8');
  for (const bad of [good.slice(0, good.length / 2), good.replace('"waves"', '"wavez"'), '{}', '']) {
    writeFileSync(file, bad);
    assert.is((await both(root)).hit, false);
    assert.is(readFileSync(file, 'utf8'), good, 'written again');
  }
});

cache('the file answers only its own key, and only when its bytes hash to its first line', () => {
  const entry = { key: 'k1', files: ['a.ts'], stats: { waves: 1 } as never, bytes: Buffer.from('version: 1\nfingerprint: sha256:0\n') };
  const bytes = serializePlanCache(entry);
  assert.equal(parsePlanCache(bytes, 'k1'), entry);
  assert.is(parsePlanCache(bytes, 'k2'), undefined, 'another key');
  assert.is(parsePlanCache(bytes, 'k'), undefined, 'a prefix of the key');
  assert.is(parsePlanCache(Buffer.from(bytes.toString().replace('"a.ts"', '"b.ts"')), 'k1'), undefined, 'edited');
  assert.is(parsePlanCache(bytes.subarray(0, bytes.length - 3), 'k1'), undefined, 'truncated');
  assert.is(parsePlanCache(undefined, 'k1'), undefined);
  const named = { key: 'k1', files: ['a.ts'], stats: { waves: 1 } as never, planSum: 'ab'.repeat(32) };
  assert.equal(parsePlanCache(serializePlanCache(named), 'k1'), named, 'an entry naming the plan file');
});

cache('another build of waveplan (version or sources) has another key', async () => {
  const root = gitRepo('demo');
  const { loadQueue } = await import('../../src/tracking/load-queue.js');
  const loaded = await loadQueue(workTreeReader(root), { root });
  const key = (version: string) =>
    planCacheKey({ version, items: loaded.items, config: loaded.config, repoFiles: ['a.ts'], branchFiles: new Map(), graphDigest: 'd' });
  assert.is(key('0.1.0+aaaa'), key('0.1.0+aaaa'));
  assert.is.not(key('0.1.0+aaaa'), key('0.1.0+bbbb'));
  assert.match(BUILD_ID, /^\d+\.\d+\.\d+.*\+([0-9a-f]{16}|source)$/);
});

cache('a cache git tracks (committed by someone) is not trusted; untracked cache files, even with no .gitignore, are ours', async () => {
  const root = gitRepo('demo');
  await build(root);
  const codes = async () => (await build(root)).diagnostics.map((d) => d.code);
  // The listing of a first run can catch that run writing its cache folder, .gitignore still missing.
  rmSync(join(root, '.agent/cache/.gitignore'));
  assert.not.ok((await codes()).includes('CACHE_IN_REPO'), 'untracked');
  git(root, 'add', '-f', '.agent/cache');
  git(root, 'commit', '-q', '-m', 'a cache by mistake');
  assert.ok((await codes()).includes('CACHE_IN_REPO'), 'tracked');
});

cache.run();
