import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exited, SILENT, startCli, until } from '../helpers/apply-repo.js';
import { runCliAsync } from '../helpers/cli-async.js';
import { waveplan } from '../helpers/cli.js';
import { fakeGithub } from '../helpers/fake-github.js';
import { git, gitRepo, tempDir } from '../helpers/git-repo.js';

/**
 * docs/reliability.md, "Nothing unreviewed runs", on GitHub issues: a killed apply is resumed only
 * when every change since its start is one of its own label moves, as its event log records them.
 */
const resume = suite('tracking.provider: github, a killed apply resumed');

const body = (files: string, extra = '') => `${extra}\n\n\`\`\`yaml waveplan\nfiles: [${files}]\n\`\`\``;
// #3 waits for the file $GO, so the test kills the run while #3 runs.
const COMMAND = `node -e "const fs = require('fs'); const id = process.env.WAVEPLAN_ITEM_ID; fs.appendFileSync(process.env.TRACE, id + '\\n'); if (id === '#3') setInterval(() => fs.existsSync(process.env.GO) && process.exit(0), 20)"`;

resume(
  'an issue edited or relabelled by hand after the kill is refused; with nothing else changed the run resumes, and nothing completed runs again',
  async () => {
    const fake = await fakeGithub({
      issues: [
        { number: 2, title: 'Login', labels: ['status/backlog'], body: body('src/api/login.ts') },
        { number: 3, title: 'Logout', labels: ['status/backlog'], body: body('src/api/logout.ts', 'Blocked by: #2') },
        { number: 4, title: 'Docs', labels: ['status/backlog'], body: body('docs/api.md', 'Blocked by: #3') },
      ],
    });
    try {
      const scratch = tempDir();
      const trace = join(scratch, 'trace');
      const go = join(scratch, 'go');
      const dir = gitRepo(undefined, {
        'src/api/login.ts': 'export const login = 1;\n',
        'src/api/logout.ts': 'export const logout = 1;\n',
        'docs/api.md': '# API\n',
        'parallel.config.yaml': `tracking: { provider: github }\nautonomy: { level: L3 }\nrun: { command: ${JSON.stringify(COMMAND)} }\n`,
      });
      git(dir, 'remote', 'add', 'origin', 'git@github.com:acme/shop.git');
      const env = { GITHUB_API_URL: fake.url, GITHUB_TOKEN: 'test-token', WAVEPLAN_GITHUB_PACE_MS: '1', CI: 'true', TRACE: trace, GO: go, ...SILENT };
      const planned = await waveplan(dir, ['plan'], env);
      assert.is(planned.code, 0, planned.stdout + planned.stderr);
      const first = startCli(dir, ['apply'], env);
      await until('#3 to run', () => existsSync(trace) && readFileSync(trace, 'utf8').includes('#3'));
      first.kill('SIGKILL');
      await exited(first);
      assert.equal(fake.issues.get(3)!.labels, ['status/in-progress']);

      const issue4 = fake.issues.get(4)!.body;
      fake.issues.get(4)!.body = body('docs/api.md, src/api/login.ts', 'Blocked by: #3');
      const edited = await runCliAsync(dir, ['apply'], env);
      assert.is.not(edited.code, 0, edited.stdout + edited.stderr);
      assert.match(edited.stderr, /#4 \(pending\) was edited after the plan was reviewed, and no run recorded the edit/);
      fake.issues.get(4)!.body = issue4;

      Object.assign(fake.issues.get(2)!, { state: 'open', labels: ['status/backlog'] });
      const relabelled = await runCliAsync(dir, ['apply'], env);
      assert.is.not(relabelled.code, 0, relabelled.stdout + relabelled.stderr);
      assert.match(relabelled.stderr, /item #2 is #2 \(pending\), but run \S+ left it as #2 \(completed\): its status was changed by hand/);
      Object.assign(fake.issues.get(2)!, { state: 'closed', labels: ['status/done'] });
      assert.equal(readFileSync(trace, 'utf8'), '#2\n#3\n', 'no refused apply ran anything');

      writeFileSync(go, '');
      const resumed = await runCliAsync(dir, ['apply'], env);
      assert.is(resumed.code, 0, resumed.stdout + resumed.stderr);
      assert.match(resumed.stderr, /resuming run \S+, killed while applying this plan/);
      assert.equal(readFileSync(trace, 'utf8'), '#2\n#3\n#3\n#4\n', '#2 once, #3 again (it was killed), #4 once');
      for (const n of [2, 3, 4]) assert.equal([fake.issues.get(n)!.state, fake.issues.get(n)!.labels], ['closed', ['status/done']], `#${n}`);
      const check = await runCliAsync(dir, ['plan', '--check'], env);
      assert.is(check.code, 0, `the plan was rewritten to the new statuses:\n${resumed.stdout}${resumed.stderr}${check.stdout}${check.stderr}`);
    } finally {
      await fake.close();
    }
  },
);

resume.run();
