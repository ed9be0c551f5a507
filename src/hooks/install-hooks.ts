import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { writeFileAtomicSync } from '../io/atomic-write.js';
import { HOOK_COMMAND, callsWaveplan, describeHook, isManagedHook, readHookScript } from './hook-script.js';
import { addToHuskyHook, newHuskyHook } from './husky.js';
import { LEFTHOOK_JOB_SNIPPET, LEFTHOOK_SNIPPET, addToLefthook } from './lefthook.js';
import { displayPath, locateHooks, type HookTargets } from './locate-hooks.js';

/** What install/uninstall did, in lines for the user; `ok: false` means nothing was changed. */
export interface HookReport {
  ok: boolean;
  messages: string[];
}

export const PRE_COMMIT_SNIPPET = `  - repo: local\n    hooks:\n      - id: waveplan\n        name: waveplan plan\n        entry: npx --no-install waveplan hooks run pre-commit\n        language: system\n        pass_filenames: false\n        always_run: true\n`;

/**
 * Install the pre-commit hook where this repository's hooks really run: husky's
 * `.husky/pre-commit`, lefthook's config, or git's hooks folder. Every collision is
 * checked before anything is written, and a hook waveplan did not write is never replaced.
 */
export async function installHooks(options: { root: string; env?: Record<string, string | undefined> }): Promise<HookReport> {
  const targets = await locateHooks(options.root, options.env);
  if (targets.huskyDir) return installHusky(targets, targets.huskyDir);
  if (targets.lefthookFile) return installLefthook(targets, targets.lefthookFile);
  if (targets.preCommitFile) {
    return {
      ok: false,
      messages: [
        `this repository uses the pre-commit framework (${displayPath(targets, targets.preCommitFile)}), which owns the git hook; waveplan changed nothing.`,
        'Add waveplan to .pre-commit-config.yaml under `repos:` and run `pre-commit install`:',
        PRE_COMMIT_SNIPPET,
      ],
    };
  }
  return installGitHook(targets);
}

function installGitHook(targets: HookTargets): HookReport {
  const file = targets.hookFile;
  const shown = displayPath(targets, file);
  const script = readHookScript();
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current !== undefined && !isManagedHook(current)) {
    if (callsWaveplan(current)) return { ok: true, messages: [`${shown} is not waveplan's, but it already runs \`${HOOK_COMMAND}\`; nothing to do.`] };
    return {
      ok: false,
      messages: [
        `${shown} already exists and is ${describeHook(current)}; waveplan does not overwrite hooks it did not write, so nothing was changed.`,
        ...preview(current),
        `To chain waveplan, add this line to ${shown} (before any \`exec\` or \`exit\`):`,
        `  ${HOOK_COMMAND}`,
      ],
    };
  }
  if (current === script) return { ok: true, messages: [`the waveplan pre-commit hook is already installed at ${shown}.`] };
  mkdirSync(dirname(file), { recursive: true });
  writeExecutable(file, script);
  return { ok: true, messages: [`${current === undefined ? 'installed' : 'updated'} the waveplan pre-commit hook at ${shown}.`] };
}

function installHusky(targets: HookTargets, huskyDir: string): HookReport {
  const file = join(huskyDir, 'pre-commit');
  const shown = displayPath(targets, file);
  const note = huskyNote(targets, huskyDir);
  if (!existsSync(file)) {
    writeExecutable(file, newHuskyHook(existsSync(join(huskyDir, '_', 'husky.sh')) && !existsSync(join(huskyDir, '_', 'h'))));
    return { ok: true, messages: [`husky detected: created ${shown} running \`${HOOK_COMMAND}\`.`, ...note] };
  }
  const next = addToHuskyHook(readFileSync(file, 'utf8'));
  if (next === undefined) return { ok: true, messages: [`husky detected: ${shown} already runs \`${HOOK_COMMAND}\`.`, ...note] };
  writeExecutable(file, next);
  return { ok: true, messages: [`husky detected: added \`${HOOK_COMMAND}\` to ${shown}.`, ...note] };
}

/**
 * Husky runs hooks only once it has pointed git at its folder (core.hooksPath `.husky/_` in v9,
 * `.husky` before), which its `prepare` script does on `npm install`: in a fresh clone git still
 * runs `.git/hooks`, and the line added to `.husky/pre-commit` never runs (docs/hooks.md).
 */
function huskyNote(targets: HookTargets, huskyDir: string): string[] {
  const rel = relative(huskyDir, targets.hooksDir);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return [];
  return [
    `husky is not set up in this clone: git runs the hooks in ${displayPath(targets, targets.hooksDir)}, not ${displayPath(targets, huskyDir)}/, so this hook runs once husky is: \`npm install\` (husky's prepare script), or \`npx husky\` (husky 9; \`npx husky install\` before).`,
  ];
}

function installLefthook(targets: HookTargets, configFile: string): HookReport {
  const shown = displayPath(targets, configFile);
  const edit = addToLefthook(readFileSync(configFile, 'utf8'));
  if (edit.kind === 'present') return { ok: true, messages: [`lefthook detected: ${shown} already runs waveplan.`] };
  if (edit.kind === 'unsafe') {
    return {
      ok: false,
      messages: [
        `lefthook detected, but waveplan will not edit ${shown}: ${edit.reason}. Nothing was changed.`,
        // A hook configured with a `jobs:` list gets a jobs entry, not a `commands:` map beside it.
        edit.jobs
          ? `Add this entry to pre-commit.jobs in ${shown} and run \`npx lefthook install\`:\n${LEFTHOOK_JOB_SNIPPET}`
          : `Add this to ${shown} and run \`npx lefthook install\`:\n${LEFTHOOK_SNIPPET}`,
      ],
    };
  }
  writeFileSync(configFile, edit.text);
  const hook = existsSync(targets.hookFile) ? readFileSync(targets.hookFile, 'utf8') : '';
  const note = /lefthook/i.test(hook) ? [] : ['run `npx lefthook install` so git calls lefthook for pre-commit.'];
  return { ok: true, messages: [`lefthook detected: added pre-commit.commands.waveplan to ${shown}.`, ...note] };
}

/** LF bytes, mode 755, written beside the target and renamed over it (no half-written hook). */
export function writeExecutable(file: string, text: string): void {
  writeFileAtomicSync(file, text.replace(/\r\n/g, '\n'), { mode: 0o755 });
}

function preview(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 4);
  return ['It begins:', ...lines.map((l) => `  | ${l.length > 100 ? `${l.slice(0, 100)}…` : l}`)];
}
