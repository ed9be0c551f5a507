import { createHash } from 'node:crypto';
import { compareIds, compareStrings } from '../order.js';
import { comparePlanConflicts } from '../analyze/conflicts.js';
import type { Plan } from '../types.js';
import { conflictsByItem, sharesByItem, type PlanFile } from './plan-file.js';
import { emitYaml, emitYamlBytes, type YamlValue } from '../block-yaml.js';

export const PLAN_SCHEMA_URL = 'https://waveplan.dev/schemas/plan.schema.json';

/**
 * The plan as the file reviewers read: the key order of docs/plan-file.md, every list sorted, one
 * fact per line, no timestamps, `\n` only. Same plan ⇒ same bytes.
 */
export function serializePlan(plan: Plan): string {
  return `${HEADER}${emitYaml(toOrderedPlan(plan) as unknown as YamlValue)}`;
}

/** serializePlan(plan) as UTF-8 (what the plan file holds), without building the text. */
export function serializePlanBytes(plan: Plan): Buffer {
  return orderedPlanBytes(toOrderedPlan(plan));
}

/** serializePlanBytes for a plan toOrderedPlan gave (validated from the same object: one copy of 125k conflicts, not two). */
export function orderedPlanBytes(ordered: PlanFile, sizeHint?: number): Buffer {
  return emitYamlBytes(ordered as unknown as YamlValue, HEADER, sizeHint);
}

const HEADER = [
  `# yaml-language-server: $schema=${PLAN_SCHEMA_URL}`,
  '# Compiled by waveplan. Do not edit by hand: change the queue items or parallel.config.yaml and run `waveplan plan`.',
  '',
].join('\n');

/**
 * `bytes` (what serializePlan wrote, UTF-8) with another fingerprint (pure): the plan a cache hit
 * gives differs from the cached one only there, on one line near the top.
 */
export function withFingerprint(bytes: Uint8Array, fingerprint: string): Buffer {
  const parts = aroundFingerprint(bytes);
  if (!parts) throw new Error('withFingerprint: not a plan serializePlan wrote (no fingerprint line)');
  return Buffer.concat([parts.before, Buffer.from(emitYaml({ fingerprint })), parts.after]);
}

/**
 * Whether `other` is `bytes` (what serializePlan wrote) with another well-formed fingerprint
 * (pure): the committed plan of an unchanged queue after an edit to a file in a write set.
 */
export function differsOnlyInFingerprint(bytes: Uint8Array, other: Uint8Array): boolean {
  const a = aroundFingerprint(bytes);
  const b = aroundFingerprint(other);
  return (
    a !== undefined &&
    b !== undefined &&
    a.before.equals(b.before) &&
    a.after.equals(b.after) &&
    !a.line.equals(b.line) &&
    FINGERPRINT_LINE.test(b.line.toString('latin1'))
  );
}

/** sha-256 of a plan's bytes without its fingerprint line (pure): equal for two compiles of the same inputs; undefined without the line. */
export function fingerprintFreeSum(bytes: Uint8Array): string | undefined {
  const parts = aroundFingerprint(bytes);
  return parts && createHash('sha256').update(parts.before).update(parts.after).digest('hex');
}

const FINGERPRINT_LINE = /^fingerprint: sha256:[0-9a-f]{64}\n$/;
const FINGERPRINT_KEY = Buffer.from('\nfingerprint: ');

/** The bytes before the top-level `fingerprint:` line, the line, and the bytes after it (views, not copies). */
function aroundFingerprint(bytes: Uint8Array): { before: Buffer; line: Buffer; after: Buffer } | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = buffer.indexOf(FINGERPRINT_KEY) + 1;
  const end = start === 0 ? 0 : buffer.indexOf(10, start) + 1;
  if (start === 0 || end === 0) return undefined;
  return { before: buffer.subarray(0, start), line: buffer.subarray(start, end), after: buffer.subarray(end) };
}

/**
 * The plan file's content: a plain object with the keys in the order of docs/plan-file.md, every
 * list sorted, each conflicting pair written once at its later item (src/plan/plan-file.ts).
 */
export function toOrderedPlan(plan: Plan): PlanFile {
  const bounds = plan.stats.bounds;
  const conflicts = conflictsByItem({ ...plan, edges: { ...plan.edges, conflicts: [...plan.edges.conflicts].sort(comparePlanConflicts) } });
  const shares = sharesByItem(plan);
  return {
    version: plan.version,
    fingerprint: plan.fingerprint,
    settings: {
      max_parallel: plan.settings.max_parallel,
      level: plan.settings.level,
      ...(plan.settings.assume_disjoint !== undefined ? { assume_disjoint: plan.settings.assume_disjoint } : {}),
    },
    items: [...plan.items]
      .sort((a, b) => compareIds(a.id, b.id))
      .map((i) => ({
        id: i.id,
        file: i.file,
        title: i.title,
        status: i.status,
        priority: i.priority,
        estimate: i.estimate,
        ...(i.run !== undefined ? { run: i.run } : {}),
        writes: [...i.writes].sort(compareStrings),
        ...(i.near && i.near.length > 0 ? { near: [...i.near].sort(compareStrings) } : {}),
        unknown_footprint: i.unknown_footprint,
        ...(i.inferred ? { inferred: i.inferred.map((e) => ({ path: e.path, words: e.words, confidence: e.confidence })) } : {}),
        ...(i.suggested_files ? { suggested_files: i.suggested_files } : {}),
        ...(i.symbols ? { symbols: i.symbols } : {}),
        ...conflicts.get(i.id),
        ...(shares.has(i.id) ? { shares: shares.get(i.id) } : {}),
      })),
    waves: [...plan.waves].sort((a, b) => a.index - b.index).map((w) => ({ index: w.index, items: [...w.items].sort(compareIds), estimate: w.estimate })),
    edges: {
      blocked_by: [...plan.edges.blocked_by].sort((a, b) => compareIds(a.item, b.item) || compareIds(a.on, b.on)).map((e) => ({ item: e.item, on: e.on })),
      ...(plan.edges.after && plan.edges.after.length > 0
        ? { after: [...plan.edges.after].sort((a, b) => compareIds(a.item, b.item) || compareIds(a.on, b.on)).map((e) => ({ item: e.item, on: e.on })) }
        : {}),
    },
    held: [...plan.held].sort((a, b) => compareIds(a.item, b.item)).map((h) => ({ item: h.item, reason: h.reason })),
    // The critical path is a chain: its order is the run order, not sorted.
    critical_path: { items: [...plan.critical_path.items], length: plan.critical_path.length },
    stats: {
      items: plan.stats.items,
      scheduled: plan.stats.scheduled,
      ...(plan.stats.held !== undefined ? { held: plan.stats.held } : {}),
      waves: plan.stats.waves,
      makespan: plan.stats.makespan,
      lower_bound: plan.stats.lower_bound,
      parallelism: plan.stats.parallelism,
      ...(bounds
        ? {
            bounds: {
              critical_path: bounds.critical_path,
              capacity: bounds.capacity,
              conflicts: bounds.conflicts,
              conflict_set: [...bounds.conflict_set].sort(compareIds),
            },
          }
        : {}),
      ...(plan.stats.search !== undefined ? { search: plan.stats.search } : {}),
    },
  };
}
