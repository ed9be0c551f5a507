import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { DEFAULT_PR_WORKFLOW, formatPrWorkflow, PR_WORKFLOW_HEADER } from '../../export/pr-workflow.js';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { PACKAGE_VERSION } from '../../package-root.js';
import type { CommandAction } from '../context.js';

interface InitOptions {
  output?: string;
  waveplan?: string;
  runsOn?: string;
  name?: string;
  force?: boolean;
}

/**
 * `waveplan ci init`: write the pull-request workflow (docs/github.md, "Plan review on pull
 * requests"). It replaces a workflow it wrote before, never someone else's file without --force.
 */
const init: CommandAction<InitOptions> = async (ctx, _args, options) => {
  const path = resolve(ctx.root, options.output ?? DEFAULT_PR_WORKFLOW);
  const shown = relative(ctx.root, path) || path;
  const text = formatPrWorkflow({
    waveplan: options.waveplan ?? `npx --yes waveplan@${PACKAGE_VERSION}`,
    ...(options.name ? { name: options.name } : {}),
    ...(options.runsOn ? { runsOn: options.runsOn } : {}),
  });
  const before = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    if (error.code === 'EISDIR') throw new WaveplanError(`${shown} is a folder: pass -o with a file name, e.g. -o ${DEFAULT_PR_WORKFLOW}`);
    throw error;
  });
  if (before !== undefined && !before.startsWith(`#${PR_WORKFLOW_HEADER}`) && !options.force)
    throw new WaveplanError(`${shown} exists and was not written by \`waveplan ci init\`: pass -o another file, or --force to replace it`);
  if (before === text) {
    ctx.io.stdout(`✓ ${shown} is up to date\n`);
    return ExitCode.ok;
  }
  await writeFileAtomic(path, text, { mkdir: true });
  ctx.io.stdout(
    `✓ ${before === undefined ? 'wrote' : 'updated'} ${shown}: on every pull request it runs \`waveplan ci review\`, which fails the check when ` +
      `the committed plan is stale, keeps one comment with the report up to date and uploads the full report.\n` +
      `  Commit it; docs/github.md says how a reviewer reads the comment.\n`,
  );
  return ExitCode.ok;
};

export default init;
