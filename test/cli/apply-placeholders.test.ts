import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { SILENT } from '../helpers/apply-repo.js';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo } from '../helpers/git-repo.js';

const TITLE = 'Fix $(touch pwned) `touch pwned2` "quoted" it\'s; rm -rf nothing';
const CONFIG =
  "autonomy:\n  level: L3\n  max_parallel: 2\nanalysis:\n  import_graph: false\nrun:\n  command: printf '%s\\0' {item_id} {title} {item_file} > .agent/out-{item_id}\n";

const placeholders = suite('run.command placeholders in a real apply');

placeholders('{item_id}, {title} and {item_file} reach the command as the values, hostile title included', () => {
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-hostile.md': `---\nfiles: [src/a.ts]\n---\n# ${TITLE}\n**Status**: pending\n`,
    '.agent/queue/002-pending-plain.md': '---\nfiles: [src/b.ts]\nrun: "echo {title} > .agent/out-{item_id}"\n---\n# Plain title\n**Status**: pending\n',
    'parallel.config.yaml': CONFIG,
  });
  const title = (JSON.parse(runCli(dir, ['validate', '--json']).stdout) as { items: Array<{ id: string; title: string }> }).items[0].title;
  assert.is(title, TITLE);
  assert.is(runCli(dir, ['plan']).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  const preview = runCli(dir, ['apply', '--dry-run', '--json']);
  const commands = (JSON.parse(preview.stdout) as { waves: Array<{ items: Array<{ id: string; command: string }> }> }).waves
    .flatMap((w) => w.items)
    .map((i) => [i.id, i.command]);
  assert.equal(commands, [
    ['001', `printf '%s\\0' 001 'Fix $(touch pwned) \`touch pwned2\` "quoted" it'\\''s; rm -rf nothing' "$WAVEPLAN_ITEM_FILE" > .agent/out-001`],
    ['002', "echo 'Plain title' > .agent/out-002"],
  ]);
  const plan = parse(readFileSync(join(dir, '.agent/plan.yaml'), 'utf8')) as { items: Array<{ id: string; run?: string }> };
  assert.equal(
    plan.items.map((i) => [i.id, i.run]),
    commands,
    'the plan shows the commands as they will run',
  );
  const applied = runCli(dir, ['apply'], SILENT);
  assert.is(applied.code, 0, applied.stdout + applied.stderr);
  assert.equal(readFileSync(join(dir, '.agent/out-001'), 'utf8').split('\0').slice(0, -1), [
    '001',
    TITLE,
    join(dir, '.agent/queue/001-in_progress-hostile.md'),
  ]);
  assert.is(readFileSync(join(dir, '.agent/out-002'), 'utf8'), 'Plain title\n');
  assert.not.ok(existsSync(join(dir, 'pwned')) || existsSync(join(dir, 'pwned2')), 'the title ran as shell code');
});

placeholders.run();
