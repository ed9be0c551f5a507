import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareStrings } from '../../order.js';
import { readCacheText, writeCacheText } from '../../io/cache-dir.js';
import type { Item } from '../../types.js';
import type { PastChange } from './change-history.js';
import { itemTerms } from './item-terms.js';
import { itemText } from './text-evidence.js';

const RUNS = '.agent/runs';
const FILE = 'learned.json';
const TAG = 'waveplan-learned';
// 2: the words of an item leave out the notes its runs wrote (withoutRunNotes).
const VERSION = 2;
/** The summary fields that may hold an item's real write set (docs/inference.md). */
const WRITE_FIELDS = ['writes', 'write_set', 'changed_files', 'changed'] as const;

/** One item of a past run: its words and what it really changed. */
export interface LearnedItem {
  terms: string[];
  files: string[];
}

/**
 * What past runs teach (docs/inference.md): each completed item of `.agent/runs/<run>/summary.json`
 * with its real write set, and the words of that item (from the queue when it is still there
 * under the title the summary kept, else that title). Kept in `.agent/cache/learned.json` so that an item's words
 * outlive its file; the cache is only a memo: deleted, it is rebuilt from the runs.
 */
export async function readRunMemory(root: string, cacheDir: string | undefined, items: readonly Item[]): Promise<PastChange[]> {
  let runs: string[];
  try {
    runs = readdirSync(join(root, RUNS))
      .filter((name) => !name.startsWith('.'))
      .sort(compareStrings);
  } catch {
    runs = [];
  }
  const cached = cacheDir === undefined ? undefined : parseLearned(readCacheText(cacheDir, FILE));
  const learned = new Map(Object.entries(cached?.entries ?? {}));
  const seen = new Set(cached?.runs ?? []);
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
    for (const [id, entry] of learnedFromSummary(summary, byId)) learned.set(`${run}/${id}`, entry);
    seen.add(run);
    isChanged = true;
  }
  if (isChanged && cacheDir !== undefined) {
    const entries = Object.fromEntries([...learned].sort(([a], [b]) => compareStrings(a, b)));
    await writeCacheText(cacheDir, FILE, `${JSON.stringify({ tag: TAG, version: VERSION, runs: [...seen].sort(compareStrings), entries })}\n`);
  }
  return [...learned]
    .sort(([a], [b]) => compareStrings(b, a)) // newest run first
    .map(([key, entry]) => ({ terms: entry.terms, files: entry.files, weight: 1, source: `run:${key}` }));
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

function parseLearned(text: string | undefined): { runs: string[]; entries: Record<string, LearnedItem> } | undefined {
  if (text === undefined) return undefined;
  try {
    const data = JSON.parse(text) as { tag?: unknown; version?: unknown; runs?: unknown; entries?: unknown };
    if (data.tag !== TAG || data.version !== VERSION || !Array.isArray(data.runs) || typeof data.entries !== 'object' || !data.entries) return undefined;
    const entries = data.entries as Record<string, LearnedItem>;
    const isValid = Object.values(entries).every((e) => Array.isArray(e?.terms) && Array.isArray(e.files));
    return isValid ? { runs: data.runs.filter((r): r is string => typeof r === 'string'), entries } : undefined;
  } catch {
    return undefined;
  }
}
