import { join } from 'node:path';
import { changedBetween, footprintExcess, unionOf, workTreeState, type PredictedWrites } from '../land/index.js';
import { compareStrings } from '../order.js';
import { RUNS_DIR, type EventLog } from './event-log.js';

/**
 * One wave's finding: files changed while it ran that no item of it predicted. No `wave`: the whole
 * run, audited as one span under `--schedule dynamic`, which has no waves (RUN_SPAN).
 */
export interface WaveFinding {
  wave?: number;
  exceeded: string[];
}

/** The span key of a `--schedule dynamic` run without isolation: its items all together, from the first start to the last end. */
export const RUN_SPAN = 0;

/**
 * The footprint audit without isolation (docs/apply.md, "Footprint audit"): items share the
 * main work tree, so what each changed cannot be told apart; the work tree is recorded when a
 * wave starts and when its last item ends, and the difference is audited against the union
 * of the wave's write sets. A wave with an unknown footprint is not audited. A wave of one
 * item (an unknown footprint always is one) is that item's real write set, recorded in
 * `writes` so that later plans learn from it (docs/inference.md, "learning from past work").
 */
export class WaveAudit {
  private readonly before = new Map<number, Promise<string | undefined>>();
  private readonly left = new Map<number, number>();
  private readonly sets = new Map<number, PredictedWrites>();
  private readonly alone = new Map<number, string>();
  readonly findings: WaveFinding[] = [];
  /** The real write set of each item that ran alone in its wave (waveplan's own files left out). */
  readonly writes = new Map<string, string[]>();

  constructor(
    private readonly root: string,
    private readonly log: EventLog,
    private readonly predicted: Map<string, PredictedWrites>,
    private readonly ownFile: (path: string) => boolean,
    private readonly env: Record<string, string | undefined>,
    /** What the audit never counts besides own files (unauditedFiles: change notes). */
    private readonly unaudited: (path: string) => boolean = ownFile,
  ) {}

  /**
   * A wave is about to start. Resolves once the work tree is recorded: the wave's items must
   * not start before, or a fast item's change would be part of the "before" state and go unseen.
   */
  async start(wave: number, ids: readonly string[]): Promise<void> {
    this.left.set(wave, ids.length);
    const sets = ids.map((id) => this.predicted.get(id));
    if (ids.length === 1) this.alone.set(wave, ids[0]);
    if (sets.every((s) => s !== undefined)) this.sets.set(wave, unionOf(sets));
    else if (ids.length !== 1) return;
    const before = this.state(wave, 'before').catch(() => undefined);
    this.before.set(wave, before);
    await before;
  }

  /** An item of the wave ended (any outcome); the last one audits the wave. */
  async itemDone(wave: number): Promise<void> {
    const left = (this.left.get(wave) ?? 1) - 1;
    this.left.set(wave, left);
    const before = await this.before.get(wave);
    if (left > 0 || !before) return;
    const after = await this.state(wave, 'after').catch(() => undefined);
    if (!after) return;
    const repo = { cwd: this.root, env: this.env };
    const changed = await changedBetween(repo, before, after);
    const alone = this.alone.get(wave);
    if (alone !== undefined) this.writes.set(alone, changed.filter((path) => !this.ownFile(path)).sort(compareStrings));
    const sets = this.sets.get(wave);
    if (!sets) return;
    const exceeded = footprintExcess(changed, sets, this.unaudited);
    if (exceeded.length === 0) return;
    const span = wave === RUN_SPAN ? 'the run' : `wave ${wave}`;
    this.findings.push({ ...(wave === RUN_SPAN ? {} : { wave }), exceeded });
    this.log.emit({
      type: 'footprint_exceeded',
      ...(wave === RUN_SPAN ? {} : { wave }),
      paths: exceeded,
      reason: `${span} changed ${exceeded.length} file${exceeded.length === 1 ? '' : 's'} outside the union of its items' predicted write sets`,
    });
  }

  private state(wave: number, when: string): Promise<string> {
    return workTreeState({ cwd: this.root, env: this.env }, join(this.root, RUNS_DIR, this.log.run, `.index-wave-${wave}-${when}`));
  }
}
