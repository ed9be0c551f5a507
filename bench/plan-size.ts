// npx tsx bench/plan-size.ts: the plan file and the Markdown report on generated queues of 30, 100
// and 500 items (test/helpers/generated-queue.ts), as docs/plan-file.md reports them.
import { emitYaml, type YamlValue } from '../src/block-yaml.js';
import { comparePlanConflicts } from '../src/analyze/conflicts.js';
import { compileReport } from '../src/plan/compile-report.js';
import { formatReportMarkdown } from '../src/plan/format-report-md.js';
import { serializePlan, toOrderedPlan } from '../src/plan/serialize-plan.js';
import { generateQueue, planOf } from '../test/helpers/generated-queue.js';

const oldReport = process.env.OLD_REPORT
  ? ((await import(process.env.OLD_REPORT)) as { formatReportMarkdown(r: unknown): string }).formatReportMarkdown
  : undefined;
console.log('| items | conflicts | waves | plan before (all conflicts listed) | plan now | per item now | report before | report now |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of [30, 100, 500]) {
  const plan = planOf(generateQueue(n));
  const now = Buffer.byteLength(serializePlan(plan));
  // The format before: every conflict in edges.conflicts with its evidence, no per-item conflicts.
  const file = toOrderedPlan(plan);
  const before = Buffer.byteLength(
    emitYaml({
      ...file,
      items: file.items.map(({ pinned_by: _p, conflicts_with: _c, ...i }) => i),
      edges: { blocked_by: file.edges.blocked_by, conflicts: [...plan.edges.conflicts].sort(comparePlanConflicts) },
    } as unknown as YamlValue),
  );
  const report = compileReport(plan, { planFile: '.agent/plan.yaml' });
  const md = formatReportMarkdown(report).length;
  const mdBefore = oldReport ? oldReport(report).length : NaN;
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
  console.log(
    `| ${n} | ${plan.edges.conflicts.length} | ${plan.waves.length} | ${kb(before)} | ${kb(now)} | ${Math.round(now / n)} B | ${mdBefore.toLocaleString('en-US')} | ${md.toLocaleString('en-US')} |`,
  );
}
