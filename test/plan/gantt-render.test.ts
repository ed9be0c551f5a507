import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { PlanReport } from '../../src/plan/compile-report.js';
import { formatGantt, GANTT_ITEM_BARS } from '../../src/plan/format-gantt.js';
import { openMermaid, type Bar } from '../helpers/render-mermaid.js';

/** A report with waves of the given item estimates (ids numbered from 001 in wave order). */
function reportOf(waves: number[][]): PlanReport {
  let n = 0;
  const id = () => String(++n).padStart(3, '0');
  const shaped = waves.map((estimates, w) => ({
    index: w + 1,
    estimate: Math.max(...estimates),
    items: estimates.map((estimate) => ({ id: id(), title: `Item: with #odd; chars ${n}`, status: 'pending', priority: 'p2', estimate, waits_for: [] })),
  }));
  return {
    version: 1,
    plan_file: '.agent/plan.yaml',
    fingerprint: 'sha256:x',
    settings: { max_parallel: 5, level: 'L2' },
    waves: shaped,
    held: [],
    conflicts: [],
    unknown_footprint: [],
    completed: [],
    critical_path: { items: [], length: 0 },
    stats: { items: n, scheduled: n, waves: waves.length, makespan: shaped.reduce((s, w) => s + w.estimate, 0), lower_bound: 1, parallelism: 1 },
  };
}

/** Wave start of each wave, in estimate units: the waves run back to back. */
function waveStarts(report: PlanReport): number[] {
  const starts: number[] = [];
  let t = 0;
  for (const w of report.waves) {
    starts.push(t);
    t += w.estimate;
  }
  return starts;
}

/** The chart's left edge and pixels per estimate unit, from the first bar (starts at 0) and the last one (starts at `lastStart`). */
function axis(bars: Bar[], firstId: string, lastId: string, lastStart: number): { x0: number; scale: number } {
  const first = bars.find((b) => b.id === firstId);
  const last = bars.find((b) => b.id === lastId);
  assert.ok(first && last, `bars ${firstId} and ${lastId} rendered`);
  return { x0: first.x, scale: (last.x - first.x) / lastStart };
}

const render = suite('the gantt, rendered by Mermaid in Chromium');
let mermaid: Awaited<ReturnType<typeof openMermaid>>;
render.before(async () => {
  mermaid = await openMermaid();
});
render.after(async () => {
  await mermaid?.close();
});

render('each item bar starts where its wave starts and is as long as its estimate', async () => {
  const report = reportOf([[1, 2], [3], [1, 1, 0.5], [2]]);
  const { bars } = await mermaid.renderBars(formatGantt(report).join('\n'));
  assert.is(bars.length, 7);
  const starts = waveStarts(report);
  const { x0, scale } = axis(bars, 'i001', 'i007', starts[3]!);
  for (const wave of report.waves) {
    for (const item of wave.items) {
      const bar = bars.find((b) => b.id === `i${item.id}`)!;
      assert.ok(
        Math.abs(bar.x - (x0 + starts[wave.index - 1]! * scale)) <= 2,
        `${item.id} (wave ${wave.index}) starts at ${bar.x}, expected ${x0 + starts[wave.index - 1]! * scale}`,
      );
      assert.ok(Math.abs(bar.width - item.estimate * scale) <= 2, `${item.id} is ${bar.width} wide, expected ${item.estimate * scale}`);
    }
  }
  // The last wave ends right of every other bar: the chart is not drawn from zero.
  assert.ok(bars.find((b) => b.id === 'i007')!.x > bars.find((b) => b.id === 'i003')!.x + 2 * scale);
});

render('above the item limit, one bar per wave, labelled with its item count, back to back', async () => {
  const waves = Array.from({ length: 25 }, (_, w) => Array.from({ length: 4 + (w % 2) }, () => 1 + (w % 3)));
  const report = reportOf(waves);
  assert.ok(report.stats.scheduled > GANTT_ITEM_BARS);
  const { bars } = await mermaid.renderBars(formatGantt(report).join('\n'));
  assert.is(bars.length, 25);
  const starts = waveStarts(report);
  const { x0, scale } = axis(bars, 'w1', 'w25', starts[24]!);
  for (const wave of report.waves) {
    const bar = bars.find((b) => b.id === `w${wave.index}`)!;
    assert.ok(Math.abs(bar.x - (x0 + starts[wave.index - 1]! * scale)) <= 2, `wave ${wave.index} starts at ${bar.x}`);
    assert.ok(Math.abs(bar.width - wave.estimate * scale) <= 2, `wave ${wave.index} width ${bar.width}`);
    assert.is(bar.label.trim(), `Wave ${wave.index} (${wave.items.length} items)`);
  }
});

render('the old seconds axis (dateFormat X) draws every bar from zero: what the check catches', async () => {
  const { bars } = await mermaid.renderBars(
    ['gantt', '  dateFormat X', '  axisFormat %s', '  section Wave 1', '    a :i1, 0, 1', '  section Wave 2', '    b :i2, 1, 2'].join('\n'),
  );
  assert.is(bars.length, 2);
  // Wave 2's bar should start one bar-1 width to the right; it starts at (about) zero instead.
  assert.ok(Math.abs(bars[1]!.x - bars[0]!.x) <= 2, `b starts at ${bars[1]!.x}, a at ${bars[0]!.x}`);
});

render.run();
