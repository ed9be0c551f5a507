import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { readConfig } from '../../config/read-config.js';
import { workTreeReader } from '../../io/node-fs.js';
import { knownIds } from '../../suggest.js';
import { parseJsonOutput, type RunCommand } from './in-process.js';

export const PLAN_URI = 'waveplan://plan';
export const ITEM_URI_TEMPLATE = 'waveplan://items/{id}';
const ITEM_URI = /^waveplan:\/\/items\/([^/]+)$/;

export interface Resource {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType: string;
}

interface ListedItem {
  id: string;
  file: string;
  title: string;
  status: string;
}

/** The queue's items as `validate --json` lists them (an issue queue's items have no file: `#N`), and the queue (`github:owner/name` for issues). */
async function queueItems(run: RunCommand): Promise<{ items: ListedItem[]; queue: string }> {
  const out = await run(['validate', '--json']);
  const json = parseJsonOutput(out.stdout);
  // No list at all (GitHub refused the token, a config that does not load): say why, not "no such item".
  if (!json) throw rpcError(ErrorCode.InternalError, `cannot read the queue: ${out.stderr.trim() || `validate exited with code ${out.code}`}`);
  return { items: (json?.items ?? []) as ListedItem[], queue: String(json?.queue ?? '') };
}

const isIssue = (item: ListedItem) => item.file.startsWith('#');

/** The plan file and every item file of the queue (docs/agents.md). */
export async function listResources(root: string, run: RunCommand): Promise<Resource[]> {
  const { config } = await readConfig(workTreeReader(root));
  const items = (await queueItems(run)).items.filter((i) => !isIssue(i));
  return [
    {
      uri: PLAN_URI,
      name: 'plan',
      title: `The plan file (${config.plan.file})`,
      description: 'The compiled waves, for review: write it with the plan tool.',
      mimeType: 'application/yaml',
    },
    ...items.map((i) => ({
      uri: `waveplan://items/${i.id}`,
      name: i.id,
      title: `${i.id} ${i.title}`,
      description: `${i.file} (${i.status})`,
      mimeType: 'text/markdown',
    })),
  ];
}

/**
 * A JSON-RPC error the SDK sends as it is: its `code`, and its message without the "MCP error
 * -32002: " that McpError writes into it (the client reads the words only).
 */
function rpcError(code: number, message: string): Error & { code: number } {
  return Object.assign(new Error(message), { code });
}

/** MCP's "resource not found" (the spec's -32002; a plain Error would answer -32603, an internal error). */
const RESOURCE_NOT_FOUND = -32002;

/** A resource's text; "resource not found", with what to do, when there is none. */
export async function readResource(root: string, run: RunCommand, uri: string): Promise<{ uri: string; mimeType: string; text: string }> {
  if (uri === PLAN_URI) {
    const { config } = await readConfig(workTreeReader(root));
    const text = await readFile(join(root, config.plan.file), 'utf8').catch(() => undefined);
    if (text === undefined) throw rpcError(RESOURCE_NOT_FOUND, `no plan file at ${config.plan.file} yet: call the plan tool to write it`);
    return { uri, mimeType: 'application/yaml', text };
  }
  const id = ITEM_URI.exec(uri)?.[1];
  if (id === undefined) throw rpcError(RESOURCE_NOT_FOUND, `unknown resource ${uri}: expected ${PLAN_URI} or ${ITEM_URI_TEMPLATE}`);
  const { items, queue } = await queueItems(run);
  const item = items.find((i) => i.id === decodeURIComponent(id));
  if (!item) throw rpcError(RESOURCE_NOT_FOUND, `no item ${decodeURIComponent(id)} in the queue (known ids: ${knownIds(items.map((i) => i.id)) || 'none'})`);
  if (isIssue(item)) {
    const repo = queue.replace(/^github:/, '');
    throw rpcError(
      RESOURCE_NOT_FOUND,
      `item ${item.id} is issue ${item.id} of ${repo}: it has no file here; read it on GitHub (gh issue view ${item.id.slice(1)} --repo ${repo})`,
    );
  }
  return { uri, mimeType: 'text/markdown', text: await readFile(join(root, item.file), 'utf8') };
}
