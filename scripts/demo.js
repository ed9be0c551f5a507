#!/usr/bin/env node
// npm run demo: copy fixtures/demo into a fresh git repo in a temp folder and run waveplan there,
// the way a user would on their own project.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $, chalk } from 'zx';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/waveplan.js');
const dir = mkdtempSync(join(tmpdir(), 'waveplan-demo-'));
cpSync(join(root, 'fixtures/demo'), dir, { recursive: true });

$.verbose = false;
$.cwd = dir;
const git = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'demo',
  GIT_AUTHOR_EMAIL: 'demo@example.com',
  GIT_COMMITTER_NAME: 'demo',
  GIT_COMMITTER_EMAIL: 'demo@example.com',
};
await $({ env: { ...process.env, ...git } })`git init -q -b main && git add -A && git commit -q -m "demo project"`;

console.log(chalk.bold(`waveplan demo in ${dir}\n`));
const steps = [['validate'], ['plan'], ['plan', '--dry-run'], ['plan', '--check'], ['explain', '002', '006'], ['apply', '--dry-run']];
let failed = false;
for (const args of steps) {
  console.log(chalk.cyan(`$ waveplan ${args.join(' ')}`));
  const result = await $({ nothrow: true, stdio: ['ignore', 'inherit', 'inherit'] })`node ${bin} ${args}`;
  console.log('');
  if (result.exitCode !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
