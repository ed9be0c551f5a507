/**
 * apply's own cost per item when landing (docs/benchmarks.md, "Landing overhead"), step by step, on a
 * generated repository of FILES files (default 5,000): make the item's worktree from the tip, the
 * command's change (2 files, not timed), collect (git add -A + commit: the audit's real write set),
 * land (merge-tree + commit-tree, journal, CAS update-ref, the main work tree's sync), finish, remove.
 *
 * A/B, alternating item by item in one process: A = no pool (`git worktree add` per item, then
 * `worktree remove`: apply before the pool); B = what apply does now: the landed item's worktree is
 * pooled and the next item moves it into place and resets it (`checkout -f -B`, `clean -fdx`).
 * Medians, in ms: wall time, and CPU time (user + sys of this process and the git processes it ran,
 * from /proc/self/stat; less distorted by a loaded machine than wall time).
 *
 *   npx tsx bench/land-overhead.ts [FILES] [ITEMS]
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectWork, finishLanding, freshWorktree, landBranch, removeItemWorktree } from '../src/land/index.js';
import { git } from '../src/land/git.js';
import { initRepo } from './infer/git-at.js';

const FILES = Number(process.argv[2] ?? 5000);
const ITEMS = Number(process.argv[3] ?? 12);

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wp-land-overhead-'));
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, 'src', `m${i % 100}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.ts`), `export const v${i} = ${i};\n`.repeat(8));
  }
  writeFileSync(join(dir, '.gitignore'), '.agent/worktrees/\n');
  initRepo(dir);
  return dir;
}

/** CPU ms so far: this process (process.cpuUsage) + its waited-for children (/proc/self/stat cutime + cstime, in ticks of 10 ms). */
function cpuMs(): number {
  const self = process.cpuUsage();
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // After "pid (comm) ": proc(5) fields 16 cutime and 17 cstime (1-based) are at 13 and 14; USER_HZ is 100.
  const children = (Number(fields[13]) + Number(fields[14])) * 10;
  return (self.user + self.system) / 1000 + children;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main() {
  const repoDir = makeRepo();
  const repo = { cwd: repoDir };
  const steps = ['worktree', 'collect', 'land', 'finish+remove', 'total'] as const;
  const empty = () => ({ A: Object.fromEntries(steps.map((s) => [s, []])), B: Object.fromEntries(steps.map((s) => [s, []])) }) as never;
  const times: Record<'A' | 'B', Record<(typeof steps)[number], number[]>> = empty();
  const cpu: Record<'A' | 'B', Record<(typeof steps)[number], number[]>> = empty();
  for (let n = 0; n < ITEMS * 2; n++) {
    const variant = n % 2 === 0 ? 'A' : 'B';
    const id = String(n + 1).padStart(3, '0');
    const t: Record<string, number> = {};
    const c: Record<string, number> = {};
    let mark = performance.now();
    let cpuMark = cpuMs();
    const lap = (name: string) => {
      const now = performance.now();
      const used = cpuMs();
      t[name] = now - mark;
      c[name] = used - cpuMark;
      mark = now;
      cpuMark = used;
    };
    const tip = (await git(repo, ['rev-parse', 'main'])).trim();
    // A runs without the pool: the pooled worktree B left waits aside (untimed) and comes back after.
    const pooled = join(repoDir, '.agent/worktrees/+pool-1');
    const aside = join(repoDir, '.agent/worktrees/aside');
    if (variant === 'A' && existsSync(pooled)) await git(repo, ['worktree', 'move', pooled, aside]);
    mark = performance.now();
    cpuMark = cpuMs();
    const path = (await freshWorktree(repo, id, tip)).path;
    lap('worktree');
    appendFileSync(join(path, 'src', `m${n % 100}`, `f${n}.ts`), `// item ${id}\n`);
    writeFileSync(join(path, 'src', `new-${id}.ts`), `export const item = '${id}';\n`);
    mark = performance.now();
    cpuMark = cpuMs();
    const work = await collectWork({ worktree: { cwd: path }, base: tip, id, title: `Item ${id}` });
    lap('collect');
    const out = await landBranch({ repo, target: 'main', id, title: `Item ${id}`, head: work.head, run: 'bench' });
    if (out.kind !== 'landed') throw new Error(`item ${id}: ${out.kind}`);
    lap('land');
    await finishLanding(repo);
    await removeItemWorktree(repo, id, { pool: variant === 'B' });
    lap('finish+remove');
    if (variant === 'A' && existsSync(aside)) await git(repo, ['worktree', 'move', aside, pooled]);
    t.total = t.worktree + t.collect + t.land + t['finish+remove'];
    c.total = c.worktree + c.collect + c.land + c['finish+remove'];
    for (const s of steps) times[variant][s].push(t[s]);
    for (const s of steps) cpu[variant][s].push(c[s]);
  }
  const row = (v: 'A' | 'B') => steps.map((s) => `${median(times[v][s]).toFixed(0)} / ${median(cpu[v][s]).toFixed(0)}`).join(' | ');
  console.log(`${FILES} files, ${ITEMS} items per variant, medians in ms: wall / CPU`);
  console.log(`| variant | ${steps.join(' | ')} |`);
  console.log(`| A: worktree add/remove per item (no pool) | ${row('A')} |`);
  console.log(`| B: pooled worktree reset between items (apply now) | ${row('B')} |`);
}

await main();
