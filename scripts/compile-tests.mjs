// npm test runs the tests as JavaScript compiled once (scripts/run-tests.mjs calls compileTests):
// each .ts file of src/, test/ and bench/ → node_modules/.cache/waveplan-tests/js/<same path>.js
// with esbuild, one file at a time (no bundling: a batch of test files shares each module, as it
// does under tsx). Under tsx every test process paid ~0.5 s of CPU for the loader before its first
// test, and more for each module it loaded. `import.meta.url` in the compiled file is the .ts
// file's URL, so what a file finds beside itself (fixtures, the bin, package.json, createRequire)
// is what it finds under tsx; stack traces point at the .ts lines (inline source maps, node
// --enable-source-maps). Only files that changed since the last compile are compiled again.
// `npx tsx scripts/uvu-files.mjs <files>` still runs test files from source.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIRS = ['src', 'test', 'bench'];
/** Folders never compiled: hidden ones (`bench/.work/`, the benches' checkouts of other repositories) and dependencies. */
const SKIPPED = /^(?:\..*|node_modules)$/;

function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isDirectory() ? (SKIPPED.test(e.name) ? [] : walk(join(dir, e.name))) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** The compiled twin of `file` (absolute .ts path under `root`) in `outDir`. */
export const compiledPath = (root, outDir, file) => join(outDir, relative(root, file)).replace(/\.ts$/, '.js');

/**
 * Compiles every .ts file of src/, test/ and bench/ that changed since the last compile (its size or
 * modification time differs from what `outDir/manifest.json` recorded, or this script, esbuild or
 * tsconfig.json changed) into `outDir`, and removes twins whose source is gone. Returns how many
 * files it compiled.
 */
export async function compileTests(root, outDir) {
  const esbuild = await import('esbuild');
  const tsconfigText = readFileSync(join(root, 'tsconfig.json'), 'utf8');
  const { target, verbatimModuleSyntax } = JSON.parse(tsconfigText).compilerOptions;
  const key = `${esbuild.version}\0${tsconfigText}\0${readFileSync(fileURLToPath(import.meta.url), 'utf8')}`;
  const manifestFile = join(outDir, 'manifest.json');
  let manifest = { key, files: {} };
  try {
    const last = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (last.key === key) manifest = last;
  } catch {
    // first compile, or a manifest from elsewhere: compile everything
  }
  const sources = DIRS.flatMap((d) => walk(join(root, d)));
  const files = {};
  for (const file of sources) {
    const { size, mtimeMs } = statSync(file);
    files[relative(root, file)] = `${size} ${mtimeMs}`;
  }
  const wanted = new Set(sources.map((f) => compiledPath(root, outDir, f)));
  for (const old of DIRS.flatMap((d) => walkJs(join(outDir, d)))) if (!wanted.has(old)) rmSync(old, { force: true });
  const stale = sources.filter((file) => manifest.files[relative(root, file)] !== files[relative(root, file)] || !existsSync(compiledPath(root, outDir, file)));
  await Promise.all(
    stale.map(async (file) => {
      const url = pathToFileURL(file).href;
      const { code } = await esbuild.transform(readFileSync(file, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        platform: 'node',
        target: 'node20',
        sourcemap: 'inline',
        sourcefile: url,
        define: { 'import.meta.url': JSON.stringify(url) },
        tsconfigRaw: { compilerOptions: { target, verbatimModuleSyntax, useDefineForClassFields: true } },
      });
      const out = compiledPath(root, outDir, file);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, code);
    }),
  );
  mkdirSync(outDir, { recursive: true });
  writeFileSync(manifestFile, `${JSON.stringify({ key, files })}\n`);
  return stale.length;
}

function walkJs(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? walkJs(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
}
