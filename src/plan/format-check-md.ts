import type { PlanCheck } from './check-plan.js';

/** Bullets shown at most; the rest are counted (a PR comment has room for the report too). */
const MAX_SHOWN = 40;

/**
 * `plan --check --format md`: the committed plan against a fresh compile, for a pull-request
 * comment (docs/github.md). What moved, one bullet each, and the fix.
 */
export function formatCheckMarkdown(file: string, check: Pick<PlanCheck, 'status' | 'messages'>): string {
  const shown = check.messages.slice(0, MAX_SHOWN).map((m) => `- ${m.replace(/\n/g, ' ')}`);
  const more = check.messages.length - shown.length;
  if (more > 0) shown.push(`- … and ${more} more (run \`waveplan plan --check\`)`);
  switch (check.status) {
    case 'same':
      return `**Plan check** ✅ \`${file}\` is what the queue compiles to.\n`;
    case 'differs':
      return [`**Plan check** ⚠️ \`${file}\` is stale; a fresh compile differs:`, '', ...shown, '', 'Run `waveplan plan` and commit the plan file.', ''].join(
        '\n',
      );
    case 'missing':
      return `**Plan check** ⚠️ no plan file at \`${file}\`: run \`waveplan plan\` and commit it.\n`;
    default:
      return [`**Plan check** ❌ ${check.messages[0] ?? `\`${file}\` is not a valid plan`}`, '', ...shown.slice(1), ''].join('\n');
  }
}
