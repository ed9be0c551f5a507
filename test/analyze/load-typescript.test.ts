import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDir } from '../helpers/git-repo.js';

const load = suite("loadTypeScript: the CLI's TypeScript, from V8's code cache when there is one");

const TEXT = "import a from './a';\nexport * from './b';\nconst c = require('./c');\n";

/** A fresh Node process (as every CLI run is) that loads TypeScript and uses it, with the cache setting given. */
function run(setting: string, env: Record<string, string> = {}): { version: string; keys: number; specifiers: string[] } {
  const script = `const { loadTypeScript } = await import(${JSON.stringify(join(process.cwd(), 'src/cli/load-typescript.ts'))});
const ts = loadTypeScript();
console.log(JSON.stringify({ version: ts.version, keys: Object.keys(ts).length, specifiers: ts.preProcessFile(${JSON.stringify(TEXT)}, true, true).importedFiles.map((f) => f.fileName) }));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, WAVEPLAN_COMPILE_CACHE: setting, ...env },
  });
  return JSON.parse(out) as { version: string; keys: number; specifiers: string[] };
}

load('the same compiler with a cache written, with it read, with it corrupt (rejected and written again), and with none', () => {
  const dir = join(tempDir(), 'cache');
  const expected = { version: ts.version, keys: Object.keys(ts).filter((k) => k !== 'default').length, specifiers: ['./a', './b', './c'] };
  assert.equal(run(dir), expected, 'compiled, then cached when the process ended');
  const [file] = readdirSync(dir);
  assert.match(file, /^typescript-[0-9a-f]{16}\.bin$/);
  const size = statSync(join(dir, file)).size;
  assert.ok(size > 100_000, 'the cache holds the compiled code');
  assert.equal(run(dir), expected, 'from the cache');
  writeFileSync(join(dir, file), 'not a code cache');
  assert.equal(run(dir), expected, 'a corrupt cache is rejected by V8');
  assert.ok(statSync(join(dir, file)).size > 100_000, 'and written again');
  // A folder others may write to is not used (compiled code from it would run as this user).
  chmodSync(dir, 0o777);
  rmSync(join(dir, file));
  assert.equal(run(dir), expected);
  assert.equal(readdirSync(dir), [], 'nothing read or written there');
  // Unset: the machine's temp folder (TMPDIR here); 0: nothing written anywhere.
  const tmp = tempDir();
  assert.equal(run('', { TMPDIR: tmp }), expected);
  assert.ok(
    readdirSync(tmp).some((name) => name.startsWith('waveplan-compile-cache-')),
    'a cache folder in the temp folder',
  );
  const none = tempDir();
  assert.equal(run('0', { TMPDIR: none }), expected, 'WAVEPLAN_COMPILE_CACHE=0');
  assert.not.ok(readdirSync(none).some((name) => name.startsWith('waveplan-compile-cache-')));
});

load('wrappedSource: the file inside the CommonJS wrapper, as Latin-1 when ASCII and as UTF-8 otherwise', async () => {
  const { wrappedSource } = await import('../../src/cli/load-typescript.js');
  const dir = tempDir();
  const wrap = (text: string) => `(function (exports, require, module, __filename, __dirname) { ${text}\n})`;
  for (const text of ['module.exports = 1;', 'module.exports = "caf\u00e9 \u2192 \u{1f600}";', '', 'x'.repeat(300_000) + '\u00ff']) {
    const file = join(dir, 'module.js');
    writeFileSync(file, text);
    assert.equal(wrappedSource(file), wrap(text));
  }
});

load("pruneCaches: other checkouts' caches go when unused for CACHE_DAYS or beyond CACHE_FILES; the one just written stays", async () => {
  const { CACHE_DAYS, CACHE_FILES, pruneCaches } = await import('../../src/cli/load-typescript.js');
  const dir = join(tempDir(), 'cache');
  mkdirSync(dir);
  const now = Date.parse('2026-12-07T12:00:00Z');
  const day = 24 * 60 * 60 * 1000;
  const make = (n: number, ageDays: number) => {
    const file = join(dir, `typescript-${n.toString(16).padStart(16, '0')}.bin`);
    writeFileSync(file, 'x');
    utimesSync(file, new Date(now - ageDays * day), new Date(now - ageDays * day));
    return file;
  };
  const just = make(0, 30); // the one written now (its time does not matter)
  const recent = Array.from({ length: CACHE_FILES + 2 }, (_, i) => make(i + 1, i)); // ages 0..CACHE_FILES+1 days
  const stale = make(99, CACHE_DAYS + 1);
  writeFileSync(join(dir, 'notes.txt'), 'not a cache');
  pruneCaches(dir, just, now);
  const left = readdirSync(dir).sort();
  assert.ok(left.includes('notes.txt'), 'other files are left alone');
  assert.ok(left.includes(just.split('/').at(-1)!));
  assert.equal(
    recent.filter((f) => left.includes(f.split('/').at(-1)!)),
    recent.slice(0, CACHE_FILES - 1),
    'the newest others, CACHE_FILES in all',
  );
  assert.not.ok(left.includes(stale.split('/').at(-1)!));
});

load.run();
