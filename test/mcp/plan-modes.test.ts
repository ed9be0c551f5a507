import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { callTool } from '../../src/cli/mcp/call-tool.js';
import { waveplan } from '../helpers/cli.js';
import { gitRepo } from '../helpers/git-repo.js';

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
