#!/usr/bin/env node
// npm test: every test/**/*.test.ts in its own uvu process (TypeScript through tsx), several at
// once. Most suites spend their time in child processes (git, the CLI), so files run side by side.
// `npm test -- apply hooks` runs only files whose path contains one of the words.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const jobs = Number(process.env.TEST_JOBS) || Math.max(2, availableParallelism());

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = walk(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let total = 0;
let passed = 0;
const broken = [];
const seconds = new Map();

function runFile(file) {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', join(root, 'node_modules/uvu/bin.js'), dirname(file), `^${escape(basename(file))}$`];
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      seconds.set(file, (performance.now() - started) / 1000);
      const t = Number(/Total:\s*(\d+)/.exec(out)?.[1] ?? 0);
      const p = Number(/Passed:\s*(\d+)/.exec(out)?.[1] ?? 0);
      total += t;
      passed += p;
      if (code !== 0 || t === 0 || p !== t) broken.push(file);
      process.stdout.write(`${out.replace(/\n\s*Total:[\s\S]*$/, '').trimEnd()}\n`);
      resolve();
    });
  });
}

const queue = [...files];
await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, async () => {
  while (queue.length > 0) await runFile(queue.shift());
}));

// The slowest files: where a faster suite starts (wall time of each file's process, run side by side).
const slowest = [...seconds].sort((a, b) => b[1] - a[1]).slice(0, 8);
console.log(`\n  Slowest:   ${slowest.map(([f, s]) => `${f} ${s.toFixed(1)}s`).join('\n             ')}`);
console.log(`\n  Files:     ${files.length} (${jobs} at a time)`);
console.log(`  Total:     ${total}`);
console.log(`  Passed:    ${passed}`);
if (broken.length > 0) console.log(`  Failing files:\n${broken.map((f) => `    ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${total - passed} failed`);
process.exitCode = broken.length > 0 || files.length === 0 ? 1 : 0;
