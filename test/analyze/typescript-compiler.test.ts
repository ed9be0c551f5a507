import { createRequire } from 'node:module';
import { ts } from 'ts-morph';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The bundled CLI loads this file for `import { ts } from 'ts-morph'` (scripts/bundle-cli.mjs),
// skipping ts-morph's own code: it must be the very compiler ts-morph exports (ts-morph hands it
// out through an interop wrapper, so the namespace objects differ but every member is the same).
test('the compiler file the CLI loads is the `ts` ts-morph exports', () => {
  const direct = createRequire(import.meta.url)('@ts-morph/common/dist/typescript.js') as Record<string, unknown>;
  const exported = ts as unknown as Record<string, unknown>;
  assert.is(direct.version, ts.version);
  assert.equal(
    Object.keys(exported).filter((key) => key !== 'default' && exported[key] !== direct[key]),
    [],
  );
  assert.is(direct.preProcessFile, ts.preProcessFile);
  assert.is(direct.resolveModuleName, ts.resolveModuleName);
});

test.run();
