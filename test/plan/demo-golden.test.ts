import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gitPort } from '../../src/io/git.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { compileReport } from '../../src/plan/compile-report.js';
import { formatReport } from '../../src/plan/format-report.js';
import { serializePlan } from '../../src/plan/serialize-plan.js';
import { FIXTURES, gitRepo } from '../helpers/git-repo.js';

/** Byte-for-byte against fixtures/plan/demo/*.golden; `UPDATE_GOLDEN=1 npm test` rewrites them. */
function golden(name: string, actual: string): void {
  const file = join(FIXTURES, 'plan/demo', `${name}.golden`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== '1') assert.unreachable(`${file} did not exist; wrote it — check it in and rerun`);
    return;
  }
  assert.fixture(actual, readFileSync(file, 'utf8'));
}

const demo = suite('the demo queue');
let dir = '';
demo.before(() => {
  dir = gitRepo('demo');
});

demo('plan.yaml, the text report and the Markdown report match the golden files', async () => {
  const built = await buildPlan({ root: dir, tree: workTreeReader(dir), git: gitPort(dir) });
  assert.equal(
    built.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const plan = built.plan!;
  golden('plan.yaml', serializePlan(plan));
  const report = compileReport(plan, { planFile: built.loaded.config.plan.file });
  golden('report.txt', formatReport(report, 'text'));
  golden('report.md', formatReport(report, 'md'));
  golden('report.json', formatReport(report, 'json'));
});

demo.run();
