import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { evaluate, evaluateField, interpolate, truthy, type ExpressionContext, type Value } from './gh-expressions.js';
import { GIT_ENV, git, tempDir } from './git-repo.js';

const execFileAsync = promisify(execFile);

/*
 * A small interpreter of the workflows `waveplan export --to github-actions` writes, so tests
 * EXECUTE them: a local bare repository stands in for GitHub; each job (each matrix leg) runs
 * its steps in a fresh clone made at the ref its actions/checkout step asks for, at the moment
 * the step runs; jobs start when everything they need has finished, and independent jobs and
 * the legs of a matrix run at the same time (bounded by max-parallel), so their pushes race.
 * `${{ }}` expressions are evaluated (gh-expressions.ts). Only the subset the exporter writes
 * is accepted: anything else throws rather than being run wrongly. `gh workflow run` is a fake
 * on PATH that records the dispatch; the harness then starts that run, as GitHub would once
 * the concurrency group frees.
 */

type Result = 'success' | 'failure' | 'skipped';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  id?: string;
  name?: string;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  name?: string;
  needs?: string[] | string;
  if?: string;
  'runs-on': string;
  permissions?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; 'max-parallel'?: number; matrix?: Record<string, unknown> };
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: { workflow_dispatch?: { inputs?: Record<string, { default?: unknown }> } };
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

export interface LegRecord {
  job: string;
  name: string;
  matrix?: Value;
  result: Result;
  /** Combined stdout and stderr of its steps. */
  log: string;
  /** The commit its checkout got. */
  checkedOut?: string;
  permissions: Record<string, string>;
  startedAt: number;
  endedAt: number;
}

export interface RunRecord {
  inputs: Record<string, string>;
  jobs: Record<string, { result: Result; outputs: Record<string, string> }>;
  legs: LegRecord[];
  summary: string;
}

export interface RunWorkflowOptions {
  /** The bare repository that plays GitHub. */
  remote: string;
  /** The branch the run is dispatched on. */
  ref: string;
  inputs?: Record<string, string>;
  /** Extra environment for every step (PATH entries come first). */
  env?: Record<string, string>;
  /** Runs to follow through `gh workflow run` before giving up (a loop guard). */
  maxRuns?: number;
  /** The workflow's file in the repository (GITHUB_WORKFLOW_REF); default .github/workflows/waveplan.yml. */
  file?: string;
}

/** Dispatch the workflow and every run it dispatches in turn; the records in order. */
export async function runWorkflowChain(text: string, options: RunWorkflowOptions): Promise<RunRecord[]> {
  const runs: RunRecord[] = [];
  let inputs = options.inputs ?? {};
  for (;;) {
    const bin = tempDir('waveplan-gh-');
    const dispatches = join(bin, 'dispatches.jsonl');
    writeFileSync(
      join(bin, 'gh'),
      `#!/bin/sh\n[ "$1 $2" = "workflow run" ] || { echo "fake gh: only 'gh workflow run' is emulated" >&2; exit 2; }\nnode -e 'require("fs").appendFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)) + "\\n")' "${dispatches}" "$@"\n`,
    );
    chmodSync(join(bin, 'gh'), 0o755);
    runs.push(
      await runWorkflow(text, { ...options, inputs, env: { ...options.env, PATH: `${bin}:${options.env?.PATH ?? process.env.PATH}` } }, runs.length + 1),
    );
    if (!existsSync(dispatches)) return runs;
    const [args, ...more] = readFileSync(dispatches, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    if (more.length > 0) throw new Error('a run dispatched more than one run');
    if (runs.length >= (options.maxRuns ?? 10)) throw new Error(`more than ${options.maxRuns ?? 10} chained runs`);
    inputs = {};
    for (let i = 0; i < args.length; i++)
      if (args[i] === '-f') {
        const [k, ...v] = args[++i].split('=');
        inputs[k] = v.join('=');
      }
    // By its file, as GitHub knows it for sure: a name may be another workflow's too.
    const file = (options.file ?? '.github/workflows/waveplan.yml').split('/').pop();
    if (args[2] !== file) throw new Error(`dispatched workflow "${args[2]}", not the file ${file}`);
    const ref = args[args.indexOf('--ref') + 1];
    if (ref !== options.ref) throw new Error(`dispatched on ${ref}, not ${options.ref}`);
  }
}

/** One workflow run. */
export async function runWorkflow(text: string, options: RunWorkflowOptions, runNumber = 1): Promise<RunRecord> {
  const wf = parse(text) as Workflow;
  const defaults = Object.fromEntries(Object.entries(wf.on.workflow_dispatch?.inputs ?? {}).map(([k, v]) => [k, String(v.default ?? '')]));
  const inputs = { ...defaults, ...options.inputs };
  const sha = git(options.remote, 'rev-parse', `refs/heads/${options.ref}`).trim();
  const github: Value = {
    ref: `refs/heads/${options.ref}`,
    ref_name: options.ref,
    sha,
    repository: 'octo/demo',
    server_url: 'https://github.com',
    workflow: wf.name,
    token: 'fake-token',
    run_id: String(runNumber),
    event_name: 'workflow_dispatch',
    event: { inputs },
  };
  const record: RunRecord = { inputs, jobs: {}, legs: [], summary: '' };
  const baseCtx = { github, inputs } as Record<string, Value>;
  const workflowEnv = evaluateEnv(wf.env, { contexts: baseCtx, status: noStatus });
  const ids = Object.keys(wf.jobs);
  const needsOf = (id: string) => ([] as string[]).concat(wf.jobs[id].needs ?? []);
  const ancestors = (id: string): Set<string> => {
    const out = new Set<string>();
    const visit = (j: string) => needsOf(j).forEach((n) => (out.has(n) ? undefined : (out.add(n), visit(n))));
    visit(id);
    return out;
  };
  const running = new Map<string, Promise<void>>();
  const finished = new Set<string>();
  while (finished.size < ids.length) {
    for (const id of ids) {
      if (running.has(id) || finished.has(id)) continue;
      if (!needsOf(id).every((n) => finished.has(n))) continue;
      running.set(
        id,
        runJob(id).then(() => {
          running.delete(id);
          finished.add(id);
        }),
      );
    }
    if (running.size === 0) throw new Error(`jobs wait for each other: ${ids.filter((i) => !finished.has(i)).join(', ')}`);
    await Promise.race(running.values());
  }
  return record;

  async function runJob(id: string): Promise<void> {
    const job = wf.jobs[id];
    const needs: Record<string, Value> = {};
    for (const n of needsOf(id)) needs[n] = { result: record.jobs[n].result, outputs: record.jobs[n].outputs };
    const results = [...ancestors(id)].map((a) => record.jobs[a].result);
    const status = {
      success: () => needsOf(id).every((n) => record.jobs[n].result === 'success'),
      failure: () => results.includes('failure'),
      cancelled: () => false,
    };
    const ctx: ExpressionContext = { contexts: { ...baseCtx, needs }, status };
    const go = job.if === undefined ? status.success() : truthy(evaluateField(job.if, ctx));
    if (!go) {
      record.jobs[id] = { result: 'skipped', outputs: {} };
      return;
    }
    const legs = matrixLegs(job, ctx);
    const cap = job.strategy?.['max-parallel'] ?? Infinity;
    if (job.strategy && job.strategy['fail-fast'] !== false) throw new Error(`${id}: the harness runs fail-fast: false only`);
    const outcomes: Array<{ result: Result; outputs: Record<string, string> }> = [];
    let next = 0;
    const worker = async () => {
      while (next < legs.length) {
        const matrix = legs[next++];
        outcomes.push(await runLeg(id, job, matrix, { ...ctx.contexts, ...(matrix === undefined ? {} : { matrix }) }, status));
      }
    };
    await Promise.all(Array.from({ length: Math.min(cap, legs.length) }, worker));
    const result: Result = outcomes.every((o) => o.result === 'success') ? 'success' : 'failure';
    record.jobs[id] = { result, outputs: legs.length === 1 && legs[0] === undefined ? outcomes[0].outputs : {} };
  }

  /** A job's legs: one with no matrix, or one per value of its single matrix key; an empty matrix fails as on GitHub. */
  function matrixLegs(job: Job, ctx: ExpressionContext): Array<Value | undefined> {
    const matrix = job.strategy?.matrix;
    if (!matrix) return [undefined];
    const keys = Object.keys(matrix);
    if (keys.length !== 1) throw new Error('the harness supports a matrix of one key');
    const raw = matrix[keys[0]];
    const values = typeof raw === 'string' ? evaluateField(raw, ctx) : (raw as Value);
    if (!Array.isArray(values)) throw new Error(`matrix ${keys[0]} is not a list: ${JSON.stringify(values)}`);
    if (values.length === 0) throw new Error(`Matrix vector '${keys[0]}' does not contain any values (GitHub fails such a job)`);
    return values.map((v) => ({ [keys[0]]: v }));
  }

  async function runLeg(
    id: string,
    job: Job,
    matrix: Value | undefined,
    contexts: Record<string, Value>,
    status: ExpressionContext['status'],
  ): Promise<{ result: Result; outputs: Record<string, string> }> {
    const ctx: ExpressionContext = { contexts: { ...contexts, steps: {} }, status };
    const leg: LegRecord = {
      job: id,
      name: job.name ? interpolate(job.name, ctx) : id,
      matrix,
      result: 'success',
      log: '',
      permissions: { ...(wf.permissions ?? {}), ...(job.permissions ?? {}) },
      startedAt: Date.now(),
      endedAt: 0,
    };
    record.legs.push(leg);
    const workspace = tempDir('waveplan-runner-');
    const jobEnv = { ...workflowEnv, ...evaluateEnv(job.env, ctx) };
    const steps: Record<string, Value> = {};
    for (const step of job.steps) {
      ctx.contexts.steps = steps;
      if (step.if !== undefined) throw new Error('step-level if is not in the harness subset');
      const ok = step.uses
        ? await uses(step, ctx, workspace, leg)
        : await runStep(step, ctx, workspace, { ...jobEnv, ...evaluateEnv(step.env, ctx) }, leg, steps);
      if (!ok) {
        leg.result = 'failure';
        break;
      }
    }
    leg.endedAt = Date.now();
    ctx.contexts.steps = steps;
    const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, interpolate(v, ctx)]));
    return { result: leg.result, outputs };
  }

  async function uses(step: Step, ctx: ExpressionContext, workspace: string, leg: LegRecord): Promise<boolean> {
    const action = step.uses!;
    const args = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, typeof v === 'string' ? interpolate(v, ctx) : String(v)]));
    if (action === 'actions/checkout@v4') {
      const ref = args.ref || sha;
      const depth = args['fetch-depth'] === '0' ? [] : ['--depth', args['fetch-depth'] ?? '1'];
      // Without the automatic maintenance the tests' repositories also go without (test/helpers/git-repo.ts):
      // after each commit and fetch of a job, a `git maintenance run --auto` process that finds nothing to do.
      await gitAsync(workspace, [
        'clone',
        '--quiet',
        '-c',
        'maintenance.auto=false',
        '-c',
        'gc.auto=0',
        ...depth,
        '--branch',
        ref,
        `file://${options.remote}`,
        '.',
      ]);
      leg.checkedOut = (await gitAsync(workspace, ['rev-parse', 'HEAD'])).trim();
      return true;
    }
    if (action === 'actions/setup-node@v4') {
      const major = Number(process.versions.node.split('.')[0]);
      if (major < Number(args['node-version']))
        throw new Error(`the harness runs Node ${process.versions.node}, the workflow asks for ${args['node-version']}`);
      return true;
    }
    throw new Error(`action ${action} is not emulated by the harness`);
  }

  async function runStep(
    step: Step,
    ctx: ExpressionContext,
    workspace: string,
    env: Record<string, string>,
    leg: LegRecord,
    steps: Record<string, Value>,
  ): Promise<boolean> {
    if (step.run === undefined) throw new Error('a step with neither uses nor run');
    const dir = tempDir('waveplan-step-');
    const files = { output: join(dir, 'output'), summary: join(dir, 'summary'), script: join(dir, 'script.sh') };
    writeFileSync(files.output, '');
    writeFileSync(files.summary, '');
    writeFileSync(files.script, interpolate(step.run, ctx));
    const code = await new Promise<number>((resolve) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', files.script], {
        cwd: existsSync(workspace) ? workspace : dir,
        env: {
          ...GIT_ENV,
          ...env,
          ...options.env,
          CI: 'true',
          GITHUB_ACTIONS: 'true',
          GITHUB_OUTPUT: files.output,
          GITHUB_STEP_SUMMARY: files.summary,
          GITHUB_WORKSPACE: workspace,
          GITHUB_REPOSITORY: 'octo/demo',
          GITHUB_WORKFLOW_REF: `octo/demo/${options.file ?? '.github/workflows/waveplan.yml'}@refs/heads/${options.ref}`,
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_REF: `refs/heads/${options.ref}`,
          GITHUB_REF_NAME: options.ref,
          GITHUB_SHA: sha,
          GITHUB_RUN_ID: String(runNumber),
          RUNNER_TEMP: dir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (c: Buffer) => (leg.log += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (leg.log += c.toString('utf8')));
      child.on('close', (c) => resolve(c ?? 1));
    });
    record.summary += readFileSync(files.summary, 'utf8');
    if (step.id) steps[step.id] = { outputs: parseOutputs(readFileSync(files.output, 'utf8')), outcome: code === 0 ? 'success' : 'failure' };
    return code === 0;
  }
}

/** git without blocking the event loop, so other legs go on while one clones. */
async function gitAsync(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
  return stdout;
}

const noStatus = { success: () => true, failure: () => false, cancelled: () => false };

function evaluateEnv(env: Record<string, string> | undefined, ctx: ExpressionContext): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
}

/** $GITHUB_OUTPUT: `name=value` lines and `name<<DELIM` … `DELIM` blocks. */
export function parseOutputs(text: string): Record<string, Value> {
  const out: Record<string, Value> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=');
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1);
    }
  }
  return out;
}

/** A bare repository holding `source`'s branches: the stand-in for GitHub. */
export function bareRemote(source: string): string {
  const bare = join(tempDir('waveplan-remote-'), 'remote.git');
  mkdirSync(bare);
  git(bare, 'init', '--quiet', '--bare', '-b', 'main');
  // No `git gc --auto` process after every push it receives (the jobs' landings push often).
  appendFileSync(join(bare, 'config'), '[gc]\n\tauto = 0\n[receive]\n\tautogc = false\n[maintenance]\n\tauto = false\n');
  git(source, 'push', '--quiet', bare, '--all');
  return bare;
}

export { evaluate };
