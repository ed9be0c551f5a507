/** What `waveplan agent install` writes (docs/agents.md): the workflow, for an agent to follow. */

/** The line that marks a file or section as written by `agent install`: uninstall removes only what carries it. */
export const MARKER = 'written by `waveplan agent install`; `waveplan agent uninstall` removes it';

const WORKFLOW = `## When to use it
The work is several independent tasks (features, fixes, refactors) in one repository: run them in
parallel instead of one after another, without two tasks editing the same files at once.

## Workflow
1. **Write one item per task** in \`.agent/queue/NNN-pending-short-slug.md\` (NNN: the next free
   number): a \`# Title\`, \`**Status**: pending\`, \`**BlockedBy**: 002, 005\` (or none) for tasks that
   need another one done first, a description of the task and its acceptance criteria. When you know
   which files it will change, say so in frontmatter; it makes the plan precise (without it,
   waveplan infers them from the words: the \`infer\` tool, or \`waveplan infer\`, shows what and how
   sure, and with \`write\` records them as \`files:\` for review; an item it cannot place runs alone):
   \`\`\`markdown
   ---
   files: [src/api/orders.ts, src/api/orders.test.ts]
   estimate: 2
   ---
   # Add order cancellation endpoint
   **Status**: pending
   **BlockedBy**: none
   \`\`\`
2. **Validate**: the \`validate\` tool (or \`waveplan validate\`). Fix every diagnostic (file:line, what
   was expected, how to fix it).
3. **Plan**: the \`plan\` tool (or \`waveplan plan\`) writes the plan file, \`.agent/plan.yaml\`: waves
   of items that touch different files, and the command each item will run. Commit it with the
   items and **let a person review the plan in the pull request** before anything runs. Do not edit
   the plan file by hand: change the items and plan again.
4. **Apply, detached**: the \`apply\` tool (or \`waveplan apply --detach\`) starts the reviewed plan in
   the background and returns a run id at once. It refuses a stale plan (plan again, get it
   reviewed) and a queue another run holds. Pass \`yes\` only when the person you work for agreed.
5. **Status**: the \`status\` tool (\`waveplan status RUN\`) never blocks: each item's state, time, exit
   code and log, and the last lines of running logs. Carry on with other work meanwhile.
6. **Wait**: the \`wait\` tool (\`waveplan wait RUN\`) blocks until the run ends and returns each item's
   outcome. Pass \`timeout_s\` and call it again while the run is still running.
7. **Failures**: a failed item is renamed \`NNN-blocked-…\` with the last lines of output under its
   \`## Notes\`; its full log is in \`.agent/runs/RUN/\`. Fix the cause, then \`requeue\` it (with the
   reason), plan again, review, apply.

## Reading \`explain\`
\`explain\` with one id: the files the item writes and where each came from (\`declared\` from its
\`files:\`, or inferred from its words), how many files it reads, whom it conflicts with, and its wave
with what keeps it out of earlier waves. With two ids: whether they may run together; if not, each
conflict with its evidence: the same file written by both, a shared resource or component, or an
import chain (reader → … → written file) where one writes what the other reads. To let two items
run together, narrow their \`files:\`; to order them, add \`**BlockedBy**\`. An item with an unknown
footprint (no \`files:\` and nothing inferred) runs alone: give it \`files:\`.
`;

/** `.claude/skills/parallel-execution/SKILL.md`. */
export const CLAUDE_SKILL = `---
name: parallel-execution
description: Run several independent coding tasks in parallel with waveplan - write queue items in .agent/queue/, compile a reviewed plan of conflict-free waves, start it in the background, check status, wait for the results, requeue failures. Use when there are several tasks to do in one repository.
---
<!-- ${MARKER} -->
# Parallel execution with waveplan

The \`waveplan\` MCP server (registered in \`.mcp.json\`) gives you the tools validate, plan, explain,
infer, apply, status, wait, requeue and report, and the plan file and item files as resources
(\`waveplan://plan\`, \`waveplan://items/NNN\`). Without it, run the same commands with \`npx waveplan\`
and \`--json\`.

${WORKFLOW}`;

/** The AGENTS.md section for Codex (and other agents that read AGENTS.md). */
export const AGENTS_SECTION_BEGIN = `<!-- waveplan:begin (${MARKER}) -->`;
export const AGENTS_SECTION_END = '<!-- waveplan:end -->';
export const AGENTS_SECTION = `${AGENTS_SECTION_BEGIN}
# Parallel execution with waveplan

Several independent tasks in this repository run in parallel through waveplan: the \`waveplan\` MCP
server (tools validate, plan, explain, infer, apply, status, wait, requeue, report), or \`npx waveplan …\`
with \`--json\`.

${WORKFLOW.replace(/^## /gm, '### ')}${AGENTS_SECTION_END}
`;

/** The MCP server entry both agents get. */
export const MCP_SERVER = { command: 'npx', args: ['waveplan', 'mcp'] } as const;

export const CODEX_TOML_BEGIN = `# waveplan:begin (${MARKER})`;
export const CODEX_TOML_END = '# waveplan:end';
export const CODEX_TOML = `${CODEX_TOML_BEGIN}
[mcp_servers.waveplan]
command = "npx"
args = ["waveplan", "mcp"]
${CODEX_TOML_END}
`;
