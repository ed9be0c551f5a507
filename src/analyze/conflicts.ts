import { compareIds, compareStrings } from '../order.js';
import type { Conflict, ConflictKind, Evidence, Footprint, ImportGraph, SharedWrite } from '../types.js';
import { compareEvidence as compareEvidenceData } from './evidence.js';
import { CHAIN_SEPARATOR, formatChain } from './import-chains.js';
import { declaredReadsOf } from './declared-reads.js';
import { createReach, type Reached } from './reach.js';

const KIND_ORDER: Record<ConflictKind, number> = { file: 0, data: 1, component: 2 };

/**
 * Every conflicting pair (pure). File: W(a) ∩ W(b); data: a shared resource, or W(a) ∩ R(b)
 * (either way round); component: a shared component. One conflict per pair and kind, with the
 * shortest evidence: a shared resource, then a declared read (`002 reads docs/api.md`), then the
 * shortest import chain from the reader's written file to the writer's (`src/b.ts → src/a.ts`).
 */
export function findConflicts(
  footprints: readonly Footprint[],
  graph: ImportGraph = new Map(),
  options: { reach?: (starts: readonly string[]) => Reached } = {},
): Conflict[] {
  return findConflictsWithFiles(footprints, graph, options).conflicts;
}

/**
 * findConflicts, and the repo files its evidence names (the shared files, declared reads and
 * every file of the chosen import chains; unsorted, unique): what the fingerprint hashes besides
 * the write sets.
 */
export function findConflictsWithFiles(
  footprints: readonly Footprint[],
  graph: ImportGraph = new Map(),
  options: { reach?: (starts: readonly string[]) => Reached } = {},
): { conflicts: Conflict[]; files: Set<string>; shared: SharedWrite[] } {
  const sorted = [...footprints].sort((x, y) => compareIds(x.id, y.id));
  const evidence = dataEvidence(sorted, options.reach ?? createReach(graph));
  const writeSets = sorted.map((f) => new Set(f.writes));
  // The files each item writes only as near its inferred guess: a shared file both guessed is better evidence.
  const nearSets = sorted.map(nearOnly);
  // Most items name no resource and touch no component: those pairs skip the look.
  const resourceSets = sorted.map((f) => (f.resources.length > 0 ? new Set(f.resources) : undefined));
  const componentSets = sorted.map((f) => (f.components.length > 0 ? new Set(f.components) : undefined));
  const out: Conflict[] = [];
  const files = new Set<string>();
  const sharedWrites: SharedWrite[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j];
      const before = out.length;
      let bet: SharedWrite['evidence'] | undefined;
      let shared = firstShared(a.writes, writeSets[j]);
      if (shared !== undefined && (nearSets[i] || nearSets[j])) shared = leastNear(a.writes, writeSets[j], nearSets[i], nearSets[j]) ?? shared;
      if (shared !== undefined) {
        const found = a.symbols || b.symbols ? symbolLevel(a, b, writeSets[j]) : { kind: 'file' as const, file: shared };
        if (found.kind === 'shared-file') bet = found;
        else {
          out.push({ kind: 'file', a: a.id, b: b.id, evidence: found });
          files.add(found.file);
        }
      }
      const theirResources = resourceSets[i] && resourceSets[j];
      const resource = theirResources ? firstShared(a.resources, theirResources) : undefined;
      if (resource !== undefined) out.push({ kind: 'data', a: a.id, b: b.id, evidence: { kind: 'resource', resource } });
      else {
        const data = shortest(evidence(j, i), evidence(i, j));
        if (data !== undefined) {
          out.push({ kind: 'data', a: a.id, b: b.id, evidence: data.evidence() });
          for (const file of data.files) files.add(file);
        } else {
          // A release consumes the change notes any other item may add (docs/inference.md, "Releases consume the change notes").
          const releaser = a.releases ? a : b.releases ? b : undefined;
          if (releaser) out.push({ kind: 'data', a: a.id, b: b.id, evidence: { kind: 'release', releaser: releaser.id, folders: releaser.releases! } });
        }
      }
      const theirComponents = componentSets[i] && componentSets[j];
      const component = theirComponents ? firstShared(a.components, theirComponents) : undefined;
      if (component !== undefined) out.push({ kind: 'component', a: a.id, b: b.id, evidence: { kind: 'component', component } });
      // Only a pair that may share a wave keeps the bet.
      if (bet && out.length === before) {
        sharedWrites.push({ a: a.id, b: b.id, evidence: bet });
        files.add(bet.file);
      }
    }
  }
  // Pairs come in id order and kinds in KIND_ORDER already; the sort settles equal ids (never in a valid queue) in n comparisons otherwise.
  return { conflicts: out.sort(compareConflicts), files, shared: sharedWrites };
}

/**
 * Two items that write the same files, at the level of symbols (docs/conflicts.md#symbol-level-write-sets):
 * the first shared file (in path order) where one writes it whole, or both name a symbol there, is
 * the conflict (`file` or `symbol` evidence); when every shared file is written by both in
 * different symbols, the first is the bet (`shared-file`), not a conflict.
 */
function symbolLevel(a: Footprint, b: Footprint, bWrites: ReadonlySet<string>): Evidence & { file: string } {
  let bet: (Evidence & { kind: 'shared-file' }) | undefined;
  for (const file of a.writes) {
    if (!bWrites.has(file)) continue;
    const x = a.symbols?.[file]?.symbols;
    const y = b.symbols?.[file]?.symbols;
    if (!x || !y) return { kind: 'file', file };
    const same = x.filter((s) => y.includes(s));
    if (same.length > 0) return { kind: 'symbol', file, symbols: same };
    bet ??= { kind: 'shared-file', file, a: x, b: y };
  }
  return bet!;
}

export function compareConflicts(x: Conflict, y: Conflict): number {
  return compareIds(x.a, y.a) || compareIds(x.b, y.b) || KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || compareEvidenceData(x.evidence, y.evidence);
}

/** compareConflicts for conflicts whose evidence is text already (the plan file's). */
export function comparePlanConflicts(
  x: { kind?: ConflictKind; a: string; b: string; evidence?: string },
  y: { kind?: ConflictKind; a: string; b: string; evidence?: string },
): number {
  return (
    compareIds(x.a, y.a) ||
    compareIds(x.b, y.b) ||
    (x.kind ? KIND_ORDER[x.kind] : -1) - (y.kind ? KIND_ORDER[y.kind] : -1) ||
    compareStrings(x.evidence ?? '', y.evidence ?? '')
  );
}

/**
 * Why a reader depends on a writer, while the search weighs it: a declared read or an import chain
 * (reader first), built only when it is the best so far and turned into Evidence only when chosen
 * (a 500-item queue weighs 250k candidate chains for 125k conflicts).
 */
interface Candidate {
  rank: number;
  /** The chain (reader's file first), or the declared read alone. */
  readonly files: readonly string[];
  /** The text it compares as (formatEvidence of evidence()), once needed. */
  text?: string;
  evidence(): Evidence;
}

/** An import chain found by a search, listed only when it is compared or chosen (most candidates lose on length alone). */
class ChainCandidate implements Candidate {
  text?: string;
  #files?: readonly string[];
  constructor(
    readonly rank: number,
    private readonly reader: string,
    private readonly from: Reached,
    private readonly at: number,
  ) {}
  get files(): readonly string[] {
    return (this.#files ??= this.from.chainToAt(this.at)!);
  }
  evidence(): Evidence {
    const files = this.files;
    return this.from.throughReExports && files.length > 2
      ? { kind: 'import-chain', reader: this.reader, chain: files, reexports: true }
      : { kind: 'import-chain', reader: this.reader, chain: files };
  }
}

/** `002 reads docs/api.md`: the reader declared the writer's file under `reads`. */
function declaredRead(rank: number, reader: string, file: string): Candidate {
  return { rank, files: [file], text: `${reader} reads ${file}`, evidence: () => ({ kind: 'declared-read', reader, file }) };
}

function textOf(e: Candidate): string {
  return (e.text ??= formatChain(e.files));
}

/**
 * `evidence(reader, writer)` (indexes into `sorted`): why reader depends on what writer changes,
 * or undefined. The search from the reader's write set runs once per reader, and only when
 * needed; the writer's files are numbered once, as the search numbers them.
 */
function dataEvidence(sorted: readonly Footprint[], reach: (starts: readonly string[]) => Reached): (reader: number, writer: number) => Candidate | undefined {
  const states: Array<{ from: Reached; declared?: Set<string>; none: boolean } | undefined> = [];
  const numbered: Array<Int32Array | undefined> = [];
  const stateOf = (r: number) => {
    const reader = sorted[r];
    const from = reach(reader.writes);
    // R = declared reads ∪ imports: a Set of the declared ones is only needed when there are some.
    const declared = declaredReadsOf(reader) ?? (reader.reads.length > from.count ? reader.reads : []);
    return (states[r] = { from, declared: declared.length > 0 ? new Set(declared) : undefined, none: from.count === 0 && declared.length === 0 });
  };
  return (r, w) => {
    const { from, declared, none } = states[r] ?? stateOf(r);
    if (none) return undefined;
    const writes = sorted[w].writes;
    const at = (numbered[w] ??= Int32Array.from(writes, (file) => from.indexOf(file)));
    let best: Candidate | undefined;
    for (let k = 0; k < writes.length; k++) {
      let length = from.chainLengthAt(at[k]);
      // The writer names its symbols there: the reader reads its change only if it imports one of them (docs/conflicts.md).
      const named = length > 0 ? sorted[w].symbols?.[writes[k]] : undefined;
      if (named && !takesAny(from.namesAt?.(at[k]), named.exports)) length = 0;
      if (length === 0 && !declared?.has(writes[k])) continue;
      // Not reachable through imports: the reader declared it under `reads`.
      const rank = length === 0 ? 1 : length;
      if (best && rank > best.rank) continue;
      const found: Candidate = length > 0 ? new ChainCandidate(rank, sorted[r].id, from, at[k]) : declaredRead(rank, sorted[r].id, writes[k]);
      if (!best || rank < best.rank || compareEvidence(found, best) < 0) best = found;
    }
    return best;
  };
}

/** Whether names taken from a module (null: all of it; undefined: not known, as under `transitive`) include one of `exports`. */
function takesAny(taken: ReadonlySet<string> | null | undefined, exports: readonly string[]): boolean {
  if (!taken) return true;
  return exports.some((name) => taken.has(name));
}

function shortest(x: Candidate | undefined, y: Candidate | undefined): Candidate | undefined {
  if (!x || !y) return x ?? y;
  return compareEvidence(x, y) <= 0 ? x : y;
}

/** By rank, then as text; two chains compare as their texts would, without formatting them. */
function compareEvidence(x: Candidate, y: Candidate): number {
  if (x.rank !== y.rank) return x.rank - y.rank;
  return x.text === undefined && y.text === undefined ? compareJoined(x.files, y.files, CHAIN_SEPARATOR) : compareStrings(textOf(x), textOf(y));
}

/** compareStrings(x.join(sep), y.join(sep)) without joining: code unit by code unit over both. */
export function compareJoined(x: readonly string[], y: readonly string[], sep: string): number {
  // Skip the equal leading parts whole (the common case: the same reader file).
  let k = 0;
  while (k < x.length && k < y.length && x[k] === y[k]) k++;
  if (k === x.length && k === y.length) return 0;
  const cursor = (parts: readonly string[]) => {
    // From the end of the last equal part: the separator after it may be where they differ.
    let part = Math.max(k - 1, 0);
    let inSep = false;
    let at = k === 0 ? 0 : parts[k - 1].length;
    return (): number => {
      for (;;) {
        if (part >= parts.length) return -1;
        const text = inSep ? sep : parts[part];
        if (at < text.length) return text.charCodeAt(at++);
        at = 0;
        if (inSep) {
          inSep = false;
          part++;
        } else if (part < parts.length - 1) inSep = true;
        else part++;
      }
    };
  };
  const nextX = cursor(x);
  const nextY = cursor(y);
  for (;;) {
    const a = nextX();
    const b = nextY();
    if (a !== b) return a === -1 ? -1 : b === -1 ? 1 : a < b ? -1 : 1;
    if (a === -1) return 0;
  }
}

/** The smallest value of x that y holds. */
/** The files a footprint writes only as near its inferred guess (source `near` alone); undefined when none. */
function nearOnly(footprint: Footprint): Set<string> | undefined {
  const out = new Set<string>();
  for (const file of footprint.writes) {
    const origins = footprint.origins[file];
    if (origins !== undefined && origins.length > 0 && origins.every((o) => o === 'near')) out.add(file);
  }
  return out.size > 0 ? out : undefined;
}

/**
 * The shared file fewest of the two write only as near a guess (docs/inference.md, "Still safe
 * when wrong"), the first by code unit among equals: a file both guessed says more than one near both.
 */
function leastNear(x: readonly string[], y: ReadonlySet<string>, nearX?: ReadonlySet<string>, nearY?: ReadonlySet<string>): string | undefined {
  let best: { file: string; near: number } | undefined;
  for (const file of x) {
    if (!y.has(file)) continue;
    const near = (nearX?.has(file) ? 1 : 0) + (nearY?.has(file) ? 1 : 0);
    if (!best || near < best.near || (near === best.near && compareStrings(file, best.file) < 0)) best = { file, near };
  }
  return best?.file;
}

function firstShared(x: readonly string[], y: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  for (const v of x) if (y.has(v) && (best === undefined || compareStrings(v, best) < 0)) best = v;
  return best;
}
