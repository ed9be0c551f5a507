import { readiness, type Outcome, type RunGraph } from './run-graph.js';

export type GateAnswer = { go: true } | { go: false; outcome: 'held' | 'not_started'; reason: string };

/**
 * `--schedule dynamic`: the plan's constraints without wave barriers. An item starts as
 * soon as its blockers completed, nothing it conflicts with is running and fewer than
 * `maxParallel` commands run. Among the items that could start, the longest remaining
 * estimate-weighted path wins, then plan order, so the choice is deterministic.
 *
 * An item whose command has ended but which is still being brought home (collected, waiting
 * for its turn to land, landed: docs/apply.md) gives its slot back (`commandEnded`): the landing
 * is serial and runs no command, so holding a slot through it only idles one. It still counts
 * as running for conflicts until `finish`, so nothing it conflicts with starts before it landed.
 */
export class DynamicGate {
  private readonly waiting = new Map<string, (answer: GateAnswer) => void>();
  private readonly running = new Set<string>();
  /** Running items whose command has ended: they hold no slot. */
  private readonly ended = new Set<string>();
  /** Items whose work is run again (a conflict at landing), waiting for a slot. */
  private readonly again = new Map<string, () => void>();
  private readonly started = new Set<string>();
  private stopReason: string | undefined;
  private pumpQueued = false;

  constructor(
    private readonly graph: RunGraph,
    private readonly maxParallel: number,
    /** Shared with the runner: it records how each item ended before calling `finish`. */
    private readonly outcomes: Map<string, Outcome>,
    /** Called when an item waits, with what it waits for (for the task title). */
    private readonly onWait: (id: string, on: string) => void = () => {},
  ) {}

  /** Resolves when `id` may start, or with why it never will. */
  wait(id: string): Promise<GateAnswer> {
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.schedulePump();
    });
  }

  finish(id: string): void {
    this.running.delete(id);
    this.ended.delete(id);
    this.schedulePump();
  }

  /** `id`'s command has ended: its slot is free, though it still counts for conflicts until `finish`. */
  commandEnded(id: string): void {
    if (!this.running.has(id)) return;
    this.ended.add(id);
    this.schedulePump();
  }

  /** `id` runs its command again (run.retry_on_conflict): resolves once it has a slot again. */
  commandAgain(id: string): Promise<void> {
    if (!this.ended.has(id)) return Promise.resolve();
    return new Promise((resolve) => {
      this.again.set(id, resolve);
      this.schedulePump();
    });
  }

  /** Items whose command runs (or is about to): what max_parallel counts. */
  private get busy(): number {
    return this.running.size - this.ended.size;
  }

  /** Start nothing more; everything still waiting resolves as not started. */
  stop(reason: string): void {
    this.stopReason ??= reason;
    this.schedulePump();
  }

  /** Ids running now (for tests and titles). */
  get active(): string[] {
    return [...this.running];
  }

  // Coalesced: tasks register in the same tick, and the first pump should see them all.
  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    // A re-run goes first: it already started once, and nothing may start beside what it conflicts with.
    for (const [id, resolve] of this.again) {
      if (this.busy >= this.maxParallel && !this.stopReason) break;
      this.again.delete(id);
      this.ended.delete(id);
      resolve();
    }
    for (let changed = true; changed;) {
      changed = false;
      for (const id of this.graph.priority) {
        const resolve = this.waiting.get(id);
        if (!resolve) continue;
        const answer = this.decide(id);
        if (!answer) continue;
        this.waiting.delete(id);
        if (answer.go) {
          this.running.add(id);
          this.started.add(id);
        } else {
          this.outcomes.set(id, answer.outcome);
          changed = true; // a hold can hold its dependents in turn
        }
        resolve(answer);
      }
    }
  }

  private decide(id: string): GateAnswer | undefined {
    if (this.stopReason) return { go: false, outcome: 'not_started', reason: `not started: ${this.stopReason}` };
    const ready = readiness(this.graph, id, this.outcomes);
    if (ready.kind === 'held') return { go: false, outcome: 'held', reason: ready.reason };
    if (ready.kind === 'wait') {
      this.onWait(id, `waiting for ${ready.on.join(', ')}`);
      return undefined;
    }
    const busy = [...this.running].filter((other) => this.graph.conflicts.get(id)?.has(other));
    if (busy.length > 0) {
      this.onWait(id, `waiting: conflicts with ${busy.join(', ')} (running)`);
      return undefined;
    }
    const reserved = this.reservedFor(id);
    if (this.busy + this.again.size + reserved >= this.maxParallel) {
      this.onWait(id, `waiting for a slot (max_parallel ${this.maxParallel}${reserved > 0 ? `, ${reserved} kept for earlier waves` : ''})`);
      return undefined;
    }
    return { go: true };
  }

  /**
   * Slots kept for items of earlier plan waves that have not started yet. Without this, a
   * free side item from a late wave grabs the slot an earlier-wave item needs a moment later
   * and pushes it (and the conflict chain behind it) back: greedy list scheduling's anomaly.
   * Items of the earliest unstarted wave never wait on it, so the run always progresses.
   */
  private reservedFor(id: string): number {
    const wave = this.graph.waveOf.get(id) ?? 0;
    let count = 0;
    for (const other of this.graph.order) {
      if ((this.graph.waveOf.get(other) ?? 0) >= wave) continue;
      if (!this.started.has(other) && !this.outcomes.has(other)) count += 1;
    }
    return count;
  }
}
