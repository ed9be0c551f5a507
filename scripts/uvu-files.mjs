// node --import tsx scripts/uvu-files.mjs test/a.test.ts test/b.test.ts: uvu's runner over exactly
// these files in this process, each file's name printed before its suites.
// node --enable-source-maps scripts/uvu-files.mjs --js DIR test/a.test.ts …: the same files run from
// their compiled twins in DIR (scripts/compile-tests.mjs; how scripts/run-tests.mjs runs them).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const js = args[0] === '--js' ? args[1] : undefined;
const files = js === undefined ? args : args.slice(2);
globalThis.UVU_DEFER = 1;
const uvu = await import('uvu');
for (const [index, file] of files.entries()) {
  globalThis.UVU_INDEX = index;
  globalThis.UVU_QUEUE.push([file]);
  await import(pathToFileURL(js === undefined ? resolve(file) : join(resolve(js), file.replace(/\.ts$/, '.js'))).href);
}
// The CPU seconds (user + sys) of this process and of the child processes it waited for, from
// /proc/self/stat (Linux, in clock ticks of 1/100 s), after uvu's summary: scripts/run-tests.mjs adds them up.
process.on('exit', () => {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    const [user, sys, childUser, childSys] = [11, 12, 13, 14].map((i) => Number(fields[i]) / 100);
    const all = user + sys + childUser + childSys;
    if (Number.isFinite(all)) process.stdout.write(`  CPU:       ${all.toFixed(2)} (children ${(childUser + childSys).toFixed(2)})\n`);
  } catch {
    // not Linux: no CPU figure
  }
});
await uvu.exec(false);
