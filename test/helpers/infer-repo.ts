import { readInference } from '../../src/analyze/infer/read-inference.js';
import type { Tuning } from '../../src/analyze/infer/tuning.js';
import { gitPort } from '../../src/io/git.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { loadQueue } from '../../src/tracking/load-queue.js';
import { git, gitRepo, writeFiles } from './git-repo.js';

/** Infer every pending item of the repository's queue with the real pipeline (history, vocabulary, symbols), the ranking knobs as `tuning` overrides them. */
export async function inferAll(root: string, tuning?: Partial<Tuning>) {
  const queue = await loadQueue(workTreeReader(root));
  const { files } = await gitPort(root).snapshot();
  const out = await readInference({ root, items: queue.items, config: queue.config, repoFiles: files, cache: false, ...(tuning ? { tuning } : {}) });
  return new Map([...out].map(([id, inf]) => [id, { ...inf, paths: inf.entries.map((e) => e.path) }]));
}

/** Write `files` and commit them with `message`: one more commit of the repository's history. */
export function commit(root: string, message: string, files: Record<string, string>): void {
  writeFiles(root, files);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', message);
}

/** A completed item of a past run, as `summary.json` records it: what it really changed. */
export const INVOICE_ROUNDING_RUN = {
  id: '001',
  title: 'Invoice totals round half-cent amounts wrong',
  outcome: 'completed',
  file: '.agent/queue/001-completed-invoice-rounding.md',
  writes: ['src/billing/invoice.ts', 'src/billing/tax.ts'],
};

/**
 * A repository whose completed 001 and pending 002 are both about invoice totals, and nothing in
 * it names the files 001 changed: only what a run of 001 teaches (INVOICE_ROUNDING_RUN) places 002.
 */
export function invoiceRepo(): string {
  return gitRepo(undefined, {
    'src/billing/invoice.ts': 'export const a = 1;\n',
    'src/billing/tax.ts': 'export const b = 1;\n',
    'src/ui/theme.ts': 'export const c = 1;\n',
    '.agent/queue/001-completed-invoice-rounding.md': '# Invoice totals round half-cent amounts wrong\n**Status**: completed\n',
    '.agent/queue/002-pending-invoice-currency.md': '# Invoice totals ignore the currency rounding rules\n',
  });
}

/** Write run `run`'s `summary.json` with `items`, as apply does at a run's end. */
export function writeRunSummary(root: string, run: string, items: readonly object[]): void {
  writeFiles(root, { [`.agent/runs/${run}/summary.json`]: JSON.stringify({ v: 1, items }) });
}
