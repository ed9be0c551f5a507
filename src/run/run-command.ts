import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

export interface CommandRun {
  /** Process id, which is also the process group id (the command is a group leader). */
  pid: number | undefined;
  /** Resolves when the command has exited and its output is flushed. */
  done: Promise<CommandResult>;
  /** Signal the command's whole process group (the shell and everything it started). */
  kill(signal: NodeJS.Signals): void;
}

export interface CommandResult {
  /** null when ended by a signal; 127-style codes come from the shell. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  /** The last ~64 KiB of output, for the failure note. */
  tail: string;
  /** Set when the command could not be started at all. */
  error?: string;
}

export interface CommandSpec {
  command: string;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Where stdout and stderr go (the item's log file). */
  output: Writable;
}

const TAIL_BYTES = 64 * 1024;
/** How long output may keep coming after the command's shell exited. */
const OUTPUT_GRACE_MS = 1000;

/**
 * Run `command` through the shell in its own process group, so an interrupt reaches
 * everything it started (`npm run x` → node → …) and not just the shell.
 */
export function runCommand(spec: CommandSpec): CommandRun {
  const started = Date.now();
  const child = spawn(spec.command, { shell: true, cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let closed = false;
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    spec.output.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const done = new Promise<CommandResult>((resolve) => {
    let spawnError: string | undefined;
    child.on('error', (error) => {
      spawnError = error.message;
    });
    const finish = (code: number | null, signal: NodeJS.Signals | null, heldOutput = false) => {
      if (closed) return;
      closed = true;
      // Whatever the command left running in its process group is stopped once it has ended:
      // a process writing on (into an isolated worktree that collect has read and the pool hands
      // to the next item, or into the shared tree) would change files nobody is running any more.
      const lingered = stopGroup(child.pid);
      if (heldOutput)
        spec.output.write(`\nwaveplan: the command exited, but processes it started in the background still held its output; they were stopped\n`);
      else if (lingered) spec.output.write(`\nwaveplan: the command exited, leaving processes running in the background; they were stopped\n`);
      const result: CommandResult = { exitCode: code, signal, durationMs: Date.now() - started, tail, error: spawnError };
      spec.output.end(() => resolve(result));
    };
    child.on('close', (code, signal) => finish(code, signal));
    // The command is over when its shell exits. A background process it left holding the output
    // would keep the item "running" until it ends: after a short grace for the output to drain,
    // the item's process group is stopped and the pipes closed (docs/reliability.md).
    child.on('exit', (code, signal) => {
      setTimeout(() => {
        if (closed) return;
        stopGroup(child.pid);
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal, true);
      }, OUTPUT_GRACE_MS).unref();
    });
  });
  return {
    pid: child.pid,
    done,
    kill(signal) {
      if (child.pid === undefined || closed) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    },
  };
}

/** SIGKILL to the process group `pid` leads; true when something of it was still there. */
function stopGroup(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch {
    return false; // the group is gone
  }
}
