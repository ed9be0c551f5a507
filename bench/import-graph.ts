import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, devNull, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticRepo } from './synthetic-repo.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(ROOT, 'bench/.work');
const BIN = join(ROOT, 'bin/waveplan.js');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

export interface Sample {
  /** Wall time. */
  ms: number;
  /** user + sys CPU time (from /usr/bin/time), the figure that a busy machine distorts least. */
  cpu?: number;
  /** Peak resident memory of the process, MB (from /usr/bin/time). */
  mb?: number;
  /** Set when the process failed (only a peer tool's run may): its last error line. */
  failed?: string;
}

/** Wall time and peak RSS of a child process. */
export function time(command: string, args: string[], cwd: string, options: { mayFail?: boolean; env?: Record<string, string> } = {}): Sample {
  const hasTime = existsSync('/usr/bin/time');
  const env = { ...GIT_ENV, ...options.env };
  const start = performance.now();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env })
    : spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env });
  const ms = performance.now() - start;
  if (r.status !== 0 && !options.mayFail) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  const [kb, user, sys] = hasTime ? r.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [NaN, NaN, NaN];
  const failed =
    r.status === 0
      ? undefined
      : (r.stderr
          .split('\n')
          .find((line) => /error/i.test(line))
          ?.trim() ?? `exit ${r.status}`);
  return {
    ms,
    cpu: Number.isFinite(user + sys) ? (user + sys) * 1000 : undefined,
    mb: Number.isFinite(kb) ? kb / 1024 : undefined,
    ...(failed ? { failed } : {}),
  };
}

export function median(samples: Sample[]): Sample {
  const by = (key: 'ms' | 'cpu' | 'mb') => {
    const xs = samples
      .map((s) => s[key])
      .filter((x): x is number => x !== undefined)
      .sort((a, b) => a - b);
    return xs.length === 0 ? undefined : xs[Math.floor((xs.length - 1) / 2)];
  };
  const failed = samples.find((x) => x.failed)?.failed;
  return { ms: by('ms')!, cpu: by('cpu'), mb: by('mb'), ...(failed ? { failed } : {}) };
}

function repeat(n: number, before: () => void, run: () => Sample): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    before();
    samples.push(run());
  }
  return median(samples);
}

export interface GraphBenchRow {
  repo: string;
  files: number;
  items: number;
  cold: Sample;
  /** Cold without V8's code cache of TypeScript (src/cli/load-typescript.ts): a machine's first run. */
  first: Sample;
  warm: Sample;
  floor: Sample;
  depcruise?: Sample;
}

/**
 * Cold `waveplan plan` (no cache), warm (cache present, one file edited), the
 * read-every-file floor, and dependency-cruiser 17 on the same tree.
 */
const depcruiseByTree = new Map<string, Sample>();

/** What a user runs: compile and write .agent/plan.yaml (in our synthetic repos; a repo given with --repo gets a dry run, nothing written). */
const PLAN = ['plan'];
const DRY_RUN = ['plan', '--dry-run'];

export function benchRepo(
  dir: string,
  label: string,
  runs: { cold: number; warm: number; depcruise: number },
  command: readonly string[] = PLAN,
): GraphBenchRow {
  const files = execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8', env: GIT_ENV }).split('\n').filter(Boolean);
  const sources = files.filter((f) => /\.[cm]?[jt]sx?$/.test(f) && !f.includes('node_modules/'));
  const items = files.filter((f) => /^\.agent\/queue\/\d{3,}-/.test(f)).length;
  const cache = join(dir, '.agent/cache');
  const plan = () => time(process.execPath, [BIN, ...command], dir);
  const cold = repeat(runs.cold, () => rmSync(cache, { recursive: true, force: true }), plan);
  const first = repeat(
    runs.cold,
    () => rmSync(cache, { recursive: true, force: true }),
    () => time(process.execPath, [BIN, ...command], dir, { env: { WAVEPLAN_COMPILE_CACHE: '0' } }),
  );
  plan();
  let edit = 0;
  const touched = sources[Math.floor(sources.length / 2)];
  const warm = repeat(runs.warm, () => appendFileSync(join(dir, touched), `\n// edit ${edit++}\n`), plan);
  execFileSync('git', ['checkout', '--', touched], { cwd: dir, env: GIT_ENV });
  const floor = repeat(
    3,
    () => undefined,
    () => time(process.execPath, ['-e', FLOOR], dir),
  );
  const roots = [...new Set(sources.map((f) => f.split('/')[0]))].filter((r) => !r.startsWith('.'));
  // The synthetic trees of one size differ only in their queues: depcruise runs once per tree.
  const tree = `${sources.length}:${roots.join(',')}`;
  if (runs.depcruise > 0 && roots.length > 0 && !depcruiseByTree.has(tree)) {
    depcruiseByTree.set(
      tree,
      repeat(
        runs.depcruise,
        () => undefined,
        () => time(process.execPath, [DEPCRUISE, '--no-config', '--ts-pre-compilation-deps', '--output-type', 'json', ...roots], dir, { mayFail: true }),
      ),
    );
  }
  const depcruise = depcruiseByTree.get(tree);
  return { repo: label, files: sources.length, items, cold, first, warm, floor, depcruise };
}

/** Read every tracked file: the floor any analysis of the whole tree pays. */
const FLOOR = `const { execFileSync } = require('node:child_process'); const { readFileSync } = require('node:fs');
let n = 0; for (const f of execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8', maxBuffer: 1 << 30 }).split('\\0')) { if (f) try { n += readFileSync(f).length; } catch {} }`;

/** A synthetic repo of about `files` source files and `items` queue items, as a git repo under bench/.work. */
export function syntheticRepo(files: number, items: number): string {
  const dir = join(WORK, `synthetic-${files}-${items}`);
  if (existsSync(join(dir, '.git'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeSyntheticRepo(dir, { files, items });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: GIT_ENV });
  execFileSync('git', ['add', '-A'], { cwd: dir, env: GIT_ENV });
  execFileSync('git', ['commit', '-q', '-m', 'synthetic'], { cwd: dir, env: GIT_ENV });
  return dir;
}

export function formatGraphBench(rows: GraphBenchRow[]): string {
  const s = (x?: Sample) =>
    x
      ? `${x.failed ? `failed after ` : ''}${(x.ms / 1000).toFixed(2)} s${x.cpu !== undefined ? ` (cpu ${(x.cpu / 1000).toFixed(2)})` : ''}${x.failed ? `: ${x.failed}` : ''}`
      : '—';
  const mb = (x?: Sample) => (x?.mb !== undefined ? `${Math.round(x.mb)} MB` : '—');
  // A peer that failed gives a lower bound: it had not finished when it gave up.
  const ratio = (a?: Sample, b?: Sample) =>
    a && b ? `${a.failed ? '> ' : ''}${(a.ms / b.ms).toFixed(1)}×${a.cpu && b.cpu ? ` (cpu ${(a.cpu / b.cpu).toFixed(1)}×)` : ''}` : '—';
  const lines = [
    '| repo | source files | items | cold plan | cold, no compile cache | warm plan (1 file edited) | read every file | dependency-cruiser 17 | depcruise ÷ cold | depcruise ÷ cold without | cold ÷ read-every-file | peak RSS cold / warm / depcruise |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.repo} | ${r.files} | ${r.items} | ${s(r.cold)} | ${s(r.first)} | ${s(r.warm)} | ${s(r.floor)} | ${s(r.depcruise)} | ${ratio(r.depcruise, r.cold)} | ${ratio(r.depcruise, r.first)} | ${ratio(r.cold, r.floor)} | ${mb(r.cold)} / ${mb(r.warm)} / ${mb(r.depcruise)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `npm run bench [-- --repo DIR] [-- --large]`: the import-graph part of the benchmark. */
export async function runImportGraphBench(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--repo');
  const rows: GraphBenchRow[] = [];
  if (at !== -1 && argv[at + 1]) {
    const dir = resolve(argv[at + 1]);
    rows.push(benchRepo(dir, dir, { cold: 3, warm: 7, depcruise: 1 }, DRY_RUN));
  } else {
    // 7,000 files: the size of payloadcms/payload, where the issue sets the 300 MB memory target.
    const sizes: Array<[number, number, number]> = [
      [1000, 50, 1],
      [5000, 50, 1],
      [5000, 500, 1],
      [7000, 50, 1],
    ];
    if (argv.includes('--large')) sizes.push([20000, 500, 1]);
    for (const [files, items, depcruise] of sizes) {
      const dir = syntheticRepo(files, items);
      process.stderr.write(`import graph: ${dir}\n`);
      rows.push(benchRepo(dir, `synthetic ${files}`, { cold: 3, warm: 7, depcruise }));
    }
  }
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  process.stdout.write(
    `\nwaveplan plan (import graph + conflicts + plan, written; --repo: plan --dry-run): medians of whole-process wall time (user+sys CPU in brackets); ${cpus().length} cores, load average ${load}\n\n${formatGraphBench(rows)}`,
  );
}
