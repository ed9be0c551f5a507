import { HOOK_COMMAND } from './hook-script.js';

/** The two lines waveplan adds to `.husky/pre-commit` (husky puts node_modules/.bin on PATH). */
export const HUSKY_COMMENT = '# waveplan: keep the plan file in step with the staged queue';
export const HUSKY_LINES = `${HUSKY_COMMENT}\n${HOOK_COMMAND}\n`;

/** Husky ≤ 8 hooks source `_/husky.sh`; v9 hooks are plain lines. */
export function newHuskyHook(isLegacy: boolean): string {
  return isLegacy ? `#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n${HUSKY_LINES}` : HUSKY_LINES;
}

/** `.husky/pre-commit` with waveplan's lines appended, or undefined when it already runs waveplan. */
export function addToHuskyHook(text: string): string | undefined {
  if (text.split(/\r?\n/).some((line) => line.trim() === HOOK_COMMAND)) return undefined;
  const body = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
  return `${body}${body.trim() === '' ? '' : '\n'}${HUSKY_LINES}`;
}

/**
 * `.husky/pre-commit` without waveplan's lines: `{ text }`, `{ remove: true }` when
 * nothing but husky boilerplate is left, or undefined when waveplan is not in it.
 */
export function removeFromHuskyHook(text: string): { text: string; isEmpty: boolean } | undefined {
  const lines = text.split('\n');
  const kept = lines.filter((line) => line.trim() !== HOOK_COMMAND && line.trim() !== HUSKY_COMMENT);
  if (kept.length === lines.length) return undefined;
  const result = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\n+$/, '\n');
  const meaningful = kept.filter((line) => line.trim() !== '' && !line.startsWith('#!') && !line.includes('_/husky.sh'));
  return { text: result === '\n' ? '' : result, isEmpty: meaningful.length === 0 };
}
