import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../io/atomic-write.js';
import { compareStrings } from '../../order.js';
import type { TreeReader } from '../../io/ports.js';
import type { Item } from '../../types.js';
import type { PastChange } from './change-history.js';
import { itemTerms } from './item-terms.js';
import { itemText } from './text-evidence.js';

const RUNS = '.agent/runs';
/** What runs taught, committed beside the plan (docs/inference.md): a plan made from it is the same on every machine. */
export const LEARNED_FILE = '.agent/learned.json';
const TAG = 'waveplan-learned';
// 3: in the repository (.agent/learned.json), written by apply; 2 (in .agent/cache) is not read.
const VERSION = 3;
/** The newest items kept: the memory is reviewed and committed, so it stays a few hundred kilobytes at most. */
const MAX_ENTRIES = 1000;
/** The summary fields that may hold an item's real write set (docs/inference.md). */
const WRITE_FIELDS = ['writes', 'write_set', 'changed_files', 'changed'] as const;

/** One item of a past run: its words and what it really changed. */
export interface LearnedItem {
  terms: string[];
  files: string[];
}

interface Memory {
  runs: string[];
  entries: Map<string, LearnedItem>;
}

/**
 * What past runs teach (docs/inference.md): `.agent/learned.json`, which `apply` writes at the end
 * of each run and which is committed with the plan, so `plan --check` in CI and a teammate's plan
 * learn what this machine's runs taught; and each completed item of a `.agent/runs/<run>/summary.json`
 * the memory does not hold yet (a run of an older waveplan, a memory deleted), read but not
 * written: only `apply` changes a committed file here. An item's words come from the queue when it
 * is still there under the title the summary kept, else from that title.
 */
export async function readRunMemory(root: string, items: readonly Item[], tree?: TreeReader): Promise<PastChange[]> {
  // Through the tree: the pre-commit hook plans the staged memory with the staged plan.
  const text = tree ? await tree.read(LEARNED_FILE) : readText(join(root, LEARNED_FILE));
  return pastChanges(withUnseenRuns(root, parseMemory(text === undefined ? undefined : Buffer.from(text).toString('utf8')), items).memory);
}

/**
 * Add the runs the memory does not hold yet to `.agent/learned.json` (apply, once its run's
 * summary is written). Returns whether the file changed. Deterministic bytes: runs and entries
 * sorted, one entry per line, so the diff a reviewer reads names the items a run taught.
 */
export function rememberRuns(root: string, items: readonly Item[]): boolean {
  const { memory, isChanged } = withUnseenRuns(root, parseMemory(readText(join(root, LEARNED_FILE))), items);
  if (!isChanged) return false;
  writeFileAtomicSync(join(root, LEARNED_FILE), serializeMemory(memory), { mkdir: true });
  return true;
}

function withUnseenRuns(root: string, memory: Memory, items: readonly Item[]): { memory: Memory; isChanged: boolean } {
  let runs: string[];
  try {
    runs = readdirSync(join(root, RUNS))
      .filter((name) => !name.startsWith('.'))
      .sort(compareStrings);
  } catch {
    runs = [];
  }
  const seen = new Set(memory.runs);
  const byId = new Map(items.map((item) => [item.id, item]));
  let isChanged = false;
  for (const run of runs) {
    if (seen.has(run)) continue;
    let summary: unknown;
    try {
      summary = JSON.parse(readFileSync(join(root, RUNS, run, 'summary.json'), 'utf8'));
    } catch {
      continue; // still running, killed, or not a run: looked at again next time
    }
    // A run that taught nothing (every item failed, or none changed a file) changes no committed byte.
    for (const [id, entry] of learnedFromSummary(summary, byId)) {
      memory.entries.set(`${run}/${id}`, entry);
      isChanged = true;
    }
    seen.add(run);
  }
  const newestFirst = [...memory.entries.keys()].sort((a, b) => compareStrings(b, a));
  for (const key of newestFirst.slice(MAX_ENTRIES)) memory.entries.delete(key);
  return { memory: { runs: [...seen].sort(compareStrings), entries: memory.entries }, isChanged };
}

function pastChanges(memory: Memory): PastChange[] {
  return [...memory.entries]
    .sort(([a], [b]) => compareStrings(b, a)) // newest run first
    .map(([key, entry]) => ({ terms: entry.terms, files: entry.files, weight: 1, source: `run:${key}` }));
}

/** The memory file's text (pure). */
export function serializeMemory(memory: Memory): string {
  const entries = [...memory.entries].sort(([a], [b]) => compareStrings(a, b)).map(([key, entry]) => `    ${JSON.stringify(key)}: ${JSON.stringify(entry)}`);
  return [
    '{',
    `  "tag": ${JSON.stringify(TAG)},`,
    `  "version": ${VERSION},`,
    `  "runs": ${JSON.stringify(memory.runs)},`,
    entries.length === 0 ? '  "entries": {}' : `  "entries": {\n${entries.join(',\n')}\n  }`,
    '}',
    '',
  ].join('\n');
}

/** A run summary → its completed items' words and real write sets (pure; anything malformed is skipped). */
export function learnedFromSummary(summary: unknown, items: ReadonlyMap<string, Item>): Array<[string, LearnedItem]> {
  const list = (summary as { items?: unknown })?.items;
  if (!Array.isArray(list)) return [];
  const out: Array<[string, LearnedItem]> = [];
  for (const raw of list) {
    const record = raw as Record<string, unknown>;
    if (record?.outcome !== 'completed' || typeof record.id !== 'string') continue;
    const files = WRITE_FIELDS.map((field) => record[field]).find((v): v is string[] => Array.isArray(v) && v.every((f) => typeof f === 'string'));
    if (!files || files.length === 0) continue;
    const title = typeof record.title === 'string' ? record.title : '';
    // The queue's item of that id, when it is still the one that ran: ids are reused once a queue
    // is cleared, and a memory rebuilt then must not lend one item's write set to another's words.
    const found = items.get(record.id);
    const item = found && (title === '' || found.title === title) ? found : undefined;
    const terms = itemTerms(item ? itemText(item) : { title, body: [] });
    if (terms.length > 0) out.push([record.id, { terms, files: [...new Set(files)].sort(compareStrings) }]);
  }
  return out;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The committed memory (pure); empty when there is none, or it is torn or another tool's (a reader never trusts it half). */
function parseMemory(text: string | undefined): Memory {
  const empty = (): Memory => ({ runs: [], entries: new Map() });
  if (text === undefined) return empty();
  try {
    const data = JSON.parse(text) as { tag?: unknown; version?: unknown; runs?: unknown; entries?: unknown };
    if (data.tag !== TAG || data.version !== VERSION || !Array.isArray(data.runs) || typeof data.entries !== 'object' || !data.entries) return empty();
    const entries = Object.entries(data.entries as Record<string, LearnedItem>);
    const isValid = entries.every(([, e]) => Array.isArray(e?.terms) && Array.isArray(e.files));
    return isValid ? { runs: data.runs.filter((r): r is string => typeof r === 'string'), entries: new Map(entries) } : empty();
  } catch {
    return empty();
  }
}
