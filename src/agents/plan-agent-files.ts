import { isDeepStrictEqual } from 'node:util';
import {
  AGENTS_SECTION,
  AGENTS_SECTION_BEGIN,
  AGENTS_SECTION_END,
  CLAUDE_SKILL,
  CODEX_TOML,
  CODEX_TOML_BEGIN,
  CODEX_TOML_END,
  MARKER,
  MCP_SERVER,
} from './skill-text.js';

export const AGENTS = ['claude', 'codex'] as const;
export type Agent = (typeof AGENTS)[number];

export const SKILL_FILE = '.claude/skills/parallel-execution/SKILL.md';
export const MCP_JSON = '.mcp.json';
export const AGENTS_MD = 'AGENTS.md';
export const CODEX_CONFIG = '.codex/config.toml';

/** A file to write (content) or delete (null), repo-relative. */
export interface FileChange {
  path: string;
  content: string | null;
}

export interface AgentFilesPlan {
  changes: FileChange[];
  /** What was done or is already in place, one line each. */
  messages: string[];
  /** Files left alone because waveplan did not write them: install exits 1. */
  refused: string[];
}

/** Reads a repo-relative file: its text, or undefined when it does not exist. */
export type ReadFile = (path: string) => string | undefined;

const empty = (): AgentFilesPlan => ({ changes: [], messages: [], refused: [] });

/** What `agent install AGENT` changes (pure; docs/agents.md). Never a file waveplan did not write. */
export function planInstall(agent: Agent, read: ReadFile): AgentFilesPlan {
  const plan = empty();
  if (agent === 'claude') {
    ownedFile(plan, read, SKILL_FILE, CLAUDE_SKILL, 'the parallel-execution skill');
    mcpJsonInstall(plan, read);
  } else {
    agentsMdInstall(plan, read);
    codexConfigInstall(plan, read);
  }
  return plan;
}

/** What `agent uninstall` removes: only what carries waveplan's marker, or equals what it wrote (pure). */
export function planUninstall(agents: readonly Agent[], read: ReadFile): AgentFilesPlan {
  const plan = empty();
  if (agents.includes('claude')) {
    const skill = read(SKILL_FILE);
    if (skill !== undefined && skill.includes(MARKER)) change(plan, SKILL_FILE, null, `removed ${SKILL_FILE}`);
    mcpJsonUninstall(plan, read);
  }
  if (agents.includes('codex')) {
    const removeBlock = (path: string, begin: string, end: string, deleteWhenEmpty: boolean) => {
      const text = read(path);
      const rest = text === undefined ? undefined : withoutBlock(text, begin, end);
      if (text === undefined || rest === undefined) return;
      const gone = deleteWhenEmpty && rest.trim() === '';
      change(plan, path, gone ? null : rest, gone ? `removed ${path}` : `removed the waveplan section of ${path}`);
    };
    removeBlock(AGENTS_MD, AGENTS_SECTION_BEGIN, AGENTS_SECTION_END, true);
    removeBlock(CODEX_CONFIG, CODEX_TOML_BEGIN, CODEX_TOML_END, false);
  }
  if (plan.changes.length === 0) plan.messages.push('nothing to remove: no file or section written by `waveplan agent install`');
  return plan;
}

function change(plan: AgentFilesPlan, path: string, content: string | null, message: string): void {
  plan.changes.push({ path, content });
  plan.messages.push(message);
}

/** A whole file of ours: written when missing, updated when it carries the marker, else left alone. */
function ownedFile(plan: AgentFilesPlan, read: ReadFile, path: string, content: string, what: string): void {
  const current = read(path);
  if (current === content) plan.messages.push(`${path}: ${what} is installed`);
  else if (current === undefined) change(plan, path, content, `wrote ${path} (${what})`);
  else if (current.includes(MARKER)) change(plan, path, content, `updated ${path} (${what})`);
  else plan.refused.push(`${path} exists and was not written by waveplan: left as is (move it away to install ${what})`);
}

function mcpJsonInstall(plan: AgentFilesPlan, read: ReadFile): void {
  const text = read(MCP_JSON);
  const parsed = text === undefined ? {} : parseObject(text);
  if (parsed === undefined)
    return void plan.refused.push(`${MCP_JSON} is not a JSON object: left as is; add "waveplan": ${JSON.stringify(MCP_SERVER)} under "mcpServers" by hand`);
  const servers = parsed.mcpServers ?? {};
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers))
    return void plan.refused.push(`${MCP_JSON}: "mcpServers" is not an object: left as is`);
  const current = (servers as Record<string, unknown>).waveplan;
  if (isDeepStrictEqual(current, MCP_SERVER)) return void plan.messages.push(`${MCP_JSON}: the waveplan MCP server is registered`);
  if (current !== undefined)
    return void plan.refused.push(`${MCP_JSON} registers its own "waveplan" server: left as is (waveplan's is ${JSON.stringify(MCP_SERVER)})`);
  const next = { ...parsed, mcpServers: { ...(servers as Record<string, unknown>), waveplan: MCP_SERVER } };
  change(
    plan,
    MCP_JSON,
    `${JSON.stringify(next, null, 2)}\n`,
    `${text === undefined ? 'wrote' : 'added the waveplan MCP server to'} ${MCP_JSON} (\`npx waveplan mcp\`)`,
  );
}

function mcpJsonUninstall(plan: AgentFilesPlan, read: ReadFile): void {
  const text = read(MCP_JSON);
  const parsed = text === undefined ? undefined : parseObject(text);
  const servers = parsed?.mcpServers as Record<string, unknown> | undefined;
  if (!parsed || !servers || !isDeepStrictEqual(servers.waveplan, MCP_SERVER)) return;
  const { waveplan: _ours, ...others } = servers;
  const next = { ...parsed, mcpServers: others };
  // Nothing else in it: the file was ours.
  if (Object.keys(others).length === 0 && Object.keys(parsed).length === 1) change(plan, MCP_JSON, null, `removed ${MCP_JSON}`);
  else change(plan, MCP_JSON, `${JSON.stringify(next, null, 2)}\n`, `removed the waveplan MCP server from ${MCP_JSON}`);
}

function agentsMdInstall(plan: AgentFilesPlan, read: ReadFile): void {
  const text = read(AGENTS_MD);
  if (text === undefined) return change(plan, AGENTS_MD, AGENTS_SECTION, `wrote ${AGENTS_MD} (the waveplan section)`);
  const rest = withoutBlock(text, AGENTS_SECTION_BEGIN, AGENTS_SECTION_END);
  if (rest === undefined) return change(plan, AGENTS_MD, `${text.trimEnd()}\n\n${AGENTS_SECTION}`, `added the waveplan section to ${AGENTS_MD}`);
  const start = text.indexOf(AGENTS_SECTION_BEGIN);
  const next = replaceBlock(text, start, AGENTS_SECTION_END, AGENTS_SECTION);
  if (next === text) plan.messages.push(`${AGENTS_MD}: the waveplan section is installed`);
  else change(plan, AGENTS_MD, next, `updated the waveplan section of ${AGENTS_MD}`);
}

function codexConfigInstall(plan: AgentFilesPlan, read: ReadFile): void {
  const text = read(CODEX_CONFIG);
  if (text === undefined) {
    plan.messages.push(
      `register the MCP server with Codex: add to ~/.codex/config.toml (or to the project's ${CODEX_CONFIG} once it has one, then run this again):\n${CODEX_TOML.trimEnd()}`,
    );
    return;
  }
  if (text.includes(CODEX_TOML_BEGIN)) {
    const next = replaceBlock(text, text.indexOf(CODEX_TOML_BEGIN), CODEX_TOML_END, CODEX_TOML);
    if (next === text) plan.messages.push(`${CODEX_CONFIG}: the waveplan MCP server is registered`);
    else change(plan, CODEX_CONFIG, next, `updated the waveplan MCP server in ${CODEX_CONFIG}`);
  } else if (/^\s*\[mcp_servers\.waveplan\]/m.test(text)) plan.refused.push(`${CODEX_CONFIG} has its own [mcp_servers.waveplan]: left as is`);
  else change(plan, CODEX_CONFIG, `${text.trimEnd()}${text.trim() ? '\n\n' : ''}${CODEX_TOML}`, `added the waveplan MCP server to ${CODEX_CONFIG}`);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `text` with the block from `start` to the end marker's line replaced by `block` (which ends in a newline). */
function replaceBlock(text: string, start: number, end: string, block: string): string {
  const endAt = text.indexOf(end, start);
  const after = text.indexOf('\n', endAt + end.length);
  return text.slice(0, start) + block + (after === -1 ? '' : text.slice(after + 1));
}

/** `text` without the marked block and the blank line install put before it; undefined when there is none. */
function withoutBlock(text: string, begin: string, end: string): string | undefined {
  const start = text.indexOf(begin);
  if (start === -1 || text.indexOf(end, start) === -1) return undefined;
  const kept = replaceBlock(text, start, end, '');
  const before = kept.slice(0, start).replace(/\n\n$/, '\n');
  return before + kept.slice(start);
}
