#!/usr/bin/env node
// Build step (after tsc): bundle the CLI into dist/bin/ with esbuild, split at every dynamic
// import so each command loads only its own code. Node's ESM loader pays per module (resolve,
// read, link): the ~150 modules that `hooks run pre-commit` used to load from dist/ and from
// node_modules (yaml alone is 36) cost about 0.1 s of a hook that must finish in 0.3 s.
// dist/ itself stays tsc's output: it is the library (`import … from 'waveplan'`) with types.
// Left outside the bundle: TypeScript (ts-morph; 10 MB, loaded only to resolve cold), the
// oxc-parser native binding, and ajv (the schema compiler, a fallback for a stale build).
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bin');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'src/cli/main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ts-morph', 'typescript', 'oxc-parser', 'ajv', 'ajv/*'],
  // Bundled CommonJS dependencies call require() for Node built-ins; give ESM chunks one.
  banner: { js: "import { createRequire as __waveplanRequire } from 'node:module'; const require = __waveplanRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
