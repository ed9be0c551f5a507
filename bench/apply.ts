/**
 * `apply` on the demo queue (fixtures/demo): the reviewed waves vs `--schedule dynamic`.
 * Each schedule runs on a fresh copy, three times; the median wall time is reported.
 * Workloads: the demo's fake agent (200–400 ms, random); sleeping estimate × 0.4 s (the plan's
 * own model, where waves are already optimal: the makespan equals the critical path); and the
 * same with a fixed per-item factor 0.5..1.5, because real durations never match estimates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/waveplan.js');
const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: devNull,
  WAVEPLAN_RENDERER: 'silent',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
/** Sleep estimate × 0.4 s: the durations the plan was built from. */
const EXACT = `sleep $(awk '/^estimate:/{e=$2} END{print (e?e:1)*0.4}' "$WAVEPLAN_ITEM_FILE")`;
/** Sleep estimate × 0.4 s × a factor in 0.5..1.5 fixed per item: estimates are never exact. */
const JITTER = `sleep $(awk -v id="$WAVEPLAN_ITEM_ID" '/^estimate:/{e=$2} END{srand(id+0); print (e?e:1)*0.4*(0.5+rand())}' "$WAVEPLAN_ITEM_FILE")`;

function demoRepo(command?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'waveplan-bench-'));
  cpSync(join(ROOT, 'fixtures/demo'), dir, { recursive: true });
  if (command) {
    const config = join(dir, 'parallel.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/command: .*/, `command: ${JSON.stringify(command)}`));
  }
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: ENV });
  execFileSync('git', ['add', '-A'], { cwd: dir, env: ENV });
  execFileSync('git', ['commit', '-q', '-m', 'demo'], { cwd: dir, env: ENV });
  cli(dir, ['plan']);
  return dir;
}

/** The run itself, from its summary: first event to last, without CLI start and plan compiles. */
function runMs(cwd: string): number {
  const runs = readdirSync(join(cwd, '.agent/runs'))
    .filter((n) => /^\d{8}T/.test(n))
    .sort();
  const summary = JSON.parse(readFileSync(join(cwd, '.agent/runs', runs[runs.length - 1], 'summary.json'), 'utf8')) as {
    started: string;
    finished: string;
    exit_code: number;
  };
  if (summary.exit_code !== 0) throw new Error(`apply in ${cwd} exited ${summary.exit_code}`);
  return Date.parse(summary.finished) - Date.parse(summary.started);
}

function cli(cwd: string, args: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: ENV, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`waveplan ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchApply(rounds = 3): Promise<void> {
  console.log(`apply on fixtures/demo (9 items to run, max_parallel 3, 3 waves): waves vs --schedule dynamic, median of ${rounds} fresh copies`);
  console.log('  run = first to last event of the run (summary.json); wall = the whole `waveplan apply` process');
  const workloads = [
    ['fake agent (200-400 ms, random)', undefined],
    ['estimate x 0.4 s (exact)', EXACT],
    ['estimate x 0.4 s x 0.5..1.5', JITTER],
  ] as const;
  for (const [label, command] of workloads) {
    const run: Record<string, number[]> = { waves: [], dynamic: [] };
    const wall: Record<string, number[]> = { waves: [], dynamic: [] };
    for (let i = 0; i < rounds; i++) {
      for (const schedule of ['waves', 'dynamic']) {
        const dir = demoRepo(command);
        wall[schedule].push(cli(dir, ['apply', '--yes', '--schedule', schedule]).ms);
        run[schedule].push(runMs(dir));
      }
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const [w, d] = [median(run.waves), median(run.dynamic)];
    console.log(
      `  ${label.padEnd(34)} run: waves ${s(w)}, dynamic ${s(d)} (${(((w - d) / w) * 100).toFixed(0)}% less)   wall: waves ${s(median(wall.waves))}, dynamic ${s(median(wall.dynamic))}`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchApply(Number(process.argv[2] ?? 3));
