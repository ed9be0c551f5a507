import { ExitCode } from '../../exit-code.js';
import { installHooks } from '../../hooks/install-hooks.js';
import type { CommandAction } from '../context.js';

const hooksInstall: CommandAction = async (ctx) => {
  const report = await installHooks({ root: ctx.root, env: ctx.io.env });
  const text = `${report.messages.join('\n')}\n`;
  if (report.ok) ctx.io.stdout(text);
  else ctx.io.stderr(text);
  return report.ok ? ExitCode.ok : ExitCode.error;
};

export default hooksInstall;
