import { hasErrors } from '../diagnostics.js';
import { loadQueue } from '../queue/load-queue.js';
import type { CompileStaged } from './pre-commit.js';

/** PLACEHOLDER until the plan compiler lands: a minimal plan text from the staged queue. */
export const compileStaged: CompileStaged = async ({ tree }) => {
  const loaded = await loadQueue(tree);
  if (hasErrors(loaded.diagnostics)) return { config: loaded.config, diagnostics: loaded.diagnostics };
  const lines = ['version: 1', 'items:', ...loaded.items.map((i) => `  - ${i.id} ${i.status}`), 'waves:', ...loaded.items.filter((i) => i.status !== 'completed').map((i) => `  - ${i.id}`)];
  return { text: `${lines.join('\n')}\n`, config: loaded.config, diagnostics: loaded.diagnostics };
};
