import { AGENTS, planInstall, planUninstall, type Agent } from '../../agents/plan-agent-files.js';
import { agentFileReader, writeAgentFiles } from '../../agents/write-agent-files.js';
import { WaveplanError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import type { CommandAction } from '../context.js';

function parseAgent(value: string): Agent {
  if ((AGENTS as readonly string[]).includes(value)) return value as Agent;
  throw new WaveplanError(`unknown agent "${value}": expected ${AGENTS.join(' or ')} (e.g. waveplan agent install claude)`);
}

/** `agent install claude|codex`: the skill and the MCP registration (docs/agents.md). */
export const agentInstall: CommandAction = async (ctx, args) => {
  const plan = planInstall(parseAgent(args[0]), agentFileReader(ctx.root));
  writeAgentFiles(ctx.root, plan.changes);
  if (plan.messages.length > 0) ctx.io.stdout(`${plan.messages.join('\n')}\n`);
  if (plan.refused.length > 0) ctx.io.stderr(`${plan.refused.map((r) => `waveplan: ${r}`).join('\n')}\n`);
  return plan.refused.length > 0 ? ExitCode.error : ExitCode.ok;
};

/** `agent uninstall [claude|codex]`: removes only what install wrote. */
export const agentUninstall: CommandAction = async (ctx, args) => {
  const plan = planUninstall(args[0] === undefined ? AGENTS : [parseAgent(args[0])], agentFileReader(ctx.root));
  writeAgentFiles(ctx.root, plan.changes);
  ctx.io.stdout(`${plan.messages.join('\n')}\n`);
  return ExitCode.ok;
};
