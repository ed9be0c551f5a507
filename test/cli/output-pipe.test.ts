import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gitRepo, REPO_ROOT } from '../helpers/git-repo.js';

test('a reader that stops early (`waveplan … | head`) ends the CLI quietly, without a stack trace', async () => {
  // 120 items that all write one file: a JSON report far larger than a pipe's buffer.
  const files: Record<string, string> = { 'src/shared.ts': 'export const x = 1;\n' };
  for (let i = 1; i <= 120; i++) {
    const id = String(i).padStart(3, '0');
    files[`.agent/queue/${id}-pending-task-${id}.md`] = `# Task ${id} with a long enough title to make the report big\n\n**Files**: src/shared.ts\n`;
  }
  const dir = gitRepo(undefined, files);
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/waveplan.js'), 'plan', '--dry-run', '--format', 'json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // Read one chunk, then hang up, as `head -c` does.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.is(code, 0, stderr);
  assert.not.match(stderr, /EPIPE|at .+\(/);
});

test.run();
