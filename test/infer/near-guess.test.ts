import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import YAML from 'yaml';
import * as assert from 'uvu/assert';
import { waveplan } from '../helpers/cli.js';
import { git, gitRepo, writeFiles } from '../helpers/git-repo.js';
import { hubsOf, HUB_SHARE } from '../../src/analyze/infer/near-guess.js';

/**
 * 001 guesses src/http/etag.ts (the file declaring `generateDigest`), with src/http/router.ts near
 * it (the folder's other file); `withApp` adds src/app.ts, which imports the router, and 002
 * declaring it.
 */
const ETAG_GUESS = {
  'src/http/etag.ts': 'export function generateDigest(): string {\n  return "";\n}\n',
  'src/http/router.ts': 'export function route(): void {}\n',
  '.agent/queue/001-pending-etag.md': '# Weak comparison in `generateDigest`\n',
};
const WITH_APP = {
  ...ETAG_GUESS,
  'src/app.ts': "import { route } from './http/router';\nroute();\n",
  '.agent/queue/002-pending-app.md': '---\nfiles: [src/app.ts]\n---\n# Start the app later\n',
};

/** docs/inference.md, "Still safe when wrong": what an inferred item may write besides its guess. */
const near = suite('the files near an inferred guess are written with it');

near('an item importing a file near the guess conflicts with the guessing item (it was only read, so two readers shared a wave)', async () => {
  const root = gitRepo(undefined, {
    ...WITH_APP,
    'src/db/client.ts': 'export const db = 1;\n',
    '.agent/queue/003-pending-db.md': '---\nfiles: [src/db/client.ts]\n---\n# Pool connections\n',
  });
  const explained = await waveplan(root, ['explain', '001']);
  assert.is(explained.code, 0, explained.stderr);
  assert.match(explained.stdout, /src\/http\/etag\.ts {2}← inferred from "generateDigest"/);
  // It says why the file is near: the folder it shares with the guess.
  assert.match(explained.stdout, 'src/http/router.ts  ← near the inferred guess: beside src/http/etag.ts, in a folder of 2 files (it may change this too)');
  assert.match(explained.stdout, /conflicts \(1\):\n {4}data with 002: src\/app\.ts → src\/http\/router\.ts\n/);
});

near('infer shows the files near the guess, which the plan writes with it, and why each is near', async () => {
  const root = gitRepo(undefined, ETAG_GUESS);
  const text = await waveplan(root, ['infer', '001']);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, '  near the guess, written with it (it may change them too): src/http/router.ts (waveplan explain 001 says why)');
  const json = JSON.parse((await waveplan(root, ['infer', '001', '--json'])).stdout) as { items: Array<{ near?: unknown }> };
  assert.equal(json.items[0].near, [{ path: 'src/http/router.ts', why: 'beside src/http/etag.ts, in a folder of 2 files' }]);
});

near('two guesses sharing a file and a file near both: the evidence is the file both guessed, not the near one', async () => {
  const root = gitRepo(undefined, {
    'src/http/a-helpers.ts': 'export const helper = 1;\n',
    'src/http/etag.ts': 'export function generateDigest(): string {\n  return "";\n}\n',
    '.agent/queue/001-pending-weak.md': '# Weak comparison in `generateDigest`\n',
    '.agent/queue/002-pending-strong.md': '# Strong comparison in `generateDigest`\n',
  });
  const report = JSON.parse((await waveplan(root, ['plan', '--dry-run', '--format', 'json'])).stdout) as { conflicts: Array<{ evidence: string }> };
  assert.equal(
    report.conflicts.map((c) => c.evidence),
    ['src/http/etag.ts'],
  );
  assert.match((await waveplan(root, ['explain', '001', '002'])).stdout, 'both 001 and 002 write src/http/etag.ts\n');
});

near('explain A B says a file is only near a guess: "may write", not "write", which would read as the guess itself', async () => {
  const root = gitRepo(undefined, {
    ...WITH_APP,
    '.agent/queue/003-pending-router.md': '---\nfiles: [src/http/router.ts]\n---\n# Route by method\n',
  });
  const file = await waveplan(root, ['explain', '001', '003']);
  assert.is(file.code, 0, file.stderr);
  assert.match(file.stdout, "both 001 and 003 may write src/http/router.ts: it is near 001's inferred guess (001 may change it too), 003 writes it");
  const data = await waveplan(root, ['explain', '001', '002']);
  assert.match(data.stdout, '002 writes src/app.ts, which imports src/http/router.ts; 001 may change that file: it is near its inferred guess');
  const json = JSON.parse((await waveplan(root, ['explain', '003', '001', '--json'])).stdout) as { conflicts: Array<{ why: string }> };
  assert.match(json.conflicts[0].why, "near 001's inferred guess");
});

near('the plan file keeps the guess as writes and the files near it apart, as near; plan --check reads both', async () => {
  const root = gitRepo(undefined, WITH_APP);
  const planned = await waveplan(root, ['plan']);
  assert.is(planned.code, 0, planned.stderr);
  const text = readFileSync(join(root, '.agent/plan.yaml'), 'utf8');
  const [item, declared] = (YAML.parse(text) as { items: Array<{ id: string; writes: string[]; near?: string[] }> }).items;
  assert.equal(item.writes, ['src/http/etag.ts']);
  assert.equal(item.near, ['src/http/router.ts']);
  // The declared item has no margin; the conflict through the near file is still in the plan.
  assert.not.ok('near' in declared);
  assert.match(text, /conflicts_with: "?001"?|item: "001"/);
  assert.is((await waveplan(root, ['plan', '--check'])).code, 0);
});

near('a title that changes a manifest (bump, deps, publish) may write its package.json and, for dependencies, the lock file', async () => {
  const root = gitRepo(undefined, {
    'package.json': '{ "name": "root", "private": true }\n',
    'pnpm-lock.yaml': 'lockfileVersion: 9\n',
    'packages/sdk/package.json': '{ "name": "@acme/sdk" }\n',
    'packages/sdk/src/client.ts': 'export function createClient(): void {}\n',
    'packages/web/package.json': '{ "name": "@acme/web" }\n',
    'packages/web/src/page.ts': 'export function renderPage(): void {}\n',
    '.agent/queue/001-pending-bump.md': '# Bump the devDependencies of `createClient`\n',
    '.agent/queue/002-pending-page.md': '# Faster `renderPage`\n',
    '.agent/queue/003-pending-lock.md': '---\nfiles: [pnpm-lock.yaml]\n---\n# Refresh the lock file\n',
  });
  const bump = await waveplan(root, ['explain', '001']);
  assert.is(bump.code, 0, bump.stderr);
  // explain says why each is near: the title's word that implies it.
  assert.match(bump.stdout, 'packages/sdk/package.json  ← near the inferred guess: the manifest its title\'s "Bump" implies (it may change this too)');
  assert.match(bump.stdout, 'pnpm-lock.yaml  ← near the inferred guess: the lock file its title\'s "Bump" implies');
  assert.match(bump.stdout, /file with 003: pnpm-lock\.yaml/);
  const page = await waveplan(root, ['explain', '002']);
  assert.not.match(page.stdout, /package\.json|pnpm-lock/);
});

near('"upgrade" is a dependency word as "bump" is: the manifest and the lock file are near', async () => {
  const root = gitRepo(undefined, {
    'package.json': '{ "name": "root", "private": true }\n',
    'pnpm-lock.yaml': 'lockfileVersion: 9\n',
    'packages/sdk/package.json': '{ "name": "@acme/sdk" }\n',
    'packages/sdk/src/client.ts': 'export function createClient(): void {}\n',
    '.agent/queue/001-pending-upgrade.md': '# build: upgrade the HTTP client of `createClient`\n',
  });
  const upgrade = await waveplan(root, ['explain', '001']);
  assert.is(upgrade.code, 0, upgrade.stderr);
  assert.match(upgrade.stdout, 'packages/sdk/package.json  ← near the inferred guess: the manifest its title\'s "upgrade" implies');
  assert.match(upgrade.stdout, 'pnpm-lock.yaml  ← near the inferred guess: the lock file its title\'s "upgrade" implies');
});

near('whoever may change a package.json (near the guess) may change the lock file too: it is near (TUNING.manifestBringsLock)', async () => {
  const root = gitRepo(undefined, {
    'package.json': '{ "name": "root", "private": true }\n',
    'pnpm-lock.yaml': 'lockfileVersion: 9\n',
    'packages/cli/package.json': '{ "name": "@acme/cli" }\n',
    'packages/cli/index.mjs': 'export function scaffold() {}\n',
    'packages/web/src/page.ts': 'export function renderPage(): void {}\n',
    'packages/web/src/layout.ts': 'export function layout(): void {}\n',
    '.agent/queue/001-pending-cli.md': '# Scaffold into the right folder in `scaffold`\n',
    '.agent/queue/002-pending-page.md': '# Faster `renderPage`\n',
    '.agent/queue/003-pending-lock.md': '---\nfiles: [pnpm-lock.yaml]\n---\n# Refresh the lock file\n',
  });
  const cli = await waveplan(root, ['explain', '001']);
  assert.is(cli.code, 0, cli.stderr);
  // The guess's folder is small: its manifest is near, and with it the lock file.
  assert.match(cli.stdout, 'pnpm-lock.yaml  ← near the inferred guess: the lock file changes with packages/cli/package.json');
  assert.match(cli.stdout, /file with 003: pnpm-lock\.yaml/);
  // No manifest near the page's guess: no lock file.
  assert.not.match((await waveplan(root, ['explain', '002'])).stdout, /pnpm-lock/);
});

near('a hub (a file at least a quarter of the recent commits changed) is read by every inferred guess: an item writing it runs apart', async () => {
  const root = gitRepo(undefined, {
    'pnpm-lock.yaml': 'lockfileVersion: 9\n',
    'src/http/etag.ts': 'export function generateDigest(): string {\n  return "";\n}\n',
    'src/db/client.ts': 'export const db = 1;\n',
    'src/db/pool.ts': 'export const pool = 1;\n',
  });
  // 24 commits: every third one also changes the lock file (a third of them, above HUB_SHARE); pool.ts changes in each.
  for (let i = 0; i < 24; i++) {
    writeFiles(root, { 'src/db/pool.ts': `export const pool = ${i};\n`, ...(i % 3 === 0 ? { 'pnpm-lock.yaml': `lockfileVersion: 9\n# ${i}\n` } : {}) });
    git(root, 'commit', '-qam', `change ${i}`);
  }
  writeFiles(root, {
    '.agent/queue/001-pending-etag.md': '# Weak comparison in `generateDigest`\n',
    '.agent/queue/002-pending-lock.md': '---\nfiles: [pnpm-lock.yaml]\n---\n# Refresh the lock file\n',
    '.agent/queue/003-pending-db.md': '---\nfiles: [src/db/client.ts]\n---\n# Pool connections\n',
  });
  const explained = await waveplan(root, ['explain', '001']);
  assert.is(explained.code, 0, explained.stderr);
  assert.match(explained.stdout, /conflicts \(1\):\n {4}data with 002: 001 reads pnpm-lock\.yaml\n/);
});

near('hubsOf: the files at least HUB_SHARE of the newest 200 commits changed; none from fewer than 20 commits', () => {
  const commits = Array.from({ length: 40 }, (_, i) => ({
    files: ['src/a.ts', ...(i % 4 === 0 ? ['package.json'] : []), ...(i % 5 === 0 ? ['README.md'] : [])],
  }));
  assert.ok(HUB_SHARE > 0.2 && HUB_SHARE <= 0.25);
  assert.equal(
    hubsOf(commits, () => true),
    ['package.json', 'src/a.ts'],
  );
  assert.equal(
    hubsOf(commits, (f) => f !== 'src/a.ts'),
    ['package.json'],
  );
  assert.equal(
    hubsOf(commits.slice(0, 19), () => true),
    [],
  );
});

near("the repository's root is no folder a guess is near: a readme fix and a manifest change share a wave", async () => {
  const root = gitRepo(undefined, {
    'README.md': '# app\n',
    'package.json': '{ "name": "app" }\n',
    'tsconfig.json': '{}\n',
    'src/index.ts': 'export const a = 1;\n',
    '.agent/queue/001-pending-readme.md': '# Fix a typo in README.md\n',
    '.agent/queue/002-pending-engines.md': '---\nfiles: [package.json]\n---\n# Require Node 20\n',
  });
  const report = JSON.parse((await waveplan(root, ['plan', '--dry-run', '--format', 'json'])).stdout) as {
    waves: Array<{ items: Array<{ id: string }> }>;
  };
  assert.equal(
    report.waves.map((w) => w.items.map((i) => i.id)),
    [['001', '002']],
  );
});

near.run();
