import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { callTool } from '../../src/cli/mcp/call-tool.js';
import { inProcessRunner } from '../../src/cli/mcp/in-process.js';
import { waveplan } from '../helpers/cli.js';
import { git, gitRepo } from '../helpers/git-repo.js';

const modes = suite("plan's check and dry run exclude each other");

modes('the MCP plan tool refuses both, saying what each does, and runs nothing', async () => {
  const ran: Array<readonly string[]> = [];
  const run = async (args: readonly string[]) => {
    ran.push(args);
    return { code: 0, stdout: '{}', stderr: '' };
  };
  const result = await callTool('plan', { check: true, dry_run: true }, { run, read: run });
  assert.ok(result.isError);
  assert.match(JSON.stringify(result.content), 'check and dry_run exclude each other');
  assert.equal(ran, []);
});

modes('the CLI refuses --check with --dry-run (it ran the dry run and never checked)', async () => {
  const result = await waveplan(gitRepo('demo'), ['plan', '--check', '--dry-run']);
  assert.is(result.code, 1);
  assert.match(result.stderr, "option '--check' cannot be used with option '--dry-run'");
});

modes.run();

const words = suite('MCP refusals name the tool arguments, not CLI flags');

words('apply under autonomy L2 says to pass yes: true (the tool has no --yes)', async () => {
  // Breadth QA: the apply tool answered "pass --yes to run without asking", a flag an agent cannot pass.
  const dir = gitRepo(undefined, {
    '.agent/queue/001-pending-a.md': '---\nfiles: [a.txt]\nrun: "true"\n---\n# A\n',
    'a.txt': 'a\n',
  });
  assert.is((await waveplan(dir, ['plan'])).code, 0);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'plan');
  const run = inProcessRunner(dir, {});
  const result = await callTool('apply', {}, { run, read: run });
  assert.ok(result.isError);
  const text = JSON.stringify(result.content);
  assert.match(text, 'pass yes: true to run without asking');
  assert.not.match(text, '--yes');
});
words.run();
