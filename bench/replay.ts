// `npm run bench -- replay [options]` (or `npx tsx bench/replay.ts [options]` after `npm run build`):
// replay a public repository's real history through `apply` with `run.isolation: worktree`
// (docs/benchmarks.md, "Replay"). Options:
//   --repo DIR          a git dir to clone (a mirror, /work/.mirror/<owner>+<name>/repo), default hono's
//   --commits N         its last N first-parent commits (default 30)
//   --rules a,b         conflict rules to replay under: direct (the default config), transitive, files
//                       (shared files only), symbols (symbol-level writes, direct reads); default direct
//   --max-parallel N    default 5
//   --ms-per-line N     each command sleeps N ms per changed line (default 100), clamped to
//   --min-ms/--max-ms   [1000, 15000]
//   --overhead          also replay at max_parallel 1 with no sleep: apply's own time per item
//   --keep              keep each replay's checkout (its .agent/runs/ has the events) and print its path
// Each commit becomes one item: `files:` = the paths its first-parent diff changes (or its symbols),
// `estimate:` = its sleep in seconds, `run:` = sleep, then `git apply -3` of that diff, committed by
// odd items and left uncommitted by even ones (an empty commit's item changes nothing: "no changes"). Nothing else orders the items: the plan orders
// conflicting ones (the lower id first, docs/plan-file.md) and the landing settles the rest.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadOxcBinding } from '../src/analyze/fast-scan.js';
import { commitSymbolEntries } from './commit-symbols.js';

const RULES = ['direct', 'transitive', 'files', 'symbols'] as const;
type Rule = (typeof RULES)[number];

interface Options {
  repo: string;
  commits: number;
  rules: Rule[];
  maxParallel: number;
  msPerLine: number;
  minMs: number;
  maxMs: number;
  overhead: boolean;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    repo: '/work/.mirror/honojs+hono/repo',
    commits: 30,
    rules: ['direct'],
    maxParallel: 5,
    msPerLine: 100,
    minMs: 1000,
    maxMs: 15000,
    overhead: false,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    const flag = argv[i];
    if (flag === '--repo') o.repo = resolve(value());
    else if (flag === '--commits') o.commits = Number(value());
    else if (flag === '--rules') {
      o.rules = value().split(',') as Rule[];
      const bad = o.rules.filter((r) => !RULES.includes(r));
      if (bad.length > 0) throw new Error(`unknown rule ${bad.join(', ')}: expected some of ${RULES.join(', ')}`);
    } else if (flag === '--max-parallel') o.maxParallel = Number(value());
    else if (flag === '--ms-per-line') o.msPerLine = Number(value());
    else if (flag === '--min-ms') o.minMs = Number(value());
    else if (flag === '--max-ms') o.maxMs = Number(value());
    else if (flag === '--overhead') o.overhead = true;
    else if (flag === '--keep') o.keep = true;
    else throw new Error(`unknown option ${flag}: see the top of bench/replay.ts`);
  }
  return o;
}

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

interface Commit {
  sha: string;
  files: string[];
  symbols: string[];
  lines: number;
}

/** The last N first-parent commits, oldest first; each one's change is its diff against its first parent. */
async function readHistory(repo: string, count: number, symbols: boolean): Promise<Commit[]> {
  const oxc = symbols ? (await loadOxcBinding())! : undefined;
  const shas = git(repo, 'rev-list', '--first-parent', `--max-count=${count}`, 'HEAD').trim().split('\n').reverse();
  return shas.map((sha) => {
    const files = git(repo, 'diff', '--name-only', '--no-renames', `${sha}^1`, sha).trim().split('\n').filter(Boolean);
    const lines = git(repo, 'diff', '--numstat', '--no-renames', `${sha}^1`, sha)
      .split('\n')
      .reduce((s, l) => s + (Number(l.split('\t')[0]) || 0) + (Number(l.split('\t')[1]) || 0), 0);
    // Parsing every changed file's two versions is the slow part: only for the symbols rule.
    return { sha, files, symbols: oxc ? commitSymbolEntries(oxc, repo, `${sha}^1`, sha) : files, lines };
  });
}

const analysisOf: Record<Rule, string> = {
  direct: 'analysis:\n  reads: direct\n',
  transitive: 'analysis:\n  reads: transitive\n',
  files: 'analysis:\n  import_graph: false\n',
  symbols: 'analysis:\n  reads: direct\n',
};

function setUp(o: Options, history: Commit[], rule: Rule, maxParallel: number, sleepMs: (c: Commit) => number): string {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  git(tmpdir(), 'clone', '-q', '--no-checkout', o.repo, dir);
  git(dir, 'checkout', '-q', '-B', 'main', `${history[0].sha}^1`);
  git(dir, 'config', 'user.name', 'b');
  git(dir, 'config', 'user.email', 'b@b');
  mkdirSync(join(dir, '.agent/queue'), { recursive: true });
  mkdirSync(join(dir, '.agent/patches'), { recursive: true });
  history.forEach((c, n) => {
    const id = String(n + 1).padStart(3, '0');
    writeFileSync(join(dir, `.agent/patches/${id}.diff`), git(dir, 'diff', '--binary', '--no-renames', `${c.sha}^1`, c.sha));
    const seconds = sleepMs(c) / 1000;
    const mode = n % 2 === 0 ? ' && git add -A && (git diff --cached --quiet || git commit -qm replay)' : '';
    const run = `sleep ${seconds.toFixed(2)} && git apply -3 --index --allow-empty .agent/patches/${id}.diff${mode}`;
    const files = rule === 'symbols' ? c.symbols : c.files;
    writeFileSync(
      join(dir, `.agent/queue/${id}-pending-replay-${id}.md`),
      `---\nfiles: [${files.map((f) => JSON.stringify(f)).join(', ')}]\nestimate: ${Math.max(0.01, seconds).toFixed(2)}\nrun: ${JSON.stringify(run)}\n---\n# Replay ${c.sha.slice(0, 8)}\n`,
    );
  });
  writeFileSync(join(dir, 'parallel.config.yaml'), `autonomy:\n  level: L3\n  max_parallel: ${maxParallel}\n${analysisOf[rule]}run:\n  isolation: worktree\n`);
  execFileSync(process.execPath, [cli, 'plan'], { cwd: dir, env, stdio: 'ignore' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'queue');
  return dir;
}

interface Replayed {
  rule: Rule;
  items: number;
  landed: number;
  /** Items whose commit changes nothing (an empty commit): completed with no changes, nothing to land. */
  unchanged: number;
  equal: boolean;
  differing: string[];
  waves: number;
  conflicts: number;
  chain: number;
  wall: number;
  cpu: number;
  commands: number;
  /** Per item, ms from its command's end to its completion (collect, waiting to land, land, record): median. */
  after: number;
}

interface Edge {
  item: string;
  on: string;
}

/** The estimate-weighted longest path through the plan's orderings (blockers and lower-id-first). */
function longestChain(items: Array<{ id: string; estimate: number }>, edges: Edge[]): number {
  const estimate = new Map(items.map((i) => [i.id, i.estimate]));
  const before = new Map<string, string[]>();
  for (const e of edges) before.set(e.item, [...(before.get(e.item) ?? []), e.on]);
  const memo = new Map<string, number>();
  const finish = (id: string): number => {
    if (!memo.has(id)) memo.set(id, (estimate.get(id) ?? 0) + Math.max(0, ...(before.get(id) ?? []).map(finish)));
    return memo.get(id)!;
  };
  return Math.max(0, ...items.map((i) => finish(i.id)));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function replay(o: Options, history: Commit[], rule: Rule, maxParallel: number, sleepMs: (c: Commit) => number): Replayed {
  const dir = setUp(o, history, rule, maxParallel, sleepMs);
  const plan = parse(readFileSync(join(dir, '.agent/plan.yaml'), 'utf8')) as {
    stats: { waves: number };
    items: Array<{ id: string; estimate: number; pinned_by?: unknown[]; conflicts_with?: string }>;
    edges: { blocked_by: Edge[]; after?: Edge[] };
  };
  const timing = join(dir, '.agent/time.txt');
  const start = performance.now();
  try {
    execFileSync('/usr/bin/time', ['-f', '%U %S', '-o', timing, process.execPath, cli, 'apply', '--yes', '--schedule', 'dynamic'], {
      cwd: dir,
      env,
      stdio: 'ignore',
    });
  } catch {
    /* exit 3: some did not land; counted below */
  }
  const wall = performance.now() - start;
  const [user, sys] = readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const runs = readdirSync(join(dir, '.agent/runs')).filter((n) => !n.startsWith('.'));
  const run = join(dir, '.agent/runs', runs[0]);
  const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as {
    items: Array<{ landed?: string; duration_ms?: number; outcome?: string; reason?: string }>;
  };
  const events = readFileSync(join(run, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; item?: string; time: string; duration_ms?: number });
  const started = new Map<string, number>();
  const after: number[] = [];
  for (const e of events) {
    if (e.type === 'item_started') started.set(e.item!, Date.parse(e.time));
    if (e.type === 'item_completed' && started.has(e.item!)) after.push(Date.parse(e.time) - started.get(e.item!)! - (e.duration_ms ?? 0));
  }
  const last = history[history.length - 1].sha;
  const own = (p: string) => p.startsWith('.agent/') || p === 'parallel.config.yaml';
  const differing = git(dir, 'diff', '--name-only', '--no-renames', last, 'main')
    .split('\n')
    .filter((p) => p && !own(p));
  const result: Replayed = {
    rule,
    items: summary.items.length,
    landed: summary.items.filter((i) => i.landed).length,
    unchanged: summary.items.filter((i) => !i.landed && i.outcome === 'completed' && i.reason === 'no changes').length,
    equal: differing.length === 0,
    differing,
    waves: plan.stats.waves,
    conflicts: plan.items.reduce((n, i) => n + (i.pinned_by?.length ?? 0) + (i.conflicts_with?.split(' ').filter(Boolean).length ?? 0), 0),
    chain: longestChain(plan.items, [...plan.edges.blocked_by, ...(plan.edges.after ?? [])]) * 1000,
    wall,
    cpu: (user + sys) * 1000,
    commands: summary.items.reduce((s, i) => s + (i.duration_ms ?? 0), 0),
    after: median(after),
  };
  if (o.keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  return result;
}

export async function runReplayBench(argv: string[]): Promise<void> {
  const o = parseOptions(argv);
  const history = await readHistory(o.repo, o.commits, o.rules.includes('symbols'));
  const sleepMs = (c: Commit) => Math.min(o.maxMs, Math.max(o.minMs, c.lines * o.msPerLine));
  const total = history.reduce((s, c) => s + sleepMs(c), 0);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `replay ${o.repo}: ${history.length} first-parent commits ${history[0].sha.slice(0, 8)}..${history[history.length - 1].sha.slice(0, 8)}, ` +
      `${history.reduce((n, c) => n + c.lines, 0)} changed lines; commands sleep ${o.msPerLine} ms/line in [${o.minMs}, ${o.maxMs}] ms, Σ ${s(total)}; ` +
      `max_parallel ${o.maxParallel}, --schedule dynamic; load average ${loadavg()[0].toFixed(1)}`,
  );
  console.log(
    '| rule | conflicting pairs | waves | plan bound | landed | tree = history | wall | Σ commands | speedup | CPU (user+sys) | command end → completed, median |',
  );
  console.log('| --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const rule of o.rules) {
    const r = replay(o, history, rule, o.maxParallel, sleepMs);
    // What the plan allows at best: the estimate-weighted chain of ordered items, or the capacity.
    const bound = total / Math.max(r.chain, total / o.maxParallel);
    console.log(
      `| ${r.rule} | ${r.conflicts} | ${r.waves} | ${bound.toFixed(2)} | ${r.landed}/${r.items}${r.unchanged > 0 ? ` (+${r.unchanged} no changes)` : ''} | ${r.equal ? 'yes' : `no (${r.differing.slice(0, 5).join(', ')})`} | ${s(r.wall)} | ${s(r.commands)} | ${(r.commands / r.wall).toFixed(2)} | ${s(r.cpu)} | ${r.after.toFixed(0)} ms |`,
    );
  }
  if (o.overhead) {
    const rule = o.rules[0];
    const r = replay(o, history, rule, 1, () => 0);
    console.log(
      `overhead (${rule}, max_parallel 1, no sleep): ${r.landed}/${r.items} landed, tree = history: ${r.equal ? 'yes' : 'no'}; ` +
        `wall ${s(r.wall)} = ${(r.wall / r.items).toFixed(0)} ms per item, of which beyond the commands ${((r.wall - r.commands) / r.items).toFixed(0)} ms; ` +
        `CPU ${s(r.cpu)} = ${(r.cpu / r.items).toFixed(0)} ms per item ` +
        `(apply's whole process tree, including its plan check and start; the commands' own git apply too)`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runReplayBench(process.argv.slice(2));
