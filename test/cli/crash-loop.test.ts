import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { applyRepo, exited, queueNames, SILENT, startCli } from '../helpers/apply-repo.js';
import { runCli } from '../helpers/cli.js';
import { git, tempDir } from '../helpers/git-repo.js';
import { readTrace } from '../helpers/trace.js';

/*
 * docs/reliability.md, "No crash wedges the queue": 30 `kill -9`s at random moments (some right
 * after the previous one, while the next apply starts or resumes), then one apply to the end.
 * Every item ends completed, none runs again once completed, only planned commands run, no
 * marker or temp file is left, and no process started in the repository outlives the run.
 */

const KILLS = Number(process.env.CRASH_KILLS ?? 30);
const IDS = ['001', '002', '003', '004', '005', '006', '007', '008'];
const L3 = 'autonomy:\n  level: L3\n  max_parallel: 3\n  continue_on_error: true\nanalysis:\n  import_graph: false\n';

/** A small seeded PRNG (mulberry32): the same kill times on every run of the test. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Processes whose working folder is inside `dir` (the items' commands run there). */
function processesIn(dir: string): string[] {
  const real = realpathSync(dir);
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
    .flatMap((pid) => {
      try {
        const cwd = readlinkSync(`/proc/${pid}/cwd`);
        return cwd === real || cwd.startsWith(`${real}/`) ? [pid] : [];
      } catch {
        return [];
      }
    });
}

/** Every path under .agent that a crash could leave half-done: move markers, temp files, moved-aside locks. */
function leftovers(dir: string, rel = '.agent'): string[] {
  return readdirSync(join(dir, rel)).flatMap((name) => {
    const path = `${rel}/${name}`;
    if (statSync(join(dir, path)).isDirectory()) return leftovers(dir, path);
    return /^\.waveplan-move~|\.tmp$|\.stale\.|^apply\.lock$/.test(name) ? [path] : [];
  });
}

const crash = suite('crash loop');

crash(`${KILLS} random kill -9s, then one apply: the queue completes, nothing completed runs again, nothing is left behind`, async () => {
  const dir = await applyRepo(
    IDS.map((id, i) => ({ id, seconds: 0.1 + (i % 3) * 0.05, blockedBy: i >= 6 ? [IDS[i - 6]!] : undefined })),
    L3,
  );
  const next = random(25);
  const checkpoints: Array<{ traceLength: number; completed: string[] }> = [];
  let twice = 0;
  for (let k = 0; k < KILLS; k++) {
    const apply = startCli(dir, ['apply'], { ...SILENT, WAVEPLAN_KILL_GRACE_MS: '200' });
    // Most kills land anywhere in a run; about one in three right away (while it starts or resumes).
    const soon = next() < 0.35;
    if (soon) twice++;
    const delay = soon ? next() * 250 : 150 + next() * 1500;
    const ended = await Promise.race([exited(apply).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), delay))]);
    if (!ended) apply.kill('SIGKILL');
    await exited(apply);
    checkpoints.push({
      traceLength: readTrace(dir).length,
      completed: queueNames(dir)
        .filter((n) => n.includes('-completed-'))
        .map((n) => n.slice(0, 3)),
    });
  }
  const last = runCli(dir, ['apply'], SILENT);
  assert.ok(last.code === 0, `the last apply: ${last.code}\n${last.stdout}\n${last.stderr}`);
  assert.equal(
    queueNames(dir),
    IDS.map((id) => `${id}-completed-item-${id}.md`),
  );
  const trace = readTrace(dir);
  assert.ok(
    trace.every((e) => IDS.includes(e.id)),
    'a command that is not in the plan ran',
  );
  for (const { traceLength, completed } of checkpoints) {
    const again = trace.slice(traceLength).filter((e) => e.kind === 'start' && completed.includes(e.id));
    assert.equal(again, [], `completed before a kill, started again after it: ${again.map((e) => e.id).join(', ')}`);
  }
  assert.equal(leftovers(dir), []);
  assert.equal(processesIn(dir), [], 'a process started in the repository outlived the run');
  assert.ok(twice > 0, 'no kill came right after another');
  // The plan is in step afterwards, unless the last apply said which queue changes it could not
  // attribute to a run's own event log and left the plan for review (the conservative refusal,
  // docs/reliability.md). Seen about once in four loaded runs: a kill between a status move and its
  // record; the next session narrows it (see the closing note).
  const check = runCli(dir, ['plan', '--check']);
  if (check.code !== 0) {
    assert.match(
      last.stderr + last.stdout,
      'was not updated: these changes were not made by this run',
      `plan --check: ${check.code}\n${check.stdout}\n${check.stderr}`,
    );
  }
});

const LANDING = 'autonomy:\n  level: L3\n  max_parallel: 3\n  continue_on_error: true\nanalysis:\n  import_graph: false\nrun:\n  isolation: worktree\n';

crash(`${Math.round(KILLS * 0.7)} random kill -9s while items run in worktrees and land: each item lands exactly once, nothing is left behind`, async () => {
  // The trace lives outside the repository: in a worktree, a file the command writes is its work.
  const trace = join(tempDir('waveplan-crash-trace-'), 'trace.log');
  const items = IDS.map((id, i) => ({
    id,
    blockedBy: i >= 6 ? [IDS[i - 6]!] : undefined,
    // Half commit their work, half leave it for apply to collect; each writes its own file.
    run:
      `sh -c 'echo "start $WAVEPLAN_ITEM_ID" >> ${trace} && sleep 0.1 && mkdir -p src && echo "export const v${id} = ${i};" > src/${id}.ts` +
      (i % 2 === 0 ? ` && git add src/${id}.ts && git commit -qm "work $WAVEPLAN_ITEM_ID"` : '') +
      ` && echo "end $WAVEPLAN_ITEM_ID" >> ${trace}'`,
  }));
  const dir = await applyRepo(items, LANDING);
  const next = random(7);
  const env = { ...SILENT, WAVEPLAN_KILL_GRACE_MS: '200', GIT_CONFIG_GLOBAL: '/dev/null' };
  const STEPS = ['merged', 'journaled', 'ref_moved', 'synced'];
  let inLanding = 0;
  for (let k = 0; k < Math.round(KILLS * 0.7); k++) {
    // Every other round dies at a landing step (WAVEPLAN_CRASH_AT: apply kills itself with SIGKILL
    // there); the others at a random moment, some right after the previous kill.
    // The first rounds all die at a landing, while items are left to land: on an idle machine one
    // random round can finish the whole queue, and the landing rounds after it have nothing to land.
    const at = k < 4 || k % 2 === 0 ? STEPS[Math.floor(next() * STEPS.length)]! : undefined;
    const apply = startCli(dir, ['apply'], at ? { ...env, WAVEPLAN_CRASH_AT: at } : env);
    const delay = at ? 60_000 : next() < 0.3 ? next() * 250 : 200 + next() * 2500;
    // One exit promise: a child that killed itself has fired 'exit' already when asked again.
    const exit = exited(apply);
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), delay)))]);
    clearTimeout(timer);
    if (!ended) apply.kill('SIGKILL');
    if ((await exit) === null && at) inLanding++;
  }
  const last = runCli(dir, ['apply'], { ...SILENT, GIT_CONFIG_GLOBAL: '/dev/null' });
  assert.ok(last.code === 0, `the last apply: ${last.code}\n${last.stdout}\n${last.stderr}`);
  assert.equal(
    queueNames(dir),
    IDS.map((id) => `${id}-completed-item-${id}.md`),
  );
  // Landed exactly once each: one first-parent commit on main per item carries its trailer.
  const landed = git(dir, 'log', '--first-parent', '--format=%(trailers:key=Item,valueonly)', 'main')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();
  assert.equal(landed, IDS);
  IDS.forEach((id, i) => assert.is(git(dir, 'show', `main:src/${id}.ts`), `export const v${id} = ${i};\n`));
  assert.equal(readFileSync(join(dir, 'src/001.ts'), 'utf8'), 'export const v001 = 0;\n', 'the main work tree is at the landed tip');
  assert.is(git(dir, 'worktree', 'list', '--porcelain').match(/^worktree /gm)?.length, 1, git(dir, 'worktree', 'list'));
  assert.is(git(dir, 'branch', '--list', 'waveplan/*').trim(), '');
  assert.not.ok(existsSync(join(git(dir, 'rev-parse', '--git-common-dir').trim(), 'waveplan-landing.json')), 'a landing journal was left');
  assert.equal(leftovers(dir), []);
  assert.equal(processesIn(dir), [], 'a process started in the repository outlived the run');
  const started = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('start ')).length;
  assert.ok(started >= IDS.length, `${started} starts`);
  assert.ok(inLanding >= 3, `only ${inLanding} kills came during a landing`);
});

crash.run();
