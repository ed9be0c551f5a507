// npx tsx bench/replay.ts [MIRROR_GIT_DIR] [COMMITS]: replay a public repository's real history as queue
// items (docs/benchmarks.md, "Replay"). Each item's command applies its commit's change three-way
// (`git apply -3`), half commit it and half leave it uncommitted, and sleep 20 ms per changed line
// (≤ 2 s). Items touching a file an earlier commit touched are BlockedBy it (history's own order).
// Reports: items landed, whether every touched path equals history's, speedup (Σ command ÷ wall) at
// max_parallel 5, and apply's own time per item (wall at max_parallel 1 − Σ command, ÷ items).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const mirror = process.argv[2] ?? '/work/.mirror/sindresorhus+ky/repo';
const count = Number(process.argv[3] ?? 24);
const cli = resolve('bin/waveplan.js');
const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'b',
  GIT_AUTHOR_EMAIL: 'b@b',
  GIT_COMMITTER_NAME: 'b',
  GIT_COMMITTER_EMAIL: 'b@b',
  WAVEPLAN_RENDERER: 'silent',
};
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });

const commits = git(mirror, 'rev-list', '--first-parent', '--no-merges', `--max-count=${count}`, 'HEAD').trim().split('\n').reverse();

function setUp(maxParallel: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  git(tmpdir(), 'clone', '-q', '--no-checkout', mirror, dir);
  git(dir, 'checkout', '-q', '-B', 'main', `${commits[0]}^`);
  git(dir, 'config', 'user.name', 'b');
  git(dir, 'config', 'user.email', 'b@b');
  mkdirSync(join(dir, '.agent/queue'), { recursive: true });
  mkdirSync(join(dir, '.agent/patches'), { recursive: true });
  const lastWriter = new Map<string, string>();
  commits.forEach((sha, n) => {
    const id = String(n + 1).padStart(3, '0');
    const files = git(dir, 'diff-tree', '--no-commit-id', '-r', '--name-only', '--no-renames', sha).trim().split('\n').filter(Boolean);
    const lines = git(dir, 'show', '--numstat', '--format=', sha)
      .split('\n')
      .reduce((s, l) => s + (Number(l.split('\t')[0]) || 0) + (Number(l.split('\t')[1]) || 0), 0);
    writeFileSync(join(dir, `.agent/patches/${id}.diff`), git(dir, 'diff', '--binary', '--no-renames', `${sha}^`, sha));
    const blockers = [...new Set(files.map((f) => lastWriter.get(f)).filter((b): b is string => !!b))].sort();
    for (const f of files) lastWriter.set(f, id);
    const seconds = Math.min(2, lines * 0.02).toFixed(2);
    const mode = n % 2 === 0 ? ' && git add -A && git commit -qm replay' : '';
    const run = `sleep ${seconds} && git apply -3 --index .agent/patches/${id}.diff${mode}`;
    writeFileSync(
      join(dir, `.agent/queue/${id}-pending-replay-${id}.md`),
      `---\nfiles: [${files.map((f) => JSON.stringify(f)).join(', ')}]\nrun: ${JSON.stringify(run)}\n---\n# Replay ${sha.slice(0, 8)}\n**BlockedBy**: ${blockers.join(', ') || 'none'}\n`,
    );
  });
  writeFileSync(
    join(dir, 'parallel.config.yaml'),
    `autonomy:\n  level: L3\n  max_parallel: ${maxParallel}\nanalysis:\n  import_graph: false\nrun:\n  isolation: worktree\n`,
  );
  execFileSync(process.execPath, [cli, 'plan'], { cwd: dir, env, stdio: 'ignore' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'queue');
  return dir;
}

function replay(maxParallel: number) {
  const dir = setUp(maxParallel);
  const start = performance.now();
  try {
    execFileSync(process.execPath, [cli, 'apply', '--yes', '--schedule', 'dynamic'], { cwd: dir, env, stdio: 'ignore' });
  } catch {
    /* exit 3: some did not land; counted below */
  }
  const wall = performance.now() - start;
  const runs = readdirSync(join(dir, '.agent/runs')).filter((n) => !n.startsWith('.'));
  const summary = JSON.parse(readFileSync(join(dir, '.agent/runs', runs[0], 'summary.json'), 'utf8')) as {
    items: Array<{ landed?: string; duration_ms?: number }>;
  };
  const landed = summary.items.filter((i) => i.landed).length;
  const commands = summary.items.reduce((s, i) => s + (i.duration_ms ?? 0), 0);
  const touched = git(dir, 'diff', '--name-only', `${commits[0]}^`, commits[commits.length - 1])
    .trim()
    .split('\n');
  const differing = git(dir, 'diff', '--name-only', commits[commits.length - 1], 'main', '--', ...touched).trim();
  return { landed, items: summary.items.length, wall, commands, equal: differing === '' };
}

const parallel = replay(5);
const serial = replay(1);
console.log(`replay ${mirror} (${commits.length} commits)`);
console.log(
  `  max_parallel 5: ${parallel.landed}/${parallel.items} landed, touched paths equal history: ${parallel.equal}, wall ${(parallel.wall / 1000).toFixed(1)} s, Σ commands ${(parallel.commands / 1000).toFixed(1)} s, speedup ${(parallel.commands / parallel.wall).toFixed(2)}`,
);
console.log(
  `  max_parallel 1: ${serial.landed}/${serial.items} landed, equal: ${serial.equal}, wall ${(serial.wall / 1000).toFixed(1)} s, apply's own time per item ${((serial.wall - serial.commands) / serial.items).toFixed(0)} ms (includes plan check and process start)`,
);
