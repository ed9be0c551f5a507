import { compareStrings } from '../order.js';
import type { ConflictKind, Evidence } from '../types.js';
import { CHAIN_SEPARATOR } from './import-chains.js';

/**
 * The conflict kind a piece of evidence makes (docs/conflicts.md): a shared file is a `file`
 * conflict; a shared resource, a declared read or an import chain is `data`; a shared component
 * is `component`.
 */
export function conflictKindOf(e: Evidence): ConflictKind {
  switch (e.kind) {
    case 'file':
    case 'symbol':
    case 'shared-file':
      return 'file';
    case 'resource':
    case 'declared-read':
    case 'import-chain':
    case 'release':
      return 'data';
    case 'component':
      return 'component';
    default:
      return unreachable(e);
  }
}

/**
 * Evidence as the plan file, the reports and explain print it (docs/conflicts.md):
 * `src/a.ts`, `resource db-schema`, `002 reads docs/api.md`, `component web`,
 * `src/App.tsx: same symbol handlePaste`, `file src/App.tsx: different symbols (handlePaste | onKeyDown)`
 * (not a conflict: Analysis.shared), and an import chain
 * reader first (`src/b.ts → src/x.ts → src/a.ts`; under `analysis.reads: direct`,
 * `src/api/orders.ts → src/lib/index.ts (re-exports) → src/lib/money.ts`).
 */
export function formatEvidence(e: Evidence): string {
  switch (e.kind) {
    case 'file':
      return e.file;
    case 'resource':
      return `resource ${e.resource}`;
    case 'declared-read':
      return `${e.reader} reads ${e.file}`;
    case 'import-chain':
      return e.reexports
        ? e.chain.map((file, k) => (k > 0 && k < e.chain.length - 1 ? `${file} (re-exports)` : file)).join(CHAIN_SEPARATOR)
        : e.chain.join(CHAIN_SEPARATOR);
    case 'component':
      return `component ${e.component}`;
    case 'release':
      return `${e.releaser} releases the change notes in ${e.folders.map((f) => `${f}/`).join(', ')}`;
    case 'symbol':
      return `${e.file}: same symbol${e.symbols.length === 1 ? '' : 's'} ${e.symbols.join(', ')}`;
    case 'shared-file':
      return `file ${e.file}: different symbols (${e.a.join(', ')} | ${e.b.join(', ')})`;
    default:
      return unreachable(e);
  }
}

/** The repo files a piece of evidence names: what the fingerprint hashes besides the write sets. */
export function evidenceFiles(e: Evidence): readonly string[] {
  switch (e.kind) {
    case 'file':
    case 'declared-read':
    case 'symbol':
    case 'shared-file':
      return [e.file];
    case 'import-chain':
      return e.chain;
    case 'resource':
    case 'component':
    case 'release':
      return [];
    default:
      return unreachable(e);
  }
}

/** Two pieces of evidence in the order of their texts (the order the plan lists conflicts of one pair and kind in). */
export function compareEvidence(x: Evidence, y: Evidence): number {
  return x === y ? 0 : compareStrings(formatEvidence(x), formatEvidence(y));
}

/** The compiler's check that a switch names every kind; never returns. */
export function unreachable(value: never): never {
  throw new Error(`unhandled evidence kind: ${JSON.stringify(value)}`);
}
