import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import { RUNS_DIR } from './event-log.js';
import { LAUNCH_FILE, OUTPUT_FILE } from './read-runs.js';

export interface DetachSpec {
  root: string;
  /** The run id the child must use, so the caller can print it before the child writes anything. */
  run: string;
  /** node + script + arguments of the child (the CLI's `apply … --run-id RUN`). */
  command: string[];
  env: Record<string, string | undefined>;
  now?: Date;
}

export interface Detached {
  run: string;
  pid: number;
  /** Repo-relative run folder. */
  dir: string;
  /** Resolves with the child's exit code if it exits while this process still waits. */
  exited: Promise<number | null>;
}

/**
 * Start a run that outlives this process and its terminal: its own session and process
 * group (`detached`, so no SIGHUP when the terminal closes, and no ^C from it), stdout and
 * stderr appended to the run folder's output.log, not waited for. `launch.json` records the
 * child's pid at once, so `status` can tell "starting" from "died before it started".
 */
export function startDetached(spec: DetachSpec): Detached {
  const dir = `${RUNS_DIR}/${spec.run}`;
  mkdirSync(join(spec.root, dir), { recursive: true });
  writeFileSync(join(spec.root, RUNS_DIR, '.gitignore'), '*\n');
  const out = openSync(join(spec.root, dir, OUTPUT_FILE), 'a');
  try {
    const [exe, ...args] = spec.command as [string, ...string[]];
    const child = spawn(exe, args, { cwd: spec.root, env: spec.env, detached: true, stdio: ['ignore', out, out] });
    if (child.pid === undefined) throw new Error(`could not start ${exe}`);
    child.unref();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const launch = { pid: child.pid, host: hostname(), time: (spec.now ?? new Date()).toISOString(), command: spec.command.slice(1) };
    const path = join(spec.root, dir, LAUNCH_FILE);
    writeFileAtomicSync(path, `${JSON.stringify(launch)}\n`); // a reader sees all of it or none
    return { run: spec.run, pid: child.pid, dir, exited };
  } finally {
    closeSync(out);
  }
}
