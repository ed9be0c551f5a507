// The baseline of the real-corpus bench (docs/benchmarks.md): the import graph as a plain script
// builds it with the TypeScript API. Every TS file git lists is read, `ts.preProcessFile` lists
// its specifiers and `ts.resolveModuleName` resolves them with one shared resolution cache and the
// root tsconfig's options, on the real file system. Run in the repository: `node ts-api-graph.mjs`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 })
  .split('\0')
  .filter((f) => /\.(?:[cm]?ts|tsx)$/.test(f) && !f.includes('node_modules/'));
const config = join(root, 'tsconfig.json');
let options = {};
if (existsSync(config)) {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
  options = ts.getParsedCommandLineOfConfigFile(config, {}, host)?.options ?? {};
}
const cache = ts.createModuleResolutionCache(root, (f) => f, options);
let edges = 0;
for (const file of files) {
  const abs = join(root, file);
  let text;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    continue;
  }
  for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
    const resolved = ts.resolveModuleName(imported.fileName, abs, options, ts.sys, cache).resolvedModule;
    if (resolved && !resolved.isExternalLibraryImport) edges++;
  }
}
process.stdout.write(`${files.length} files, ${edges} edges\n`);
