// `npm run bench -- real [--repo PATH] [--corpus NAME,…] [--rounds N] [--warm N] [--ab OTHER_CHECKOUT] [--depcruise-rounds N] [--no-depcruise]`:
// whole `waveplan plan` processes on real repositories at pinned commits (bench/real-corpora.ts),
// against the read floor, the plain TypeScript API graph and dependency-cruiser 17, in alternating
// runs on the same tree (docs/benchmarks.md).
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, time, type Sample } from './import-graph.js';
import { CORPORA, GIT_ENV, checkoutCorpus, defaultSource, hasCommit, type Corpus } from './real-corpora.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'bench/.work');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const TS_API_GRAPH = join(ROOT, 'bench/ts-api-graph.mjs');

/** Read every TS/JS source git lists: the floor any analysis of the whole tree pays. */
const FLOOR = `const { execFileSync } = require('node:child_process'); const { readFileSync } = require('node:fs');
let n = 0; for (const f of execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8', maxBuffer: 1 << 30 }).split('\\0')) { if (/\\.[cm]?[jt]sx?$/.test(f) && !f.includes('node_modules/')) try { n += readFileSync(f).length; } catch {} }`;

export interface RealOptions {
  corpora: Array<{ corpus: Corpus | undefined; source: string; commit: string; label: string }>;
  rounds: number;
  warm: number;
  depcruise: boolean;
  /** Rounds that run dependency-cruiser (the first ones): minutes each on a large tree. */
  depcruiseRounds: number;
  /** Another waveplan checkout (built): its cold and warm runs alternate with this one's. */
  ab?: string;
}

export interface RealRow {
  label: string;
  commit: string;
  sources: number;
  tsconfigs: number;
  items: number;
  cold: Sample[];
  warm: Sample[];
  floor: Sample;
  tsApi: Sample;
  depcruise?: Sample;
}

export function parseRealArgs(argv: readonly string[]): RealOptions {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at === -1 ? undefined : argv[at + 1];
  };
  const repo = value('--repo');
  const names = value('--corpus')?.split(',');
  const picked = names ? CORPORA.filter((c) => names.some((n) => c.repo.toLowerCase().includes(n.toLowerCase()))) : CORPORA.filter((c) => c.standard);
  let corpora: RealOptions['corpora'];
  if (repo !== undefined) {
    const source = resolve(repo);
    // A copy of one of the pinned repositories is checked out at its pinned commit; any other at its HEAD.
    const corpus = CORPORA.find((c) => hasCommit(source, c.commit));
    const commit = corpus?.commit ?? execFileSync('git', ['rev-parse', 'HEAD'], { cwd: source, encoding: 'utf8', env: GIT_ENV }).trim();
    corpora = [{ corpus, source, commit, label: corpus?.repo ?? source }];
  } else {
    corpora = picked.map((corpus) => ({ corpus, source: defaultSource(corpus), commit: corpus.commit, label: corpus.repo }));
  }
  const ab = value('--ab');
  return {
    corpora,
    rounds: Number(value('--rounds') ?? 3),
    warm: Number(value('--warm') ?? 5),
    depcruise: !argv.includes('--no-depcruise'),
    depcruiseRounds: Number(value('--depcruise-rounds') ?? 1),
    ...(ab !== undefined ? { ab: resolve(ab) } : {}),
  };
}

function gitLines(dir: string, args: string[]): string[] {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: GIT_ENV, maxBuffer: 1 << 30 })
    .split('\n')
    .filter(Boolean);
}

/** One corpus: each round runs every cold row once, in turn; then the warm runs alternate between the builds. */
export function benchCorpus(entry: RealOptions['corpora'][number], options: RealOptions): RealRow {
  const slug = entry.label.replace(/[^A-Za-z0-9._-]+/g, '+');
  const bins = [join(ROOT, 'bin/waveplan.js'), ...(options.ab ? [join(options.ab, 'bin/waveplan.js')] : [])];
  const dirs = bins.map((_, b) => checkoutCorpus(entry.source, entry.commit, join(WORK, `real-${slug}${b === 0 ? '' : '-b'}`)).dir);
  const dir = dirs[0];
  const files = gitLines(dir, ['ls-files']);
  const sources = files.filter((f) => /\.[cm]?[jt]sx?$/.test(f) && !f.includes('node_modules/'));
  const items = files.filter((f) => /^\.agent\/queue\/\d{3,}-/.test(f));
  const roots = [...new Set(sources.map((f) => f.split('/')[0]))].filter((r) => !r.startsWith('.') && !sources.includes(r));
  const plan = (b: number) => time(process.execPath, [bins[b], 'plan'], dirs[b]);
  const cold: Sample[][] = bins.map(() => []);
  const floor: Sample[] = [];
  const tsApi: Sample[] = [];
  const depcruise: Sample[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (let b = 0; b < bins.length; b++) {
      rmSync(join(dirs[b], '.agent/cache'), { recursive: true, force: true });
      cold[b].push(plan(b));
    }
    tsApi.push(time(process.execPath, [TS_API_GRAPH], dir));
    floor.push(time(process.execPath, ['-e', FLOOR], dir));
    if (options.depcruise && round < options.depcruiseRounds && roots.length > 0) {
      depcruise.push(
        time(process.execPath, [DEPCRUISE, '--no-config', '--ts-pre-compilation-deps', '--output-type', 'json', ...roots], dir, { mayFail: true }),
      );
    }
    process.stderr.write(`${entry.label}: round ${round + 1} of ${options.rounds}\n`);
  }
  // Warm: one file an item writes is edited before each run (the plan cache and the graph cache stay).
  const written = new Set(items.flatMap((item) => itemFiles(join(dir, item))));
  const candidates = sources.filter((f) => written.has(f) && /\.tsx?$/.test(f));
  const touched = candidates[Math.floor(candidates.length / 2)] ?? sources[Math.floor(sources.length / 2)];
  const warm: Sample[][] = bins.map(() => []);
  for (let b = 0; b < bins.length; b++) plan(b);
  for (let run = 0; run < options.warm; run++) {
    for (let b = 0; b < bins.length; b++) {
      appendFileSync(join(dirs[b], touched), `\n// edit ${run}\n`);
      warm[b].push(plan(b));
    }
  }
  for (const d of dirs) execFileSync('git', ['checkout', '--', touched], { cwd: d, env: GIT_ENV });
  return {
    label: entry.label,
    commit: entry.commit.slice(0, 7),
    sources: sources.length,
    tsconfigs: files.filter((f) => /(^|\/)tsconfig[^/]*\.json$/.test(f)).length,
    items: items.length,
    cold: cold.map(median),
    warm: warm.map(median),
    floor: median(floor),
    tsApi: median(tsApi),
    ...(depcruise.length > 0 ? { depcruise: median(depcruise) } : {}),
  };
}

/** The paths an item's `files:` list names (as bench/real-corpora.ts writes them). */
function itemFiles(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^ {2}- (".*")$/gm)].map((m) => (JSON.parse(m[1]) as string).replace(/\\(.)/g, '$1'));
}

export function formatRealBench(rows: RealRow[], ab: boolean): string {
  const s = (x?: Sample) =>
    x ? `${x.failed ? 'failed after ' : ''}${(x.ms / 1000).toFixed(2)} s${x.cpu !== undefined ? ` (cpu ${(x.cpu / 1000).toFixed(2)})` : ''}` : '—';
  const ms = (x?: Sample) => (x ? `${Math.round(x.ms)} ms${x.cpu !== undefined ? ` (cpu ${Math.round(x.cpu)})` : ''}` : '—');
  const mb = (x?: Sample) => (x?.mb !== undefined ? `${Math.round(x.mb)} MB` : '—');
  const ratio = (a?: Sample, b?: Sample) => (a && b ? `${a.failed ? '> ' : ''}${(a.ms / b.ms).toFixed(1)}×` : '—');
  const cpuRatio = (a?: Sample, b?: Sample) => (a?.cpu !== undefined && b?.cpu ? `${(a.cpu / b.cpu).toFixed(2)}×` : '—');
  const lines = [
    '| repo @ commit | TS/JS files | tsconfigs | items | cold plan | warm plan (1 written file edited) | read every source | TS API graph | dependency-cruiser 17 | depcruise ÷ cold | cold ÷ read | cold ÷ TS API | peak RSS cold / TS API / depcruise |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    r.cold.forEach((cold, b) => {
      const name = ab ? `${r.label} @ ${r.commit} (${b === 0 ? 'this build' : 'build B'})` : `${r.label} @ ${r.commit}`;
      lines.push(
        `| ${name} | ${r.sources} | ${r.tsconfigs} | ${r.items} | ${s(cold)} | ${ms(r.warm[b])} | ${s(r.floor)} | ${s(r.tsApi)} | ${s(r.depcruise)} | ${ratio(r.depcruise, cold)} | ${ratio(cold, r.floor)} | ${ratio(cold, r.tsApi)} | ${mb(cold)} / ${mb(r.tsApi)} / ${mb(r.depcruise)} |`,
      );
    });
    if (ab)
      lines.push(
        `| ↳ this build ÷ build B | | | | ${ratio(r.cold[0], r.cold[1])} (cpu ${cpuRatio(r.cold[0], r.cold[1])}) | ${ratio(r.warm[0], r.warm[1])} (cpu ${cpuRatio(r.warm[0], r.warm[1])}) | | | | | | | |`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export async function runRealBench(argv: readonly string[]): Promise<void> {
  const options = parseRealArgs(argv);
  const rows: RealRow[] = [];
  for (const entry of options.corpora) {
    if (!existsSync(entry.source)) {
      process.stderr.write(`real corpora: ${entry.label} skipped, no repository at ${entry.source} (see docs/benchmarks.md: --repo PATH)\n`);
      continue;
    }
    rows.push(benchCorpus(entry, options));
  }
  if (rows.length === 0) return;
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const baseline = time(process.execPath, ['-e', ''], ROOT);
  process.stdout.write(
    `\nwaveplan plan on real repositories (their last 40 commits as items): medians of ${options.rounds} alternating rounds (warm: ${options.warm}), whole-process wall time (user+sys CPU in brackets); ${cpus().length} cores, load average ${load}, node -e "" ${Math.round(baseline.ms)} ms\n\n${formatRealBench(rows, options.ab !== undefined)}`,
  );
}
