/**
 * A real apply process for run-reader tests, before/without the CLI: `tsx drive-apply.ts ROOT RUN SPEC_JSON`
 * runs applyPlan on ROOT's queue with the plan spec, writing .agent/runs/RUN/ like `apply` does.
 */
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';
import { applyPlan } from '../../src/run/apply-plan.js';
import { openEventLog } from '../../src/run/event-log.js';
import { fileQueue } from '../../src/tracking/file/file-queue.js';
import { makePlan, type PlanSpec } from './plans.js';

const [root, run, specText] = process.argv.slice(2) as [string, string, string];
const spec = JSON.parse(specText) as PlanSpec & { level?: 'L1' | 'L2' | 'L3' };
const loaded = await loadQueue(workTreeReader(root));
const config = { ...loaded.config, autonomy: { ...loaded.config.autonomy, level: spec.level ?? 'L3', continue_on_error: true } };
const result = await applyPlan({
  root,
  plan: makePlan(loaded.items, spec),
  items: loaded.items,
  config,
  tracker: fileQueue(root),
  log: openEventLog(root, run),
  renderer: 'silent',
});
process.exitCode = result.exitCode;
