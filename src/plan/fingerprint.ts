import { createHash } from 'node:crypto';
import { compareStrings } from '../order.js';

/** Bumped when the compiler's output for the same inputs changes, so old plans read as stale, not hand-edited. */
export const COMPILER_VERSION = 'waveplan-plan/3';

export interface FingerprintInput {
  /** The config text (undefined: defaults). */
  configText?: string;
  /** Every item file with the sha256 of its bytes. */
  itemFiles: ReadonlyArray<{ file: string; sha256: string }>;
  /** Git blob ids of the files in write sets and on evidence chains; files not present are recorded as missing. */
  files: readonly string[];
  blobIds: ReadonlyMap<string, string>;
  /**
   * What inference found for the items that declare nothing, by id. It reads more than the inputs
   * above (the history, what runs taught), so a new commit can move it while no input moves: the
   * plan is then stale, not edited by hand.
   */
  inference?: ReadonlyMap<string, unknown>;
  /** Command-line settings that change the plan. */
  maxParallel?: number;
  assumeDisjoint?: boolean;
}

/**
 * `sha256:<hex>` over what determines the plan (docs/plan-file.md): item files, config, and
 * the blob ids of the files the analysis depends on, one line each in sorted order, and what
 * inference found. An unrelated code change leaves it alone (unless it moves what inference found).
 */
export function computeFingerprint(input: FingerprintInput): string {
  const lines = [
    COMPILER_VERSION,
    `max_parallel ${input.maxParallel ?? 'config'}`,
    `assume_disjoint ${input.assumeDisjoint ? 'yes' : 'no'}`,
    `config ${input.configText === undefined ? 'defaults' : sha256(lfText(input.configText))}`,
    ...[...input.itemFiles].sort((a, b) => compareStrings(a.file, b.file)).map((f) => `item ${f.sha256} ${f.file}`),
    ...[...new Set(input.files)].sort(compareStrings).map((file) => `blob ${input.blobIds.get(file) ?? 'missing'} ${file}`),
    ...(input.inference && input.inference.size > 0
      ? [`inference ${sha256(JSON.stringify([...input.inference].sort(([a], [b]) => compareStrings(a, b))))}`]
      : []),
  ];
  return `sha256:${sha256(`${lines.join('\n')}\n`)}`;
}

/**
 * The sha-256 of an item file or the config as read, line endings as LF: the hook reads the index,
 * where git keeps LF (`text=auto eol=lf`, `core.autocrlf`), and plan and apply the work tree, where
 * the same file has CRLF; the parser reads both alike, so the fingerprint does too (docs/plan-file.md).
 */
export function textSha256(data: Uint8Array): string {
  // latin1 maps each byte to one character and back: the bytes stay the bytes, only CRs go.
  return sha256(data.includes(0x0d) ? Buffer.from(lfText(Buffer.from(data).toString('latin1')), 'latin1') : data);
}

/** CRLF and a lone CR as LF, as the Markdown and YAML readers take them. */
function lfText(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
