import { stagedGitPort } from '../io/git-index.js';
import type { CompileStaged } from './pre-commit.js';

let compiler: Promise<typeof import('../plan/build-plan.js')> | undefined;

/** The plan compiler's modules (the bulk of what the hook loads), loaded once. */
export function loadCompiler() {
  compiler ??= import('../plan/build-plan.js');
  return compiler;
}

/**
 * The plan of the staged state: buildPlan with the index as its tree and its git port (file
 * list, blob ids), reading source texts from the index too (the import graph keys its cache
 * by staged blob ids), so unstaged edits never reach the committed plan. Loaded lazily by the
 * hook command, so `hooks install` never pays for the compiler.
 */
export const compileStaged: CompileStaged = async ({ root, tree, env }) => {
  const { buildPlanForFile, compiled } = await loadCompiler();
  const git = stagedGitPort(tree, { loadBase: async () => (await import('../io/git.js')).gitPort(root) });
  const { built, planFile } = await buildPlanForFile({ root, tree, git, sourcesFromTree: true, env });
  return {
    bytes: built.bytes,
    config: built.loaded.config,
    diagnostics: built.diagnostics,
    planFileHoldsBytes: planFile.nowHolds,
    async changes() {
      if (!compiled(built)) return [];
      const [{ readPlanFile }, { checkPlan }] = await Promise.all([import('../plan/parse-plan.js'), import('../plan/check-plan.js')]);
      return checkPlan(await readPlanFile(tree, built.loaded.config), built).messages;
    },
  };
};
