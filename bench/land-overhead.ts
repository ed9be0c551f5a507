/**
 * apply's own cost per item when landing (docs/benchmarks.md, "Landing overhead"), step by step, on a
 * generated repository of FILES files (default 5,000; packed, as a clone is): the item's worktree from
 * the target's tip (read the tip, take the pooled worktree, reset it), the command's change (2 files,
 * not timed), collect (the audit's real write set, the commit, the worktree parked in the pool), land (merge, the check for the user's
 * edits, journal, compare-and-swap of the ref, the main work tree's sync), finish and the worktree's
 * return to the pool. The calls are apply's own (`src/run/land-item.ts`), in its order.
 *
 * Prints medians over ITEMS items (after one warm-up item), in ms: wall time, and CPU time (user + sys
 * of this process and the git processes it ran, from /proc/self/stat; less distorted by a loaded
 * machine than wall time), and with BENCH_COUNT_GIT=1 the git processes per item. To compare two versions, run this same
 * file from each checkout, alternating, in one command (docs/benchmarks.md shows how).
 *
 *   npx tsx bench/land-overhead.ts [FILES] [ITEMS] [--repo DIR]   (DIR: a real repository, cloned; FILES is then ignored)
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as land from '../src/land/index.js';
import { git } from '../src/land/git.js';
import { initRepo } from './infer/git-at.js';

const FILES = Number(process.argv[2] ?? 5000);
const ITEMS = Number(process.argv[3] ?? 8);
/** `--repo DIR`: a clone of DIR (a real repository, at its HEAD) instead of the generated one. */
const REPO = process.argv.includes('--repo') ? process.argv[process.argv.indexOf('--repo') + 1] : undefined;

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wp-land-overhead-'));
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, 'src', `m${i % 100}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.ts`), `export const v${i} = ${i};\n`.repeat(8));
  }
  writeFileSync(join(dir, '.gitignore'), '.agent/worktrees/\n');
  initRepo(dir);
  execFileSync('git', ['repack', '-adq'], { cwd: dir });
  execFileSync('git', ['prune'], { cwd: dir });
  return dir;
}

function cloneRepo(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wp-land-overhead-'));
  execFileSync('git', ['clone', '-q', '--no-checkout', source, dir]);
  // A mirror lacks large blobs: pass a checkout that has every blob (bench/.work/real-* of `npm run bench -- real`).
  execFileSync('git', ['checkout', '-q', '-B', 'main', 'HEAD'], { cwd: dir });
  execFileSync('git', ['config', 'user.name', 'bench'], { cwd: dir });
  execFileSync('git', ['config', 'user.email', 'bench@example.com'], { cwd: dir });
  writeFileSync(join(dir, '.git', 'info', 'exclude'), '.agent/\n');
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

/** git processes started so far, counted from GIT_TRACE2_EVENT's `start` events. */
function gitStarts(trace: string): number {
  try {
    return readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"event":"start"')).length;
  } catch {
    return 0;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main() {
  const repoDir = REPO ? cloneRepo(REPO) : makeRepo();
  // Counting processes traces every git call, which costs a little: only when asked.
  const trace = join(repoDir, '..', `${repoDir.split('/').pop()}.trace`);
  if (process.env.BENCH_COUNT_GIT === '1') process.env.GIT_TRACE2_EVENT = trace;
  const repo = { cwd: repoDir };
  // A real repository: each item edits one of its text files (the generated one: src/m*/f<n>.ts).
  const tracked = REPO
    ? execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.js', '*.md'], { cwd: repoDir, maxBuffer: 1 << 28 })
        .toString('utf8')
        .split('\0')
        .filter(Boolean)
    : [];
  const steps = ['worktree', 'collect', 'land', 'finish+return', 'total'] as const;
  const times = Object.fromEntries(steps.map((s) => [s, [] as number[]])) as Record<(typeof steps)[number], number[]>;
  const cpu = Object.fromEntries(steps.map((s) => [s, [] as number[]])) as Record<(typeof steps)[number], number[]>;
  const procs: number[] = [];
  for (let n = 0; n <= ITEMS; n++) {
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
    const started = gitStarts(trace);
    // startWorktree (src/run/land-item.ts): the tip now, then a worktree from it (the pool after item 1).
    const tip = (land.branchTip ? await land.branchTip(repo, 'main') : await land.commitOf(repo, 'refs/heads/main'))!;
    const tree = await land.freshWorktree(repo, id, tip);
    lap('worktree');
    appendFileSync(join(tree.path, REPO ? tracked[(n * 7919) % tracked.length] : join('src', `m${n % 100}`, `f${n}.ts`)), `// item ${id}\n`);
    writeFileSync(join(tree.path, REPO ? `new-${id}.ts` : join('src', `new-${id}.ts`)), `export const item = '${id}';\n`);
    mark = performance.now();
    cpuMark = cpuMs();
    // bringHome (src/run/land-item.ts), without a gate: collect, park the worktree in the pool (the
    // branch pinned at the work), land (its transaction deletes the branch). Older builds: the branch is
    // left for the landing to delete and the worktree goes to the pool after it.
    const work = await land.collectWork({ worktree: { cwd: tree.path }, base: tip, id, title: `Item ${id}`, moveHead: false });
    const park = (land as { parkWorktree?: (r: typeof repo, id: string, head: string, leftovers: readonly string[]) => Promise<boolean> }).parkWorktree;
    const parked = park ? await park(repo, id, work.head, work.ignored) : false;
    lap('collect');
    const release = parked
      ? () => `delete refs/heads/${tree.branch} ${work.head}\n`
      : land.releaseMoves
        ? () => land.releaseMoves(tree.path, tree.branch, work.head)
        : undefined;
    const out = await land.landBranch({ repo, target: 'main', id, title: `Item ${id}`, head: work.head, run: 'bench', release });
    if (out.kind !== 'landed') throw new Error(`item ${id}: ${out.kind}`);
    lap('land');
    await land.finishLanding(repo);
    const released = (out as { released?: boolean }).released;
    if (!parked) await land.removeItemWorktree(repo, id, { pool: true, released, leftovers: (work as { ignored?: string[] }).ignored });
    lap('finish+return');
    t.total = t.worktree + t.collect + t.land + t['finish+return'];
    c.total = c.worktree + c.collect + c.land + c['finish+return'];
    if (n === 0) continue; // the warm-up: a new worktree, as the first item of a run gets
    for (const s of steps) times[s].push(t[s]);
    for (const s of steps) cpu[s].push(c[s]);
    procs.push(gitStarts(trace) - started);
  }
  const check = (await git(repo, ['status', '--porcelain'])).trim();
  if (check !== '') throw new Error(`the main work tree is not clean after the run:\n${check}`);
  const row = steps.map((s) => `${median(times[s]).toFixed(0)} / ${median(cpu[s]).toFixed(0)}`).join(' | ');
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`${REPO ? `${REPO} (${tracked.length} .ts/.js/.md files tracked)` : `${FILES} files`}, ${ITEMS} items, medians in ms (wall / CPU), load ${load}`);
  const counted = process.env.BENCH_COUNT_GIT === '1' ? ` | ${median(procs)}` : '';
  console.log(`| ${steps.join(' | ')}${counted ? ' | git processes' : ''} |`);
  console.log(`| ${row}${counted} |`);
  rmSync(repoDir, { recursive: true, force: true });
  rmSync(trace, { force: true });
}

await main();
