import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waveplan } from '../helpers/cli.js';
import { tempDir, writeFiles } from '../helpers/git-repo.js';

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const SKILL = '.claude/skills/parallel-execution/SKILL.md';
const SERVER = { command: 'npx', args: ['waveplan', 'mcp'] };

/** Every file under dir (repo-relative) with its text. */
function tree(dir: string, sub = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const path = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, tree(dir, path));
    else out[path] = read(dir, path);
  }
  return out;
}

const claude = suite('waveplan agent install claude / uninstall');

claude('an empty project: the skill and .mcp.json; again changes nothing; uninstall leaves the project as it was', async () => {
  const dir = tempDir();
  const installed = await waveplan(dir, ['agent', 'install', 'claude']);
  assert.is(installed.code, 0, installed.stderr);
  assert.match(installed.stdout, `wrote ${SKILL}`);
  const skill = read(dir, SKILL);
  assert.ok(skill.startsWith('---\nname: parallel-execution\ndescription: '), 'Claude Code reads the name and description from the frontmatter');
  for (const step of ['files:', 'waveplan plan', 'review the plan in the pull request', 'apply', 'status', 'wait', 'requeue', 'explain'])
    assert.match(skill, step);
  assert.equal(JSON.parse(read(dir, '.mcp.json')), { mcpServers: { waveplan: SERVER } });
  const after = tree(dir);
  const again = await waveplan(dir, ['agent', 'install', 'claude']);
  assert.is(again.code, 0);
  assert.match(again.stdout, 'is installed');
  assert.equal(tree(dir), after, 'idempotent');
  const removed = await waveplan(dir, ['agent', 'uninstall']);
  assert.is(removed.code, 0);
  assert.equal(readdirSync(dir), [], 'the skill, its folders and .mcp.json are gone');
});

claude('an existing .mcp.json and .claude/: merged into, and put back as they were', async () => {
  const dir = tempDir();
  const mcpJson = `${JSON.stringify({ mcpServers: { other: { command: 'other-server' } }, extra: true }, null, 2)}\n`;
  writeFiles(dir, { '.mcp.json': mcpJson, '.claude/settings.json': '{"permissions":{}}\n', '.claude/skills/mine/SKILL.md': 'my skill\n' });
  const before = tree(dir);
  assert.is((await waveplan(dir, ['agent', 'install', 'claude'])).code, 0);
  assert.equal(JSON.parse(read(dir, '.mcp.json')), { mcpServers: { other: { command: 'other-server' }, waveplan: SERVER }, extra: true });
  assert.is(read(dir, '.claude/skills/mine/SKILL.md'), 'my skill\n');
  assert.is((await waveplan(dir, ['agent', 'uninstall', 'claude'])).code, 0);
  assert.equal(tree(dir), before);
});

claude('never overwrites what it did not write: a foreign skill, a waveplan server of its own, a broken .mcp.json', async () => {
  const dir = tempDir();
  const mine = {
    [SKILL]: '# my own parallel-execution skill\n',
    '.mcp.json': JSON.stringify({ mcpServers: { waveplan: { command: 'node', args: ['mine.js'] } } }),
  };
  writeFiles(dir, mine);
  const refused = await waveplan(dir, ['agent', 'install', 'claude']);
  assert.is(refused.code, 1);
  assert.match(refused.stderr, `${SKILL} exists and was not written by waveplan`);
  assert.match(refused.stderr, '.mcp.json registers its own "waveplan" server');
  assert.equal(tree(dir), mine);
  assert.is((await waveplan(dir, ['agent', 'uninstall'])).code, 0);
  assert.equal(tree(dir), mine, 'uninstall removes only its own');
  writeFiles(dir, { '.mcp.json': '{ not json' });
  const broken = await waveplan(dir, ['agent', 'install', 'claude']);
  assert.match(broken.stderr, '.mcp.json is not a JSON object: left as is');
  assert.is(read(dir, '.mcp.json'), '{ not json');
});

const codex = suite('waveplan agent install codex / uninstall');

codex('no AGENTS.md: written, the config.toml entry printed; uninstall removes the file', async () => {
  const dir = tempDir();
  const installed = await waveplan(dir, ['agent', 'install', 'codex']);
  assert.is(installed.code, 0, installed.stderr);
  assert.match(read(dir, 'AGENTS.md'), /^<!-- waveplan:begin[^\n]*-->\n# Parallel execution with waveplan\n/);
  assert.match(installed.stdout, 'add to ~/.codex/config.toml');
  assert.match(installed.stdout, '[mcp_servers.waveplan]\ncommand = "npx"\nargs = ["waveplan", "mcp"]');
  assert.equal(Object.keys(tree(dir)), ['AGENTS.md']);
  assert.is((await waveplan(dir, ['agent', 'uninstall', 'codex'])).code, 0);
  assert.equal(readdirSync(dir), []);
});

codex('an existing AGENTS.md and .codex/config.toml: a section and a block added, updated in place, removed exactly', async () => {
  const dir = tempDir();
  const before = { 'AGENTS.md': '# Project rules\n\nUse pnpm.\n', '.codex/config.toml': 'model = "o4"\n\n[mcp_servers.other]\ncommand = "x"\n' };
  writeFiles(dir, before);
  assert.is((await waveplan(dir, ['agent', 'install', 'codex'])).code, 0);
  const agents = read(dir, 'AGENTS.md');
  assert.ok(agents.startsWith('# Project rules\n\nUse pnpm.\n\n<!-- waveplan:begin'), agents.slice(0, 80));
  assert.match(agents, /<!-- waveplan:end -->\n$/);
  assert.match(read(dir, '.codex/config.toml'), '[mcp_servers.other]\ncommand = "x"\n\n# waveplan:begin');
  // A stale copy of the section (an older waveplan) is replaced, with the user's text after it kept.
  writeFiles(dir, { 'AGENTS.md': agents.replace('# Parallel execution with waveplan', '# old text') + '\n## Later section\n' });
  const updated = await waveplan(dir, ['agent', 'install', 'codex']);
  assert.match(updated.stdout, 'updated the waveplan section of AGENTS.md');
  assert.is(read(dir, 'AGENTS.md'), `${agents}\n## Later section\n`);
  assert.match((await waveplan(dir, ['agent', 'install', 'codex'])).stdout, 'AGENTS.md: the waveplan section is installed');
  writeFiles(dir, { 'AGENTS.md': agents });
  assert.is((await waveplan(dir, ['agent', 'uninstall', 'codex'])).code, 0);
  assert.equal(tree(dir), before);
  assert.ok(existsSync(join(dir, '.codex/config.toml')));
});

codex('unknown agent: one line naming the choices', async () => {
  const r = await waveplan(tempDir(), ['agent', 'install', 'cursor']);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'unknown agent "cursor": expected claude or codex');
});

claude.run();
codex.run();
