import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  isJSONRPCRequest,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { JSONRPCMessage, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { PACKAGE_VERSION } from '../../package-root.js';
import { didYouMean } from '../../suggest.js';
import { callTool, toolError, type ToolResult } from './call-tool.js';
import type { RunCommand } from './in-process.js';
import { ITEM_URI_TEMPLATE, listResources, readResource } from './resources.js';
import { INSTRUCTIONS, TOOLS, type ToolName, type ToolSpec } from './tools.js';

export interface ServeOptions {
  root: string;
  run: RunCommand;
  read: RunCommand;
  log: (line: string) => void;
  stdin?: NodeJS.ReadableStream & { on: NodeJS.ReadableStream['on'] };
  stdout?: NodeJS.WritableStream;
}

const require = createRequire(import.meta.url);
type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function inputValidators(): Map<string, ValidateFunction> {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  return new Map(TOOLS.map((t) => [t.name, ajv.compile(t.inputSchema)]));
}

function describe(errors: ValidateFunction['errors'], tool: ToolSpec): string {
  const names = Object.keys((tool.inputSchema as { properties?: Record<string, unknown> }).properties ?? {});
  return (errors ?? [])
    .map((e) => {
      // An argument named as an agent guesses it (`timeout_seconds`, `id`): which one it meant, and which there are.
      const extra = e.params && 'additionalProperty' in e.params ? String(e.params.additionalProperty) : undefined;
      const prefix = extra === undefined ? undefined : names.find((n) => extra.startsWith(n) || n.startsWith(extra));
      const meant = extra === undefined ? undefined : prefix !== undefined ? `did you mean "${prefix}"?` : didYouMean(extra, names);
      const which = extra === undefined ? '' : `: ${[meant, `(${tool.name} takes ${names.join(', ') || 'no arguments'})`].filter(Boolean).join(' ')}`;
      return `${e.instancePath || 'arguments'} ${e.message ?? 'is invalid'}${extra === undefined ? '' : ` (${extra})`}${which}${e.params && 'allowedValues' in e.params ? `: ${(e.params.allowedValues as unknown[]).join(', ')}` : ''}`;
    })
    .join('; ');
}

type Issues = ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>;
interface RequestSchema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: Issues } };
}

/** The requests this server answers, by method, with the SDK's schema of each. */
const REQUEST_SCHEMAS = new Map<string, RequestSchema>([
  ['initialize', InitializeRequestSchema],
  ['ping', PingRequestSchema],
  ['tools/list', ListToolsRequestSchema],
  ['tools/call', CallToolRequestSchema],
  ['resources/list', ListResourcesRequestSchema],
  ['resources/templates/list', ListResourceTemplatesRequestSchema],
  ['resources/read', ReadResourceRequestSchema],
]);

/** Schema issues as one line: `params.uri: Invalid input: expected string, received number`. */
function describeIssues(issues: Issues): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'the request'}: ${i.message.replace(/\s+/g, ' ')}`).join('; ');
}

/**
 * The input without empty or whitespace-only lines: they are no messages, and the SDK would
 * report each as a line that is not JSON (answered -32700 below).
 */
function withoutBlankLines(): Transform {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const kept = (lines: string[]) =>
    lines
      .filter((line) => line.trim() !== '')
      .map((line) => `${line}\n`)
      .join('');
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const parts = (partial + decoder.write(chunk)).split('\n');
      partial = parts.pop()!;
      const text = kept(parts);
      done(null, text === '' ? undefined : text);
    },
    flush(done) {
      const text = kept([partial + decoder.end()]);
      done(null, text === '' ? undefined : text);
    },
  });
}

/**
 * `waveplan mcp`: the tools and resources over stdio until the client closes its end. Only
 * protocol messages go to stdout; `log` writes to stderr (docs/agents.md).
 */
export async function serve(options: ServeOptions): Promise<void> {
  const server = new Server({ name: 'waveplan', version: PACKAGE_VERSION }, { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS });
  const validators = inputValidators();
  const lifetime = new AbortController();
  const byName = new Map<string, ToolSpec>(TOOLS.map((t) => [t.name, t]));

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema,
      outputSchema: t.outputSchema(),
      annotations: t.annotations,
    })),
  }));
  // Calls still being answered when the input ends: their answers go out before the server closes.
  const inFlight = new Set<Promise<unknown>>();
  const tracked = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => tracked(answer(request.params, extra)));
  const answer = async (params: { name: string; arguments?: Record<string, unknown> }, extra: Extra): Promise<ToolResult> => {
    const { name, arguments: args = {} } = params;
    const tool = byName.get(name);
    if (!tool) return toolError(`no tool "${name}": the tools are ${TOOLS.map((t) => t.name).join(', ')}`);
    const validate = validators.get(name)!;
    if (!validate(args)) return toolError(`bad arguments for ${name}: ${describe(validate.errors, tool)}`);
    const token = extra._meta?.progressToken;
    const progress =
      token === undefined
        ? undefined
        : (done: number, total: number, message: string) => {
            void extra
              .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: done, total, message } })
              .catch(() => undefined);
          };
    try {
      return await callTool(tool.name as ToolName, args, {
        run: options.run,
        read: options.read,
        signal: AbortSignal.any([extra.signal, lifetime.signal]),
        progress,
      });
    } catch (error) {
      options.log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return toolError(`waveplan: ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  server.setRequestHandler(ListResourcesRequestSchema, () => tracked(listResources(options.root, options.read).then((resources) => ({ resources }))));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      {
        uriTemplate: ITEM_URI_TEMPLATE,
        name: 'item',
        title: 'A queue item file',
        description: 'The markdown file of queue item {id}, e.g. waveplan://items/003',
        mimeType: 'text/markdown',
      },
    ],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) =>
    tracked(readResource(options.root, options.read, request.params.uri).then((content) => ({ contents: [content] }))),
  );

  const stdin = (options.stdin ?? process.stdin) as NodeJS.ReadStream;
  const transport = new StdioServerTransport(
    stdin.pipe(withoutBlankLines()) as unknown as NodeJS.ReadStream,
    (options.stdout ?? process.stdout) as NodeJS.WriteStream,
  );
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  // The SDK's stdio transport does not notice its input ending: the client went away. Waits
  // stop (never the runs), the calls under way are answered, then the server closes.
  let ending: Promise<void> | undefined;
  const end = () => {
    lifetime.abort();
    // setImmediate: the SDK hands the last requests read to their handlers a microtask later.
    ending ??= new Promise((resolve) => setImmediate(resolve)).then(() => Promise.allSettled([...inFlight])).then(() => server.close());
  };
  stdin.once('end', end).once('close', end);
  // A line that is not JSON, or not a JSON-RPC message, gets the error JSON-RPC 2.0 prescribes
  // (id null): the SDK only reports it here, and the client waited for an answer that never came.
  server.onerror = (error) => {
    const code = error instanceof SyntaxError ? -32700 : error.name === 'ZodError' ? -32600 : undefined;
    if (code === undefined) return options.log(`error: ${error.message}`);
    const message = code === -32700 ? `Parse error: a line is not JSON (${error.message})` : 'Invalid Request: a line is JSON but not a JSON-RPC 2.0 message';
    options.log(message);
    transport.send({ jsonrpc: '2.0', id: null, error: { code, message } } as unknown as JSONRPCMessage).catch(() => undefined);
  };
  await server.connect(transport);
  // The SDK parses a request's params before any handler, and answers a mismatch -32603, an
  // internal error, with zod's issues as JSON: the client is told the server broke. JSON-RPC 2.0
  // says -32602, invalid params (MCP calls a malformed tools/call a protocol error); checked here
  // first with the SDK's own schemas. Arguments that break a tool's input schema stay tool errors.
  const dispatch = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    const schema = isJSONRPCRequest(message) ? REQUEST_SCHEMAS.get(message.method) : undefined;
    const parsed = schema?.safeParse(message);
    if (isJSONRPCRequest(message) && parsed && !parsed.success) {
      const text = `Invalid params for ${message.method}: ${describeIssues(parsed.error.issues)}`;
      options.log(text);
      transport.send({ jsonrpc: '2.0', id: message.id, error: { code: ErrorCode.InvalidParams, message: text } }).catch(() => undefined);
      return;
    }
    dispatch?.(message);
  };
  options.log(`serving ${options.root} over stdio (waveplan ${PACKAGE_VERSION})`);
  await closed;
  options.log('the client closed the connection; exiting');
}
