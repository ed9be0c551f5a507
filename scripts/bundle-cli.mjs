#!/usr/bin/env node
// Build step (after tsc): bundle the CLI into dist/bin/ with esbuild, split at every dynamic
// import so each command loads only its own code. Node's ESM loader pays per module (resolve,
// read, link): the ~120 modules that `hooks run pre-commit` loaded from dist/ (66) and from
// node_modules (yaml, commander, picomatch…) cost 60–80 ms of a hook that must finish in 0.3 s.
// dist/ itself stays tsc's output: it is the library (`import … from 'waveplan'`) with types.
// Left outside the bundle: TypeScript (10 MB, loaded only to resolve cold), the oxc-parser
// native binding, and ajv (the schema compiler, a fallback for a stale build).
// The source imports `{ ts }` from ts-morph; in the bundle that import loads the compiler
// ts-morph bundles (@ts-morph/common/dist/typescript.js) directly, without ts-morph's own
// 4 MB of code: a cold plan starts ~0.27 s sooner. The same compiler, member for member
// (test/analyze/typescript-compiler.test.ts), compiled from V8's code cache when there is one
// (src/cli/load-typescript.ts: ~0.15 s more); importing anything else from ts-morph fails this
// build, by design.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isBuiltin } from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `import { ts } from 'ts-morph'` → the compiler file ts-morph itself loads. */
const typescriptOnly = {
  name: 'ts-morph-compiler-only',
  setup(build) {
    build.onResolve({ filter: /^ts-morph$/ }, () => ({ path: 'ts-morph', namespace: 'ts-morph-compiler' }));
    build.onLoad({ filter: /.*/, namespace: 'ts-morph-compiler' }, () => ({
      // src/cli/load-typescript.ts: that file, compiled from V8's code cache when there is one.
      contents: "import { loadTypeScript } from './src/cli/load-typescript.ts';\nexport const ts = loadTypeScript();\n",
      loader: 'js',
      resolveDir: root,
    }));
  },
};
const outdir = join(root, 'dist/bin');
// Bundled CommonJS dependencies, and built-ins (below), call require(); a chunk that requires
// nothing goes without it (each createRequire costs a little).
const BANNER = "import { createRequire as __waveplanRequire } from 'node:module'; const require = __waveplanRequire(import.meta.url);\n";
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: join(root, 'src/cli/main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@ts-morph/common/*', 'typescript', 'oxc-parser', 'ajv', 'ajv/*'],
  plugins: [typescriptOnly],
  banner: { js: BANNER.trimEnd() },
  logLevel: 'warning',
  legalComments: 'none',
});

// Built-in modules are required, not imported: Node builds an ES module facade for each built-in
// the first time one is imported, reading every export, and for node:fs those exports include
// getters that load fs/promises, streams and readline; for node:crypto, webcrypto. Required, a
// warm plan at 5,000 files loads ~8 ms less (tests/e2e run this bundle). The banner's
// node:module import stays: it makes the `require` these use.
for (const file of readdirSync(outdir).filter((f) => f.endsWith('.js'))) {
  const path = join(outdir, file);
  const code = readFileSync(path, 'utf8');
  let required = code
    .replace(/^import \{([^}]*)\} from "((?:node:)?[a-z_/]+)";$/gm, (line, names, id) =>
      isBuiltin(id) ? `const {${names.replace(/\s+as\s+/g, ': ')}} = require(${JSON.stringify(id)});` : line,
    )
    .replace(/^import (?:\* as )?([A-Za-z_$][\w$]*) from "((?:node:)?[a-z_/]+)";$/gm, (line, name, id) =>
      isBuiltin(id) ? `const ${name} = require(${JSON.stringify(id)});` : line,
    );
  if (required.startsWith(BANNER) && !/\brequire\b/.test(required.slice(BANNER.length))) required = required.slice(BANNER.length);
  if (required !== code) writeFileSync(path, required);
}

// dist/build-id: a hash of the sources this build came from. The caches under .agent/cache/ key
// on it with the version, so a build with other code (an unreleased one, `npm link`) never takes
// a plan or a graph that another build computed.
const hash = createHash('sha256');
const sources = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : [join(dir, e.name)]));
for (const file of sources(join(root, 'src')).sort())
  hash
    .update(`${file.slice(root.length)}\0`)
    .update(readFileSync(file))
    .update('\0');
writeFileSync(join(root, 'dist/build-id'), `${hash.digest('hex').slice(0, 16)}\n`);
