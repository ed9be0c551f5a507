import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from './helpers/cli.js';
import { gitRepo, REPO_ROOT } from './helpers/git-repo.js';

// package.json's "exports" (dist/index.js, built by `npm run build`), as another package imports it.
test("import { buildPlan, serializePlan } from 'waveplan' gives the plan the CLI writes", () => {
  const dir = gitRepo('demo');
  assert.is(runCli(dir, ['plan']).code, 0);
  const script = `
    const { buildPlan, serializePlan, workTreeReader, gitPort } = await import('waveplan');
    const root = ${JSON.stringify(dir)};
    const built = await buildPlan({ root, tree: workTreeReader(root), git: gitPort(root) });
    process.stdout.write(serializePlan(built.plan));`;
  const text = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.is(text, readFileSync(join(dir, '.agent/plan.yaml'), 'utf8'));
});

test.run();
