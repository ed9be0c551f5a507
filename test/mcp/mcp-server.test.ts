import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSchema } from '../../src/schemas.js';
import { runCli } from '../helpers/cli.js';
import { git, gitRepo } from '../helpers/git-repo.js';
import { isAlive, startMcp, type McpSession } from '../helpers/mcp-client.js';
import { queueStatuses, sleep, until } from '../helpers/runs.js';
import { traceQueueFiles } from '../helpers/trace.js';

const CONFIG = 'autonomy:\n  level: L3\n  max_parallel: 2\n  continue_on_error: true\nanalysis:\n  import_graph: false\n';
const TOOL_NAMES = ['apply', 'explain', 'infer', 'plan', 'report', 'requeue', 'status', 'validate', 'wait'];
/** An item's state in a run can be no further along than its filename says (see apply-detach.test.ts). */
const RANK: Record<string, number> = { pending: 0, in_progress: 1, completed: 2, blocked: 2 };
const FLOOR: Record<string, number> = { to_start: 0, waiting_for_resources: 0, running: 1, completed: 2, failed: 2, held: 0, not_started: 0 };

type Result = { isError?: boolean; content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, unknown> };
const text = (r: Result) => r.content.map((c) => c.text ?? '').join('');
const cliJson = (dir: string, args: string[]) => {
  const r = runCli(dir, args);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

const mcp = suite('waveplan mcp (a real child process, the SDK client over stdio)');

mcp('tools and schemas; plan, explain, apply detached, status, wait, requeue; errors are tool errors; exits when the client closes', async () => {
  const dir = gitRepo(undefined, {
    ...traceQueueFiles([
      // 001 runs until the test lets it end (.agent/go, or 60 s): the run is live for the second apply and the status polls, however loaded the machine.
      { id: '001', files: ['src/shared.ts'], run: `i=0; while [ ! -f .agent/go ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done` },
      { id: '002', files: ['src/shared.ts'], seconds: 0.2 },
      { id: '003', seconds: 0.2, exitCode: 2 },
      { id: '004', seconds: 0.2 },
    ]),
    'parallel.config.yaml': CONFIG,
  });
  const session = await startMcp(dir);
  try {
    await session_(dir, session);
  } finally {
    // A failed assertion must not leave the server (and so this test process) running, nor 001 waiting.
    writeFileSync(join(dir, '.agent/go'), '');
    if (session.transport.pid !== null && isAlive(session.transport.pid)) process.kill(session.transport.pid, 'SIGKILL');
  }
});

/** The whole session, from listing the tools to closing the client. */
async function session_(dir: string, session: McpSession): Promise<void> {
  const { client } = session;
  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as Result;

  // The tools, each with an agent-oriented description, an input schema and an output schema.
  const { tools } = await client.listTools();
  assert.equal(tools.map((t) => t.name).sort(), TOOL_NAMES);
  for (const tool of tools) {
    assert.ok((tool.description ?? '').length > 80, `${tool.name} has a description an agent can act on`);
    assert.is(tool.inputSchema.type, 'object');
    assert.is(tool.outputSchema?.type, 'object', tool.name);
  }
  const byName = new Map(tools.map((t) => [t.name, t]));
  assert.equal(byName.get('explain')!.inputSchema.required, ['ids']);
  assert.equal(byName.get('requeue')!.inputSchema.required, ['id', 'reason']);
  assert.equal((byName.get('apply')!.inputSchema.properties as Record<string, { enum?: string[] }>).schedule.enum, ['waves', 'dynamic']);
  const { $schema: _s, $id: _i, ...runStatus } = loadSchema('run-status') as Record<string, unknown>;
  assert.equal(byName.get('status')!.outputSchema, runStatus);
  assert.equal(byName.get('wait')!.outputSchema, runStatus);

  // Bad input is a tool error, not a crash.
  const badArgs = await call('plan', { max_parallel: 0 });
  assert.ok(badArgs.isError);
  assert.match(text(badArgs), 'bad arguments for plan: /max_parallel must be >= 1');
  // An argument named as an agent guesses it says which it meant and which there are (was: only "(timeout_seconds)").
  const guessed = await call('wait', { timeout_seconds: 5 });
  assert.ok(guessed.isError);
  assert.is(
    text(guessed),
    'bad arguments for wait: arguments must NOT have additional properties (timeout_seconds): did you mean "timeout_s"? (wait takes run, timeout_s)',
  );
  assert.match(text(await call('explain', { id: '001' })), 'did you mean "ids"? (explain takes ids)');
  assert.ok((await call('no-such-tool')).isError);
  const noRuns = await call('status');
  assert.ok(noRuns.isError);
  assert.match(text(noRuns), 'no runs yet');

  // Validate and plan the queue; structuredContent is what the CLI's --json prints.
  const validated = await call('validate');
  assert.not.ok(validated.isError, text(validated));
  assert.equal(validated.structuredContent, cliJson(dir, ['validate', '--json']));
  const planned = await call('plan');
  assert.not.ok(planned.isError, text(planned));
  assert.is(planned.structuredContent!.written, true);
  assert.match(text(planned), '✓ wrote .agent/plan.yaml: 4 items in 2 waves');
  assert.ok(existsSync(join(dir, '.agent/plan.yaml')));
  const checked = await call('plan', { check: true });
  assert.equal(checked.structuredContent, { file: '.agent/plan.yaml', status: 'same', messages: [] });
  assert.equal(checked.structuredContent, cliJson(dir, ['plan', '--check', '--json']));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'queue and plan');

  // Explain the conflicting pair.
  const pair = await call('explain', { ids: ['001', '002'] });
  assert.not.ok(pair.isError, text(pair));
  assert.is(pair.structuredContent!.mayRunTogether, false);
  assert.equal(pair.structuredContent, cliJson(dir, ['explain', '001', '002', '--json']));
  assert.match(text(pair), 'src/shared.ts');
  const unknown = await call('explain', { ids: ['999'] });
  assert.ok(unknown.isError);
  assert.match(text(unknown), 'no item with id "999"');

  // apply returns with a run id while the items run (001 until .agent/go).
  const started = Date.now();
  const applied = await call('apply');
  const applyMs = Date.now() - started;
  assert.not.ok(applied.isError, text(applied));
  const run = applied.structuredContent!.run as string;
  assert.match(run, /^\d{8}T\d{6}-[0-9a-f]{4}$/);
  assert.match(text(applied), `wait with run "${run}"`);
  const first = (await call('status', { run })).structuredContent!;
  assert.ok(first.state === 'starting' || first.state === 'running', `the run is live when apply returned (after ${applyMs} ms): ${String(first.state)}`);
  console.log(`    apply returned after ${applyMs} ms`);

  // A second apply while this one holds the queue; a wait that times out is not an error.
  await until(() => existsSync(join(dir, '.agent/apply.lock')), 60_000, 'the run to take the lock');
  const locked = await call('apply');
  assert.ok(locked.isError);
  assert.match(text(locked), 'another apply holds the queue');
  const short = await call('wait', { run, timeout_s: 0 });
  assert.not.ok(short.isError, text(short));
  assert.match(text(short), `run ${run} is still`);

  // Status during the run agrees with the filenames; the server keeps answering.
  let sawRunning = false;
  for (;;) {
    const status = await call('status', { run });
    assert.not.ok(status.isError, text(status));
    const s = status.structuredContent as { state: string; items: Array<{ id: string; state: string }> };
    const files = queueStatuses(dir);
    for (const item of s.items) assert.ok(RANK[files.get(item.id)!]! >= FLOOR[item.state]!, `${item.id}: ${item.state} vs ${files.get(item.id)}`);
    sawRunning ||= s.items.some((i) => i.state === 'running');
    if (sawRunning || s.state === 'finished' || s.state === 'crashed') break;
    await sleep(100);
  }
  assert.ok(sawRunning, 'saw an item running');
  writeFileSync(join(dir, '.agent/go'), '');

  // wait to the end, with progress: outcomes agree with the filenames and with the CLI.
  const progress: number[] = [];
  const waited = (await client.callTool({ name: 'wait', arguments: { run } }, undefined, {
    onprogress: (p) => progress.push(p.progress),
    timeout: 300_000,
  })) as Result;
  assert.not.ok(waited.isError, text(waited));
  const outcome = waited.structuredContent as { state: string; exit_code: number; items: Array<{ id: string; state: string }> };
  assert.is(outcome.state, 'finished');
  assert.is(outcome.exit_code, 3);
  assert.equal(
    outcome.items.map((i) => [i.id, i.state]),
    [
      ['001', 'completed'],
      ['002', 'completed'],
      ['003', 'failed'],
      ['004', 'completed'],
    ],
  );
  assert.equal([...queueStatuses(dir)].sort(), [
    ['001', 'completed'],
    ['002', 'completed'],
    ['003', 'blocked'],
    ['004', 'completed'],
  ]);
  assert.equal(waited.structuredContent, cliJson(dir, ['wait', run, '--json']));
  assert.match(text(waited), 'failures and items that did not run:\n  003 failed: `sh .agent/trace.sh 0.2 2` exited with code 2');
  assert.ok(progress.length > 0, 'progress notifications while waiting');

  // requeue the failed item; the plan is then stale, and apply says so.
  const requeued = await call('requeue', { id: '003', reason: 'fixed the cause' });
  assert.not.ok(requeued.isError, text(requeued));
  assert.equal(requeued.structuredContent, {
    id: '003',
    from: '.agent/queue/003-blocked-item-003.md',
    to: '.agent/queue/003-pending-item-003.md',
    status: 'pending',
    reason: 'fixed the cause',
  });
  assert.match(readFileSync(join(dir, '.agent/queue/003-pending-item-003.md'), 'utf8'), 'fixed the cause');
  const again = await call('requeue', { id: '003', reason: 'twice' });
  assert.ok(again.isError);
  assert.match(text(again), 'item 003 is pending, not blocked');
  const stale = await call('apply');
  assert.ok(stale.isError);
  assert.match(text(stale), '.agent/plan.yaml is stale');
  const unknownRun = await call('wait', { run: '19990101T000000-dead' });
  assert.ok(unknownRun.isError);

  // Resources: the plan file and the item files.
  const { resources } = await client.listResources();
  assert.equal(
    resources.map((r) => r.uri),
    ['waveplan://plan', 'waveplan://items/001', 'waveplan://items/002', 'waveplan://items/003', 'waveplan://items/004'],
  );
  const planText = await client.readResource({ uri: 'waveplan://plan' });
  assert.is((planText.contents[0] as { text: string }).text, readFileSync(join(dir, '.agent/plan.yaml'), 'utf8'));
  const item = await client.readResource({ uri: 'waveplan://items/003' });
  assert.match((item.contents[0] as { text: string }).text, '# Item 003');

  // The report in markdown; structuredContent stays the JSON report.
  const report = await call('report', { format: 'md' });
  assert.not.ok(report.isError, text(report));
  assert.match(text(report), '```mermaid');
  assert.equal(report.structuredContent, cliJson(dir, ['report', '--json']));

  // Closing the client ends the server by itself.
  const pid = session.transport.pid!;
  await client.close();
  await until(() => !isAlive(pid), 10_000, 'the server to exit');
  assert.match(session.stderr(), 'waveplan mcp: the client closed the connection; exiting');
  assert.not.match(session.stderr(), 'unexpected error');
}

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
};

/** `waveplan mcp` as a child process fed `input` on stdin until it ends: its exit, stdout lines (parsed) and stderr. */
async function mcpLines<Line>(input: string): Promise<{ dir: string; lines: Line[]; stderr: string }> {
  const dir = gitRepo(undefined, { ...traceQueueFiles([{ id: '001' }]), 'parallel.config.yaml': CONFIG });
  const { spawnSync } = await import('node:child_process');
  const { REPO_ROOT } = await import('../helpers/git-repo.js');
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/waveplan.js'), 'mcp'], {
    cwd: dir,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1' },
  });
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
  return { dir, lines, stderr: r.stderr };
}

mcp('stdout carries only protocol messages: every line is JSON-RPC', async () => {
  const requests = [
    INITIALIZE,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'plan', arguments: {} } },
    { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'validate', arguments: {} } },
  ];
  const { dir, lines, stderr } = await mcpLines<{ jsonrpc: string; id?: number }>(requests.map((m) => JSON.stringify(m)).join('\n') + '\n');
  assert.ok(lines.every((l) => l.jsonrpc === '2.0'));
  assert.equal(
    lines.map((l) => l.id),
    [1, 2, 3],
  );
  assert.match(stderr, `waveplan mcp: serving ${dir}`);
});

mcp('a line that is not JSON, or not JSON-RPC, gets the JSON-RPC error (id null) and the server goes on', async () => {
  const { lines } = await mcpLines<{ id: number | null; error?: { code: number } }>(`not json\n{"hello":1}\n${JSON.stringify(INITIALIZE)}\n`);
  assert.equal(
    lines.map((l) => [l.id, l.error?.code ?? 'result']),
    [
      [null, -32700],
      [null, -32600],
      [1, 'result'],
    ],
  );
});

mcp('blank lines between messages are no messages: no parse error for them', async () => {
  // QA over raw stdio: each empty or whitespace line got a -32700 answer with id null.
  const { lines } = await mcpLines<{ id: number | null; error?: { code: number } }>(`\n  \n${JSON.stringify(INITIALIZE)}\r\n\r\n\t\nnot json\n`);
  // The parse error goes out at once, the initialize answer when it is ready: compared in any order.
  assert.equal(lines.map((l) => `${l.id} ${l.error?.code ?? 'result'}`).sort(), ['1 result', 'null -32700']);
});

mcp('a request whose params break the method\'s schema is "invalid params" (-32602, JSON-RPC 2.0) naming the param, not an internal error', async () => {
  // QA over raw stdio: the SDK (1.32) parses params before any handler and answered -32603 with
  // zod's issues as a JSON dump, telling the client the server broke.
  const requests = [
    INITIALIZE,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 2, method: 'tools/call', params: {} },
    { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 5 } },
    { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'validate', arguments: [] } },
    { jsonrpc: '2.0', id: 5, method: 'resources/read', params: {} },
    { jsonrpc: '2.0', id: 6, method: 'resources/read', params: { uri: 5 } },
    { jsonrpc: '2.0', id: 7, method: 'tools/list', params: { cursor: 5 } },
    { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'validate', arguments: {} } },
  ];
  const { lines } = await mcpLines<{ id: number; result?: unknown; error?: { code: number; message: string } }>(
    requests.map((m) => JSON.stringify(m)).join('\n') + '\n',
  );
  const byId = new Map(lines.map((l) => [l.id, l]));
  const expected: Array<[number, string]> = [
    [2, 'tools/call: params.name'],
    [3, 'tools/call: params.name'],
    [4, 'tools/call: params.arguments'],
    [5, 'resources/read: params.uri'],
    [6, 'resources/read: params.uri'],
    [7, 'tools/list: params.cursor'],
  ];
  for (const [id, words] of expected) {
    const error = byId.get(id)?.error;
    assert.is(error?.code, -32602, `${id}: ${JSON.stringify(byId.get(id))}`);
    assert.match(error!.message, `Invalid params for ${words}`);
    assert.not.match(error!.message, '\n', 'one line');
  }
  assert.ok(byId.get(8)?.result, 'the server goes on');
});

mcp('each tool says whether it only reads, and which may change code (MCP tool annotations, whose defaults are "destructive, open world")', async () => {
  const requests = [INITIALIZE, { jsonrpc: '2.0', method: 'notifications/initialized' }, { jsonrpc: '2.0', id: 2, method: 'tools/list' }];
  type Tools = { id: number; result?: { tools: Array<{ name: string; annotations?: Record<string, unknown> }> } };
  const { lines } = await mcpLines<Tools>(requests.map((m) => JSON.stringify(m)).join('\n') + '\n');
  const tools = lines.find((l) => l.id === 2)!.result!.tools;
  const hints = Object.fromEntries(
    tools.map((t) => [t.name, [t.annotations?.readOnlyHint, t.annotations?.destructiveHint, t.annotations?.idempotentHint, t.annotations?.openWorldHint]]),
  );
  assert.equal(hints, {
    validate: [true, undefined, undefined, false],
    plan: [false, false, true, false],
    explain: [true, undefined, undefined, false],
    infer: [false, false, true, false],
    apply: [false, true, false, true],
    status: [true, undefined, undefined, false],
    wait: [true, undefined, undefined, false],
    requeue: [false, false, false, false],
    report: [true, undefined, undefined, false],
  });
});

mcp('a resource that is not there is "resource not found" (-32002, as the MCP spec says), not an internal error', async () => {
  // Breadth QA: waveplan://items/zzz answered -32603 (internal error) with the right message.
  const requests = [
    INITIALIZE,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'waveplan://items/zzz' } },
    { jsonrpc: '2.0', id: 3, method: 'resources/read', params: { uri: 'waveplan://nothing' } },
  ];
  const { lines } = await mcpLines<{ id: number; error?: { code: number; message: string } }>(requests.map((m) => JSON.stringify(m)).join('\n') + '\n');
  const errors = lines
    .filter((l) => l.id !== 1)
    .map((l) => [l.id, l.error?.code])
    .sort((x, y) => Number(x[0]) - Number(y[0]));
  assert.equal(errors, [
    [2, -32002],
    [3, -32002],
  ]);
  assert.match(lines.find((l) => l.id === 2)!.error!.message, /^no item zzz in the queue/, 'the words, without "MCP error -32002: "');
});

mcp('infer shows what an item without files: will change and, with write, records it in the item for review', async () => {
  const item = '# Fix the greeting\n**Status**: pending\n\n## Description\nThe greeting returned by `greet` in src/greet.ts is wrong.\n';
  const dir = gitRepo(undefined, {
    'src/greet.ts': 'export function greet() {\n  return "hi";\n}\n',
    'src/other.ts': 'export const other = 1;\n',
    '.agent/queue/001-pending-fix-the-greeting.md': item,
    '.agent/queue/002-pending-other.md': '---\nfiles: [src/other.ts]\n---\n# Other\n',
  });
  const session = await startMcp(dir);
  try {
    const call = async (name: string, args: Record<string, unknown> = {}) => (await session.client.callTool({ name, arguments: args })) as Result;
    const shown = await call('infer');
    assert.not.ok(shown.isError, text(shown));
    assert.equal(shown.structuredContent, cliJson(dir, ['infer', '--json']));
    assert.match(text(shown), /001 Fix the greeting: inferred, confidence [\d.]+\n {2}src\/greet\.ts/);
    assert.match(text(shown), '002 Other: declares its footprint; nothing inferred');
    const bad = await call('infer', { ids: ['009'] });
    assert.ok(bad.isError);
    assert.match(text(bad), 'no item with id "009"');
    const written = await call('infer', { ids: ['001'], write: true });
    assert.not.ok(written.isError, text(written));
    assert.match(text(written), 'wrote files: into 1 item; review them, then run waveplan plan');
    assert.is(readFileSync(join(dir, '.agent/queue/001-pending-fix-the-greeting.md'), 'utf8'), `---\nfiles: ["src/greet.ts"]\n---\n${item}`);
  } finally {
    await session.client.close();
  }
});

mcp.run();
