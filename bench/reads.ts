import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { devNull, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticRepo } from './import-graph.js';

/**
 * `tsx bench/reads.ts [FILES ITEMS RUNS]`: `analysis.reads: transitive` against `direct` on the
 * synthetic monorepo (docs/conflicts.md, docs/benchmarks.md), with one build, alternating runs
 * (transitive, direct, transitive, …) in two copies of the same tree, cold (no cache) and warm
 * (caches present, one source file edited before each run). Medians of wall and user+sys CPU.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/waveplan.js');
const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull };
const RULES = ['transitive', 'direct'] as const;

const [files = 5000, items = 500, runs = 3] = process.argv.slice(2).map(Number);
const base = syntheticRepo(files, items);
const dirs = Object.fromEntries(
  RULES.map((rule) => {
    const dir = `${base}-${rule}`;
    if (!existsSync(join(dir, '.git'))) cpSync(base, dir, { recursive: true });
    writeFileSync(join(dir, 'parallel.config.yaml'), `analysis:\n  reads: ${rule}\n`);
    return [rule, dir];
  }),
) as Record<(typeof RULES)[number], string>;

function run(dir: string): { ms: number; cpu: number } {
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, BIN, 'plan'], { cwd: dir, encoding: 'utf8', env: ENV, maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`plan failed in ${dir}:\n${r.stderr.slice(-2000)}`);
  const [user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { ms, cpu: (user + sys) * 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const samples: Record<string, Array<{ ms: number; cpu: number }>> = {};
const add = (key: string, s: { ms: number; cpu: number }) => (samples[key] ??= []).push(s);
const touched = execFileSync('git', ['ls-files', 'packages/p3/src/d1'], { cwd: base, encoding: 'utf8' }).split('\n').filter(Boolean)[0];
let edit = 0;
for (let i = 0; i < runs; i++) {
  for (const rule of RULES) {
    rmSync(join(dirs[rule], '.agent/cache'), { recursive: true, force: true });
    add(`cold ${rule}`, run(dirs[rule]));
  }
}
for (let i = 0; i < runs * 2; i++) {
  for (const rule of RULES) {
    appendFileSync(join(dirs[rule], touched), `\n// edit ${edit++}\n`);
    add(`warm ${rule}`, run(dirs[rule]));
  }
}
for (const rule of RULES) execFileSync('git', ['checkout', '--', touched], { cwd: dirs[rule] });
const lines = [
  `synthetic ${files} files, ${items} items; load average ${loadavg()[0].toFixed(1)}; medians of ${runs} cold and ${runs * 2} warm alternating runs`,
  '',
];
lines.push('| run | transitive | direct | direct ÷ transitive |', '| --- | ---: | ---: | ---: |');
for (const kind of ['cold', 'warm']) {
  const t = samples[`${kind} transitive`];
  const d = samples[`${kind} direct`];
  const [tm, dm, tc, dc] = [median(t.map((s) => s.ms)), median(d.map((s) => s.ms)), median(t.map((s) => s.cpu)), median(d.map((s) => s.cpu))];
  lines.push(
    `| ${kind} | ${(tm / 1000).toFixed(2)} s (cpu ${(tc / 1000).toFixed(2)}) | ${(dm / 1000).toFixed(2)} s (cpu ${(dc / 1000).toFixed(2)}) | ${(dm / tm).toFixed(2)}× (cpu ${(dc / tc).toFixed(2)}×) |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
