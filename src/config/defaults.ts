import type { Config } from '../types.js';

export const CONFIG_FILE = 'parallel.config.yaml';

/** `queue.dir` without a config (the agent-skill ecosystem's folder). */
export const DEFAULT_QUEUE_DIR = '.agent/queue';

/** The defaults of docs/config.md: what a repository without `parallel.config.yaml` gets. */
export function defaultConfig(): Config {
  return {
    queue: { dir: DEFAULT_QUEUE_DIR },
    tracking: { provider: 'file-based' },
    autonomy: { level: 'L2', max_parallel: 5, continue_on_error: true },
    git: { base: 'main' },
    analysis: { tsconfig: 'tsconfig.json', import_graph: true, reads: 'direct', components: {}, resources: {} },
    plan: { file: '.agent/plan.yaml' },
    hook: { mode: 'stage' },
    run: { command: null, isolation: 'none', max_load: null, min_free_memory: null, land: 'merge', retry_on_conflict: 1, gate: null },
  };
}
