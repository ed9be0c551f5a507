import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';
import { applyPlan } from '../../src/run/apply-plan.js';
import { newRunId, openEventLog, type RunEvent } from '../../src/run/event-log.js';
import { resourceGate, resourceLimits, sampleResources } from '../../src/run/resource-gate.js';
import { schemaErrors } from '../../src/schemas.js';
import { fileQueue } from '../../src/tracking/file/file-queue.js';
import { gitRepo } from '../helpers/git-repo.js';
import { makePlan } from '../helpers/plans.js';
import { readTrace, traceFacts, traceQueueFiles } from '../helpers/trace.js';

const gate = suite('resource gate in applyPlan');

async function start(load: string) {
  const root = gitRepo(undefined, {
    ...traceQueueFiles([
      { id: '001', seconds: 2.5 },
      { id: '002', seconds: 0.3 },
      { id: '003', seconds: 0.3 },
      { id: '004', seconds: 0.3 },
    ]),
    '.agent/loadavg': load,
  });
  const loaded = await loadQueue(workTreeReader(root));
  const config = { ...loaded.config, run: { ...loaded.config.run, max_load: 1 }, autonomy: { ...loaded.config.autonomy, level: 'L3' as const } };
  const log = openEventLog(root, newRunId());
  const env = { ...process.env, WAVEPLAN_LOADAVG_FILE: join(root, '.agent/loadavg') };
  const resources = resourceGate(resourceLimits(config.run), { sample: () => sampleResources(env), pollMs: 50 });
  const done = applyPlan({
    root,
    plan: makePlan(loaded.items, { waves: [['001', '002', '003', '004']], maxParallel: 3 }),
    items: loaded.items,
    config,
    tracker: fileQueue(root),
    log,
    renderer: 'silent',
    env,
    resources,
  });
  const events = (): RunEvent[] =>
    readFileSync(join(root, log.dir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunEvent);
  return { root, done, events };
}

gate('a saturated machine holds new starts; one item always runs, so the run still ends', async () => {
  const r = await start('9.00 9.00 9.00 1/100 42\n');
  const result = await r.done;
  assert.is(result.exitCode, 0);
  assert.is(traceFacts(readTrace(r.root)).peak, 1, 'never two at once while the load is 9 ≥ max_load 1');
  const waits = r.events().filter((e) => e.type === 'waiting_for_resources');
  assert.ok(waits.length >= 2, JSON.stringify(waits));
  assert.equal(waits[0]!.reason, 'load 9.00 ≥ max_load 1');
  assert.is(waits[0]!.load, 9);
  for (const e of r.events()) assert.equal(schemaErrors('run-event', e), [], JSON.stringify(e));
});

gate('the hold is released when the load falls, while the first item still runs', async () => {
  const r = await start('9.00 9.00 9.00 1/100 42\n');
  while (!r.events().some((e) => e.type === 'waiting_for_resources')) await new Promise((res) => setTimeout(res, 20));
  writeFileSync(join(r.root, '.agent/loadavg'), '0.10 0.50 0.90 1/100 42\n');
  const result = await r.done;
  assert.is(result.exitCode, 0);
  const trace = readTrace(r.root);
  const facts = traceFacts(trace);
  assert.is(facts.peak, 3, 'up to max_parallel once the load fell');
  assert.ok(facts.firstStart.get('002')! < facts.lastEnd.get('001')!, 'a held item started before 001 ended');
});

gate.run();
