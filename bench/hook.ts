// Pre-commit hook latency: `waveplan hooks run pre-commit` as git runs it, on the demo and on a
// generated 5,000-file repository, with a warm cache. Targets (issue #6): < 300 ms on the demo,
// < 1 s at 5,000 files. Prints medians over several runs; the machine's load is printed too,
// since a busy machine inflates every wall-clock figure (compare with the `node -e ""` baseline).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { devNull, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/waveplan.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  WAVEPLAN_BIN: BIN,
};
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

function repo(fill: (dir: string) => void): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'waveplan-bench-hook-')));
  fill(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'bench');
  execFileSync(process.execPath, [BIN, 'hooks', 'install'], { cwd: dir, env, stdio: 'ignore' });
  // The first hook run writes the plan and warms the analysis cache; commit it.
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'plan'], { cwd: dir, env, stdio: 'ignore' });
  return dir;
}

/** 5,000 TypeScript files in 50 folders, each importing 3–8 others plus a shared core; 60 queue items. */
function generated(dir: string, files = 5000): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const name = (i: number) => `src/m${String(Math.floor(i / 100)).padStart(2, '0')}/f${String(i).padStart(4, '0')}.ts`;
  for (let i = 0; i < files; i++) {
    const imports = [`import { core } from '../core.js';`];
    const fanout = 3 + (i % 6);
    for (let k = 1; k <= fanout; k++) {
      const j = (i * 7 + k * 131) % files;
      if (j !== i) imports.push(`import { v${j} } from '${relative(name(i), name(j))}';`);
    }
    write(name(i), `${imports.join('\n')}\nexport const v${i} = core + ${i};\n`);
  }
  write('src/core.ts', 'export const core = 1;\n');
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } }, null, 2));
  for (let n = 1; n <= 60; n++) {
    const id = String(n).padStart(3, '0');
    const status = n <= 20 ? 'completed' : 'pending';
    write(
      `.agent/queue/${id}-${status}-task-${id}.md`,
      `---\nfiles: [${name(n * 80)}]\n---\n# Task ${id}\n**Priority**: p${n % 4}\n${n > 21 && n % 5 === 0 ? `**BlockedBy**: ${String(n - 1).padStart(3, '0')}\n` : ''}`,
    );
  }
  write('.gitignore', '.agent/cache/\n');
}

function relative(from: string, to: string): string {
  const a = from.split('/').slice(0, -1);
  const b = to.split('/');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const up = a.length - i;
  return `${up === 0 ? './' : '../'.repeat(up)}${b.slice(i).join('/')}`.replace(/\.ts$/, '.js');
}

interface Sample {
  wall: number;
  /** user + sys CPU of the process (GNU time), less sensitive to a busy machine; NaN without it. */
  cpu: number;
}

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const cpuFile = join(tmpdir(), `waveplan-bench-cpu-${process.pid}`);

/** Wall-clock and CPU time of one process. */
function timeProcess(args: string[], cwd: string): Sample {
  const command = hasTime ? TIME : process.execPath;
  const argv = hasTime ? ['-f', '%U %S', '-o', cpuFile, process.execPath, ...args] : args;
  const start = process.hrtime.bigint();
  const result = spawnSync(command, argv, { cwd, env, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed in ${cwd}:\n${result.stderr}`);
  const cpu = hasTime
    ? readFileSync(cpuFile, 'utf8')
        .trim()
        .split(/\s+/)
        .slice(-2)
        .reduce((sum, x) => sum + Number(x) * 1000, 0)
    : Number.NaN;
  return { wall, cpu };
}

const timeHook = (dir: string) => timeProcess([BIN, 'hooks', 'run', 'pre-commit'], dir);
const timeNode = () => timeProcess(['-e', ''], tmpdir());

/** Unchanged: the staged plan is current. Changed: one item renamed pending → completed (then undone). */
function measure(dir: string, item: string): { unchanged: Sample[]; changed: Sample[] } {
  const unchanged: Sample[] = [];
  const changed: Sample[] = [];
  for (let i = 0; i < RUNS; i++) unchanged.push(timeHook(dir));
  for (let i = 0; i < RUNS; i++) {
    git(dir, 'mv', item, item.replace('-pending-', '-completed-'));
    changed.push(timeHook(dir));
    git(dir, 'reset', '-q', '--hard', 'HEAD');
  }
  return { unchanged, changed };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (samples: Sample[]) => {
  const wall = samples.map((s) => s.wall);
  const cpu = samples.map((s) => s.cpu);
  return `${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)})${hasTime ? `, cpu ${median(cpu).toFixed(0)} ms` : ''}`;
};

const demo = repo((dir) => cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true }));
const big = repo((dir) => generated(dir));
const demoItem = git(demo, 'ls-files', '.agent/queue')
  .split('\n')
  .find((f) => f.includes('-pending-'))!;
const bigItem = git(big, 'ls-files', '.agent/queue')
  .split('\n')
  .find((f) => f.includes('-pending-'))!;
const node = Array.from({ length: RUNS }, () => timeNode());
const rows: Array<[string, ReturnType<typeof measure>]> = [
  ['demo (fixtures/demo)', measure(demo, demoItem)],
  ['generated, 5,000 files', measure(big, bigItem)],
];
console.log(
  `\nwaveplan hooks run pre-commit, warm cache, median of ${RUNS} (load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; \`node -e ""\` alone: ${fmt(node)})\n`,
);
console.log('| repository | plan unchanged: wall (min), cpu | one item completed, plan restaged | target (wall) |');
console.log('| --- | --- | --- | --- |');
for (const [label, m] of rows) console.log(`| ${label} | ${fmt(m.unchanged)} | ${fmt(m.changed)} | ${label.startsWith('demo') ? '< 300 ms' : '< 1 s'} |`);
