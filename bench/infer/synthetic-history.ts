import { appendFileSync, cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scanExports } from '../../src/analyze/infer/scan-exports.js';
import { isIndexed } from '../../src/analyze/infer/symbol-index.js';
import { git, initRepo } from './git-at.js';
import { random } from '../random.js';

const TOPICS = ['empty input', 'unicode titles', 'timeouts', 'negative amounts', 'large payloads', 'concurrent requests', 'missing headers', 'stale data'];

function hasCommits(dir: string, count: number): boolean {
  if (!existsSync(join(dir, '.git'))) return false;
  try {
    return git(dir, 'rev-list', '--count', 'HEAD').trim() === String(count);
  } catch {
    return false;
  }
}

/**
 * A git repository with `count` commits written the way people write them (a scope, a
 * symbol, a path, or nothing useful), over the shopfront fixture. Used when the repository
 * under test has too little history of its own.
 */
export function syntheticHistory(dir: string, fixture: string, count: number): string {
  if (hasCommits(dir, count + 1)) return dir; // built by an earlier run: same seed, same history
  rmSync(dir, { recursive: true, force: true });
  cpSync(fixture, dir, { recursive: true, filter: (src) => !src.includes('/.agent') });
  initRepo(dir);
  const run = (...args: string[]) => git(dir, ...args);
  const files = run('ls-files').split('\n').filter(Boolean);
  const code = files.filter((f) => isIndexed(f) && !/\.test\./.test(f));
  const symbols = new Map(code.map((f) => [f, scanExports(f, readFileSync(join(dir, f), 'utf8')).exported]));
  const rand = random(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  for (let i = 0; i < count; i++) {
    const file = pick(code);
    const folder = file.split('/').slice(-2, -1)[0] ?? 'root';
    const siblings = code.filter((f) => f !== file && f.startsWith(file.slice(0, file.lastIndexOf('/') + 1)));
    const truth = new Set([file]);
    if (siblings.length > 0 && rand() < 0.35) truth.add(pick(siblings));
    const test = files.find((f) =>
      f.endsWith(
        `/${file
          .split('/')
          .pop()!
          .replace(/\.tsx?$/, '')}.test.ts`,
      ),
    );
    if (test && rand() < 0.4) truth.add(test);
    if (rand() < 0.08) truth.add('package.json');
    const symbol = pick(symbols.get(file) ?? ['']) || folder;
    const topic = pick(TOPICS);
    const roll = rand();
    const subject =
      roll < 0.3
        ? `fix(${folder}): handle ${topic} in \`${symbol}\``
        : roll < 0.5
          ? `feat(${folder}): support ${topic}`
          : roll < 0.7
            ? `Make \`${symbol}\` cope with ${topic}`
            : roll < 0.82
              ? `Clean up ${file}`
              : roll < 0.92
                ? `${symbol} breaks on ${topic}`
                : `Small fixes before the release`;
    for (const f of truth) appendFileSync(join(dir, f), `\n// change ${i}\n`);
    run('add', '-A');
    run('commit', '-q', '-m', subject);
  }
  return dir;
}
