// node --import tsx scripts/uvu-files.mjs test/a.test.ts test/b.test.ts: uvu's runner over exactly
// these files in this process (scripts/run-tests.mjs batches files this way), each file's name
// printed before its suites.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

globalThis.UVU_DEFER = 1;
const uvu = await import('uvu');
const files = process.argv.slice(2);
for (const [index, file] of files.entries()) {
  globalThis.UVU_INDEX = index;
  globalThis.UVU_QUEUE.push([file]);
  await import(pathToFileURL(resolve(file)).href);
}
await uvu.exec(false);
