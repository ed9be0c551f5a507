import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inProcessRunner } from '../../src/cli/mcp/in-process.js';
import { readResource } from '../../src/cli/mcp/resources.js';
import { fakeGithub } from '../helpers/fake-github.js';
import { gitRepo } from '../helpers/git-repo.js';

const resources = suite('MCP resources of a GitHub-issue queue');

resources('an item that is an issue is "not found" as a file, saying it is an issue and where to read it', async () => {
  // QA: waveplan://items/%235 answered 'no item #5 in the queue (known ids: none)' while #5 is an item.
  const fake = await fakeGithub({ issues: [{ number: 5, title: 'Login', labels: ['status/backlog'] }] });
  try {
    const dir = gitRepo(undefined, { 'parallel.config.yaml': 'tracking: { provider: github, github: { repo: acme/shop } }\n' });
    const run = inProcessRunner(dir, { ...process.env, GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'test-token', WAVEPLAN_GITHUB_PACE_MS: '1' });
    for (const uri of ['waveplan://items/%235', 'waveplan://items/#5']) {
      try {
        await readResource(dir, run, uri);
        assert.unreachable(uri);
      } catch (error) {
        assert.is((error as { code?: number }).code, -32002, uri);
        assert.is((error as Error).message, 'item #5 is issue #5 of acme/shop: it has no file here; read it on GitHub (gh issue view 5 --repo acme/shop)');
      }
    }
    try {
      await readResource(dir, run, 'waveplan://items/%2399');
      assert.unreachable();
    } catch (error) {
      assert.match((error as Error).message, 'no item #99 in the queue (known ids: #5)');
    }
    // The queue cannot be read at all: that is said, not "no such item".
    const refused = inProcessRunner(dir, { ...process.env, GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'wrong', WAVEPLAN_GITHUB_PACE_MS: '1' });
    try {
      await readResource(dir, refused, 'waveplan://items/%235');
      assert.unreachable();
    } catch (error) {
      assert.match((error as Error).message, 'cannot read the queue: waveplan: GITHUB_TOKEN is invalid');
    }
  } finally {
    await fake.close();
  }
});

resources.run();
