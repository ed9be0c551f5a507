import { compareStrings } from '../../order.js';
import type { Inference } from './infer-footprint.js';

/** What `waveplan infer` says about one item. */
export interface ItemInference {
  id: string;
  title: string;
  file: string;
  /** `declared`: the item names its footprint (nothing inferred); `inferred`; `unknown`: too weak, runs alone. */
  state: 'declared' | 'inferred' | 'unknown';
  confidence: number;
  /** The write entries (inferred) or the suggestions (unknown), best first. */
  entries: Array<{ path: string; confidence: number; words: string[]; symbols?: string[] }>;
  /** With --write: whether `files:` was written into the item. */
  written?: boolean;
}

export function toItemInference(item: { id: string; title: string; file: string }, inference: Inference | undefined): ItemInference {
  const base = { id: item.id, title: item.title, file: item.file };
  if (!inference) return { ...base, state: 'declared', confidence: 1, entries: [] };
  const list = inference.isWeak ? inference.suggestions : inference.entries;
  const entries = [...list]
    .sort((a, b) => b.confidence - a.confidence || compareStrings(a.path, b.path))
    .map((e) => ({ path: e.path, confidence: e.confidence, words: [...e.words], ...(e.symbols ? { symbols: [...e.symbols] } : {}) }));
  return { ...base, state: inference.isWeak ? 'unknown' : 'inferred', confidence: inference.confidence, entries };
}

/** `waveplan infer` as text: each item, its entries with confidence and the words behind them. */
export function formatInference(items: readonly ItemInference[]): string {
  const lines: string[] = [];
  for (const x of items) {
    const head = `${x.id} ${x.title}`;
    if (x.state === 'declared') {
      lines.push(`${head}: declares its footprint; nothing inferred`);
      continue;
    }
    if (x.state === 'unknown') {
      lines.push(`${head}: unknown footprint (best evidence ${x.confidence.toFixed(2)} < 0.60): runs alone`);
      if (x.entries.length > 0) lines.push(`  its words point weakly at: ${x.entries.map((e) => e.path).join(', ')} (add files: if that is right)`);
      else lines.push(`  its words name nothing in the repository: add files: [the paths it will change] to its frontmatter`);
      continue;
    }
    lines.push(`${head}: inferred, confidence ${x.confidence.toFixed(2)}${x.written === true ? ' (written as files:)' : ''}`);
    const shown = (e: ItemInference['entries'][number]) => (e.symbols ? e.symbols.map((s) => `${e.path}#${s}`).join(', ') : e.path);
    const width = Math.min(60, Math.max(...x.entries.map((e) => shown(e).length)));
    for (const e of x.entries)
      lines.push(
        `  ${shown(e).padEnd(width)}  ${e.confidence.toFixed(2)}  from ${e.words
          .slice(0, 4)
          .map((w) => `"${w}"`)
          .join(', ')}${e.words.length > 4 ? ', …' : ''}`,
      );
  }
  return `${lines.join('\n')}\n`;
}
