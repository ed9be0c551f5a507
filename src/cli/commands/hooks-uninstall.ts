import { ExitCode } from '../../exit-code.js';
import { uninstallHooks } from '../../hooks/uninstall-hooks.js';
import type { CommandAction } from '../context.js';

const hooksUninstall: CommandAction = async (ctx) => {
  const report = await uninstallHooks({ root: ctx.root, env: ctx.io.env });
  ctx.io.stdout(`${report.messages.join('\n')}\n`);
  return report.ok ? ExitCode.ok : ExitCode.error;
};

export default hooksUninstall;
