import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { schemaErrors } from '../../src/schemas.js';
import { FIXTURES, gitRepo } from '../helpers/git-repo.js';

/** The CLI in-process; stdout and stderr collected. */
async function run(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: { NO_COLOR: '1' }, isTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Every fixture folder that holds a queue (`.agent/queue/`), relative to fixtures/. */
function fixtureQueues(dir = FIXTURES, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (!statSync(full).isDirectory() || name === 'node_modules' || name === '.agent') continue;
    if (existsSync(join(full, '.agent/queue'))) out.push(full.slice(FIXTURES.length + 1));
    fixtureQueues(full, out);
  }
  return out;
}

const schema = suite('report --format json validates against schemas/report.schema.json');

schema('for every fixture queue that plans (the validate/ fixtures are broken on purpose)', async () => {
  let checked = 0;
  for (const fixture of fixtureQueues()) {
    const root = gitRepo(fixture);
    const result = await run(root, ['report', '--format', 'json']);
    if (fixture.startsWith('validate/')) continue;
    assert.is(result.code, 0, `${fixture}: ${result.stderr}`);
    assert.equal(schemaErrors('report', JSON.parse(result.stdout)), [], fixture);
    const dry = await run(root, ['plan', '--dry-run', '--format', 'json']);
    assert.is(dry.code, 0, `${fixture}: ${dry.stderr}`);
    checked++;
  }
  assert.ok(checked >= 3, `${checked} fixture queues checked`);
});

schema('with weak items (suggested_files) and inferred ones (inferred_footprint): the commit-subject queue that crashed', async () => {
  const root = gitRepo(undefined, {
    'src/render/canvas.ts': 'export function drawGrid() {}\n',
    'src/render/text.ts': 'export function measureText() {}\n',
    'src/tools/eraser.ts': 'export const eraserTool = 1;\n',
    '.agent/queue/001-pending-grid.md': '# fix(render): `drawGrid` skips the last line\n',
    '.agent/queue/002-pending-vague.md': '# Make the eraser feel snappier\n',
    '.agent/queue/003-pending-nothing.md': '# Improve things\n',
  });
  const result = await run(root, ['report', '--format', 'json']);
  assert.is(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { inferred_footprint?: string[]; unknown_footprint: string[] };
  assert.equal(schemaErrors('report', report), []);
  assert.equal(report.inferred_footprint, ['001']);
  assert.ok(report.unknown_footprint.includes('003'));
});

const once = suite('the unknown-footprint explanation');

once('is one line per item, naming the waves, not one line per wave', async () => {
  const files: Record<string, string> = { 'src/a.ts': 'export const a = 1;\n' };
  for (let i = 1; i <= 6; i++) files[`.agent/queue/00${i}-pending-item-${i}.md`] = `# Improve things ${i}\n`;
  files['.agent/queue/007-pending-known.md'] = '---\nfiles: [src/a.ts]\n---\n# Known\n';
  files['.agent/queue/008-pending-after.md'] = '---\nfiles: [src/b.ts]\n---\n# After the known one\n**BlockedBy**: 007\n';
  const root = gitRepo(undefined, files);
  const result = await run(root, ['report']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, /waves 2–7 each run an item with an unknown footprint alone/);
  assert.is(result.stdout.match(/\bwave \d+ runs an item with an unknown footprint alone/g), null);
  assert.ok(result.stdout.split('\n').length < 40, result.stdout);
});

const own = suite("waveplan's own files");

own("are in nobody's write set: not inferred from words, not matched by a declared glob", async () => {
  const root = gitRepo(undefined, {
    'src/plan/plan.ts': 'export function planIt() {}\n',
    '.agent/plan.yaml': 'version: 1\n',
    '.agent/apply.lock': '{}\n',
    '.agent/queue/001-pending-plan.md': '# Regenerate `.agent/plan.yaml` and the `.agent/queue/` items\n',
    '.agent/queue/002-pending-all.md': '---\nfiles: ["**"]\n---\n# Everything\n',
  });
  const result = await run(root, ['report', '--format', 'json']);
  assert.is(result.code, 0, result.stderr);
  const writeSet = (text: string) => text.split('\n').filter((line) => line.includes('←'));
  const explained = await run(root, ['explain', '002']);
  assert.equal(
    writeSet(explained.stdout).map((line) => line.trim().split(' ')[0]),
    ['.gitattributes', 'src/plan/plan.ts'],
  );
  const first = await run(root, ['explain', '001']);
  assert.equal(
    writeSet(first.stdout).filter((line) => line.includes('.agent/')),
    [],
  );
});

own('the .gitignore apply writes next to its lock is not in a write set once committed (git add -A)', async () => {
  const root = gitRepo(undefined, {
    'src/a.ts': 'export const a = 1;\n',
    '.agent/.gitignore': 'apply.lock\napply.lock.*\n',
    '.agent/queue/001-pending-all.md': '---\nfiles: ["**"]\n---\n# Everything\n',
    '.agent/queue/002-pending-agent.md': '---\nfiles: [".agent/**"]\n---\n# The agent folder\n',
  });
  const writeSet = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.includes('←'))
      .map((line) => line.trim().split(' ')[0]);
  const all = await run(root, ['explain', '001']);
  assert.is(all.code, 0, all.stderr);
  assert.equal(writeSet(all.stdout), ['.gitattributes', 'src/a.ts']);
  const agent = await run(root, ['explain', '002']);
  assert.equal(writeSet(agent.stdout), []);
});

schema.run();
once.run();
own.run();
