import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { HOOK_COMMAND, callsWaveplan, isManagedHook } from './hook-script.js';
import { removeFromHuskyHook } from './husky.js';
import type { HookReport } from './install-hooks.js';
import { writeExecutable } from './install-hooks.js';
import { removeFromLefthook } from './lefthook.js';
import { displayPath, locateHooks } from './locate-hooks.js';

/**
 * Remove what `hooks install` added, wherever it is (git hooks folder, husky, lefthook),
 * and nothing else: a hook file without waveplan's marker is left as it is.
 */
export async function uninstallHooks(options: { root: string; env?: Record<string, string | undefined> }): Promise<HookReport> {
  const targets = await locateHooks(options.root, options.env);
  const messages: string[] = [];
  const hook = existsSync(targets.hookFile) ? readFileSync(targets.hookFile, 'utf8') : undefined;
  const shown = displayPath(targets, targets.hookFile);
  if (hook !== undefined && isManagedHook(hook)) {
    rmSync(targets.hookFile);
    messages.push(`removed the waveplan pre-commit hook at ${shown}.`);
  } else if (hook !== undefined && callsWaveplan(hook) && !isHuskyHook(targets.huskyDir, targets.hookFile)) {
    // (husky's own hook is handled below: removing the line is what uninstall does there)
    messages.push(`${shown} is not waveplan's, so it was left alone; it still runs waveplan: remove the line \`${HOOK_COMMAND}\` from it yourself.`);
  }
  if (targets.huskyDir) {
    const file = join(targets.huskyDir, 'pre-commit');
    const removed = existsSync(file) ? removeFromHuskyHook(readFileSync(file, 'utf8')) : undefined;
    if (removed?.isEmpty) {
      rmSync(file);
      messages.push(`removed ${displayPath(targets, file)} (it only ran waveplan).`);
    } else if (removed) {
      writeExecutable(file, removed.text);
      messages.push(`removed \`${HOOK_COMMAND}\` from ${displayPath(targets, file)}.`);
    }
  }
  if (targets.lefthookFile) {
    const next = removeFromLefthook(readFileSync(targets.lefthookFile, 'utf8'));
    if (next !== undefined) {
      writeFileSync(targets.lefthookFile, next);
      messages.push(`removed pre-commit.commands.waveplan from ${displayPath(targets, targets.lefthookFile)}.`);
    }
  }
  if (messages.length === 0) messages.push('no waveplan pre-commit hook is installed; nothing to remove.');
  return { ok: true, messages };
}

/** Whether the hook file is husky's (in its folder), whose waveplan line the husky step removes. */
function isHuskyHook(huskyDir: string | undefined, hookFile: string): boolean {
  if (!huskyDir) return false;
  const rel = relative(resolve(huskyDir), resolve(hookFile));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
