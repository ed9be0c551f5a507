#!/usr/bin/env node
// npm test: every test/**/*.test.ts through uvu, several processes at once. The TypeScript of src/,
// test/ and bench/ is compiled to JavaScript once, at the start (scripts/compile-tests.mjs; only
// what changed since the last run), and every test process runs plain node on it: under tsx each
// process paid ~0.5 s of CPU for the loader, and more per module. TEST_TSX=1 runs them through tsx.
// Starting a process and loading the modules under test costs more than most
// files' tests, so files that run in-process share a process, a batch at a time; files whose time
// is spent in child processes (real git commits, detached runs, signals, servers: SOLO) keep one
// each, so they run side by side with the batches. `npm test -- apply hooks` runs only files whose
// path contains one of the words. TEST_BATCH=1 runs every file in a process of its own.
//
// How many at once (TEST_JOBS): one more than the cores. Much of a SOLO file's time is spent waiting
// on its child processes (an item's `sleep`, a kill at a random moment, a barrier), so a third
// process keeps both cores busy. Order: longest first, by the seconds each process took last time
// (node_modules/.cache/waveplan-tests/seconds.json, written after every full run); on a first run,
// the SOLO files first (docs/architecture.md, "Tests and build").
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileTests } from './compile-tests.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const jobs = Number(process.env.TEST_JOBS) || Math.max(2, availableParallelism() + 1);
const batchSize = Number(process.env.TEST_BATCH) || 8;
const SOLO = /^test\/(cli|hooks|land|mcp|run|export)\//;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : name.endsWith('.test.ts') ? [full] : [];
  });
}

// Tests make their repositories in the temp folder. A project marker above it (a `.agent` left by a
// command run in /tmp) would become the project root of every temp folder without git, and tests
// would fail one by one far from the cause: name it and stop.
const strays = [];
for (let dir = tmpdir(); ; dir = dirname(dir)) {
  for (const marker of ['.agent', 'parallel.config.yaml', '.git']) if (existsSync(join(dir, marker))) strays.push(join(dir, marker));
  if (dirname(dir) === dir) break;
}
if (strays.length > 0) {
  console.error(
    `npm test: ${strays.join(', ')} above the temp folder would be the project of every test folder without git; remove it (or set TMPDIR elsewhere)`,
  );
  process.exit(1);
}

const files = walk(join(root, 'test'))
  .map((f) => relative(root, f).split('\\').join('/'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const shared = files.filter((f) => !SOLO.test(f));
const batches = [...files.filter((f) => SOLO.test(f)).map((f) => [f])];
for (let i = 0; i < shared.length; i += batchSize) batches.push(shared.slice(i, i + batchSize));

// The seconds each process took on the last full run: the longest start first, so none is left
// to run alone at the end.
const SECONDS_FILE = join(root, 'node_modules/.cache/waveplan-tests/seconds.json');
const nameOf = (batch) => (batch.length === 1 ? batch[0] : `${batch[0]} … (${batch.length} files)`);
let last = {};
try {
  last = JSON.parse(readFileSync(SECONDS_FILE, 'utf8'));
} catch {
  // first run: SOLO files first, as listed
}
const lastSeconds = (batch) => last[nameOf(batch)] ?? 1e9; // a new file or batch: first (a stable sort keeps their order)
batches.sort((a, b) => lastSeconds(b) - lastSeconds(a));

const tsx = process.env.TEST_TSX === '1';
const JS_DIR = join(root, 'node_modules/.cache/waveplan-tests/js');
if (!tsx) await compileTests(root, JS_DIR);
const runner = tsx ? ['--import', 'tsx', join(root, 'scripts/uvu-files.mjs')] : ['--enable-source-maps', join(root, 'scripts/uvu-files.mjs'), '--js', JS_DIR];

let total = 0;
let passed = 0;
const broken = [];
const seconds = new Map();
const cpu = new Map(); // CPU seconds of each process and the children it waited for (Linux; scripts/uvu-files.mjs)

/** One process for `batch`; uvu prints each file's name before its suites, which attributes failures. */
function runBatch(batch) {
  return new Promise((resolve) => {
    const args = [...runner, ...batch];
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      seconds.set(nameOf(batch), (performance.now() - started) / 1000);
      const used = /CPU:\s*([\d.]+)/.exec(out);
      if (used) cpu.set(nameOf(batch), Number(used[1]));
      const t = Number(/Total:\s*(\d+)/.exec(out)?.[1] ?? 0);
      const p = Number(/Passed:\s*(\d+)/.exec(out)?.[1] ?? 0);
      total += t;
      passed += p;
      if (code !== 0 || t === 0 || p !== t) broken.push(...failingFiles(batch, out));
      process.stdout.write(`${out.replace(/\n\s*Total:[\s\S]*$/, '').trimEnd()}\n`);
      resolve();
    });
  });
}

/** The files of a failed batch whose part of the output shows a failure (all of them when none does: a crash). */
function failingFiles(batch, out) {
  const starts = batch
    .map((f) => [f, out.indexOf(`${f}\n`)])
    .filter(([, at]) => at >= 0)
    .sort((a, b) => a[1] - b[1]);
  const failed = starts.filter(([, at], i) => /✘| FAIL /.test(out.slice(at, i + 1 < starts.length ? starts[i + 1][1] : undefined))).map(([f]) => f);
  return failed.length > 0 ? failed : batch;
}

const queue = [...batches];
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    while (queue.length > 0) await runBatch(queue.shift());
  }),
);

// The slowest processes: where a faster suite starts (wall time of each, run side by side, and CPU).
const slowest = [...seconds].sort((a, b) => b[1] - a[1]).slice(0, 8);
const cpuOf = (f) => (cpu.has(f) ? `, ${cpu.get(f).toFixed(1)}s CPU` : '');
console.log(`\n  Slowest:   ${slowest.map(([f, s]) => `${f} ${s.toFixed(1)}s${cpuOf(f)}`).join('\n             ')}`);
if (filters.length === 0) {
  mkdirSync(dirname(SECONDS_FILE), { recursive: true });
  writeFileSync(
    SECONDS_FILE,
    `${JSON.stringify(Object.fromEntries([...seconds].sort((a, b) => b[1] - a[1]).map(([f, s]) => [f, Math.round(s * 10) / 10])), null, 1)}\n`,
  );
  writeFileSync(
    join(dirname(SECONDS_FILE), 'cpu.json'),
    `${JSON.stringify(Object.fromEntries([...cpu].sort((a, b) => b[1] - a[1]).map(([f, s]) => [f, Math.round(s * 10) / 10])), null, 1)}\n`,
  );
}
console.log(`\n  Files:     ${files.length} in ${batches.length} processes (${jobs} at a time)`);
if (cpu.size > 0)
  console.log(`  CPU:       ${[...cpu.values()].reduce((a, b) => a + b, 0).toFixed(1)} s in the test processes (user + sys, with their children)`);
console.log(`  Total:     ${total}`);
console.log(`  Passed:    ${passed}`);
if (broken.length > 0) console.log(`  Failing files (rerun one alone: npm test -- <path>):\n${broken.map((f) => `    ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${total - passed} failed`);
process.exitCode = broken.length > 0 || files.length === 0 ? 1 : 0;
