import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compileReport } from '../../src/plan/compile-report.js';
import { formatReportMarkdown, MAX_REPORT_CHARS } from '../../src/plan/format-report-md.js';
import { parsePlanFile } from '../../src/plan/parse-plan.js';
import { serializePlan } from '../../src/plan/serialize-plan.js';
import { generateQueue, planOf, type GeneratedQueue } from '../helpers/generated-queue.js';

const SIZES = [30, 100, 500] as const;
const queues = new Map<number, GeneratedQueue>(SIZES.map((n) => [n, generateQueue(n)]));

/** The lines of `after` that differ from `before`, as [first, last) ranges in each, from the common prefix and suffix. */
function changedRange(before: string[], after: string[]): { before: [number, number]; after: [number, number] } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { before: [start, before.length - end], after: [start, after.length - end] };
}

/** [first, last) lines of item `id`'s entry in the plan file. */
function itemBlock(lines: string[], id: string): [number, number] {
  const start = lines.indexOf(`  - id: "${id}"`);
  assert.ok(start >= 0, `item ${id} in the plan`);
  let end = start + 1;
  while (end < lines.length && lines[end]!.startsWith('    ')) end++;
  return [start, end];
}

const size = suite('plan file size on generated queues');
for (const n of SIZES) {
  size(`${n} items: at most 2 KB per item, and every conflicting pair reads back`, () => {
    const queue = queues.get(n)!;
    const plan = planOf(queue);
    const text = serializePlan(plan);
    const perItem = Buffer.byteLength(text) / n;
    assert.ok(perItem <= 2048, `${Math.round(perItem)} bytes per item (${text.length} bytes, ${plan.edges.conflicts.length} conflicts)`);
    assert.ok(plan.edges.conflicts.length > n, `a queue with conflicts (${plan.edges.conflicts.length})`);
    const back = parsePlanFile(text, '.agent/plan.yaml');
    assert.equal(back.diagnostics, []);
    const pairs = (cs: Array<{ a: string; b: string }>) => [...new Set(cs.map((c) => `${c.a}|${c.b}`))].sort();
    assert.equal(pairs(back.plan!.edges.conflicts), pairs(plan.edges.conflicts));
  });
}

const locality = suite('diff locality: changing one item changes only lines near it');
for (const n of SIZES) {
  locality(`${n} items: a new title, command and an unshared file touch only that item's lines`, () => {
    const queue = queues.get(n)!;
    const before = serializePlan(planOf(queue)).split('\n');
    const target = queue.items[Math.floor(n / 2)]!;
    const changed = { ...target, title: `${target.title} (renamed)`, run: 'npm run agent', files: [...target.files, `src/only-${target.id}.ts`] };
    const after = serializePlan(
      planOf({
        ...queue,
        items: queue.items.map((i) => (i.id === target.id ? changed : i)),
        analysis: { ...queue.analysis, footprints: queue.analysis.footprints.map((f) => (f.id === target.id ? { ...f, writes: changed.files } : f)) },
      }),
    ).split('\n');
    const range = changedRange(before, after);
    const [from, to] = itemBlock(after, target.id);
    assert.ok(range.after[0] >= from && range.after[1] <= to, `changed lines ${range.after[0]}–${range.after[1]} outside the item's ${from}–${to}`);
    // Inside that window: the title and run lines replaced and the new file's line added (an LCS of a few lines).
    const a = before.slice(...range.before);
    const b = after.slice(...range.after);
    const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--)
      for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    assert.is(a.length + b.length - 2 * lcs[0]![0]!, 5, 'the title and run lines replaced, the new file added');
  });
}

const report = suite('the Markdown report fits a pull-request comment');
for (const n of SIZES) {
  report(`${n} items: at most ${MAX_REPORT_CHARS} characters, ending with how to see the rest when cut`, () => {
    const plan = planOf(queues.get(n)!);
    const md = formatReportMarkdown(compileReport(plan, { planFile: '.agent/plan.yaml' }));
    assert.ok(md.length <= MAX_REPORT_CHARS, `${md.length} characters`);
    assert.match(md, /```mermaid\ngantt\n/);
    if (md.includes('cut at')) assert.match(md.trimEnd().split('\n').at(-1)!, /waveplan report/);
  });
}

report('a report cut to fit still says where the work lands and how the last run went', () => {
  const queue = queues.get(500)!;
  const items = queue.items.map((i, n) => ({ id: i.id, title: i.title, outcome: 'completed', state: 'landed' as const, commit: `${n}`.padStart(40, 'a') }));
  const landing = { isolation: 'worktree' as const, land: 'merge' as const, target: 'main', gate: null, retry_on_conflict: 1 };
  const last_run = { run: 'r1', finished: '2026-12-07T06:00:00Z', exit_code: 0, target: 'main', items };
  const md = formatReportMarkdown(compileReport(planOf(queue), { planFile: '.agent/plan.yaml', landing: { ...landing, last_run } }));
  assert.ok(md.includes('cut at'), 'a report long enough to be cut');
  assert.ok(md.length <= MAX_REPORT_CHARS, `${md.length} characters`);
  const lines = md.split('\n');
  const gantt = lines.indexOf('```mermaid');
  for (const line of [
    '**Landing**: isolation worktree: each item lands on main when it ends (gate none, retry_on_conflict 1)',
    'Last run r1 (finished 2026-12-07T06:00:00Z, exit 0): 500 of 500 landed on main',
  ]) {
    const at = lines.indexOf(line);
    assert.ok(at >= 0 && at < gantt, `${line} at line ${at}, the gantt at ${gantt}`);
  }
});

size.run();
locality.run();
report.run();
