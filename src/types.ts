/** The four statuses of the agent-skill ecosystem; the filename is the source of truth. */
export const Status = {
  pending: 'pending',
  in_progress: 'in_progress',
  completed: 'completed',
  blocked: 'blocked',
} as const;
export type Status = (typeof Status)[keyof typeof Status];
export const STATUSES: readonly Status[] = ['pending', 'in_progress', 'completed', 'blocked'];

export const PRIORITIES = ['p0', 'p1', 'p2', 'p3'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** Priority when an item names none. */
export const DEFAULT_PRIORITY: Priority = 'p2';

export const LEVELS = ['L1', 'L2', 'L3'] as const;
export type AutonomyLevel = (typeof LEVELS)[number];

/** One queue item, as read from `NNN-STATUS-slug.md` (or from a tracking backend). */
export interface Item {
  /** The id as the filename writes it (`001`), or `#12` for GitHub issues. */
  id: string;
  /** Repo-relative POSIX path of the item file (or the issue URL path). */
  file: string;
  slug: string;
  status: Status;
  title: string;
  priority: Priority;
  /** Relative duration, the critical-path weight; default 1. */
  estimate: number;
  /** Ids of items that must complete first (BlockedBy merged with other items' Blocks). */
  blockedBy: string[];
  /** Ids this item blocks, as written. */
  blocks: string[];
  /** Declared write globs (frontmatter `files` ∪ `**Files**`), paths only (a `path#symbol` entry gives its path). */
  files: string[];
  /**
   * Symbols named in `files` entries (`src/App.tsx#handlePaste`), by path, sorted: the item writes
   * only those there (docs/conflicts.md#symbol-level-write-sets). A path also named plainly is not here.
   */
  symbols?: Record<string, string[]>;
  /** Declared extra read inputs. */
  reads: string[];
  /** Named data resources (config `analysis.resources`). */
  resources: string[];
  /** Named components (config `analysis.components`). */
  components: string[];
  /** Git branch holding the item's changes so far. */
  branch?: string;
  /** Command that `apply` runs for this item. */
  run?: string;
  assignee?: string;
  /** `**Status**:` as written in the body, when present. */
  bodyStatus?: Status;
  /** Markdown sections by heading (lower-cased), for explain and inference. */
  sections: Record<string, string>;
  /** The Markdown body after the frontmatter. */
  body: string;
  /** 1-based lines of the fields in the item file, for diagnostics. */
  lines?: Partial<Record<'title' | 'status' | 'priority' | 'blockedBy' | 'blocks' | 'files', number>>;
}

export interface QueueConfig {
  dir: string;
}
export interface TrackingConfig {
  provider: 'file-based' | 'github';
  github?: { repo?: string; fallback_to_files?: boolean; labels?: string[] };
}
export interface AutonomyConfig {
  level: AutonomyLevel;
  max_parallel: number;
  continue_on_error: boolean;
}
export interface AnalysisConfig {
  tsconfig: string;
  import_graph: boolean;
  /** What an item reads through imports (docs/conflicts.md): `direct` or the whole `transitive` closure (default, until direct is as fast: docs/conflicts.md). */
  reads: ReadRule;
  components: Record<string, string[]>;
  resources: Record<string, string[]>;
}
/** `direct`: what written files import, through re-exporting modules to the definitions; `transitive`: every file reachable through imports. */
export type ReadRule = 'direct' | 'transitive';
export interface RunConfig {
  command: string | null;
  isolation: 'none' | 'worktree';
  max_load: number | null;
  min_free_memory: string | null;
  /** With isolation worktree: `merge` lands each item on the target branch, `keep` leaves branches only (docs/apply.md). */
  land: 'merge' | 'keep';
  /** Re-runs from the new tip when an item's merge conflicts, before it is blocked; default 1. */
  retry_on_conflict: number;
  /** Command run on the merged tree in the item's worktree before the target moves; a failure lands nothing. */
  gate: string | null;
}

/** `parallel.config.yaml` with every default filled in. */
export interface Config {
  queue: QueueConfig;
  tracking: TrackingConfig;
  autonomy: AutonomyConfig;
  git: { base: string };
  analysis: AnalysisConfig;
  plan: { file: string };
  hook: { mode: 'stage' | 'check' };
  run: RunConfig;
}

/** Where a write-set entry came from; `near`: a file near an inferred guess, which the item may change too (docs/inference.md). */
export type FootprintSource = 'declared' | 'branch' | 'component' | 'resource' | 'inferred' | 'near';

/** What one item will change, and what it depends on (docs/conflicts.md). */
export interface Footprint {
  id: string;
  /** Repo-relative POSIX paths the item writes (W), sorted. */
  writes: string[];
  /** For each write entry, where it came from (sorted, unique). */
  origins: Record<string, FootprintSource[]>;
  /** Repo-relative paths the item reads (R): `reads` ∪ the transitive imports of W, sorted. */
  reads: string[];
  /** Components the item touches (named or by a file in it), sorted. */
  components: string[];
  /** Resources the item names or touches, sorted. */
  resources: string[];
  /** No known write set: runs alone unless --assume-disjoint. */
  unknown: boolean;
  /** Entries inferred from the item's words (source 'inferred'), by the path or glob inferred: the words and the confidence. */
  inferred?: Record<string, InferredReason>;
  /** An unknown footprint whose words point somewhere too weakly to trust: the `files:` entries to suggest, best first. */
  suggestedFiles?: string[];
  /**
   * An inferred release: the change-notes folders it consumes. It conflicts with every other item,
   * whose change may add a note there (docs/inference.md, "Releases consume the change notes").
   */
  releases?: string[];
  /** For the files written only as near an inferred guess: why each is near, in a reader's words (explain). */
  nearWhy?: Record<string, string>;
  /**
   * Files written only in the named symbols (declared `path#symbol`, each found in the file), by
   * file: the symbols (`handlePaste`, `App.onKeyDown`), and the names importers take them by
   * (`exports`). A written file not here is written whole (docs/conflicts.md#symbol-level-write-sets).
   */
  symbols?: Record<string, { symbols: string[]; exports: string[] }>;
}

/** Why inference put an entry in an item's write set: the item's words that produced it and how sure it is (0..1). */
export interface InferredReason {
  words: string[];
  confidence: number;
  /** How the words found it, in a reader's words (`a path in the text`, `a close past change`; docs/inference.md); never in the plan file. */
  evidence?: string[];
}

/** `declared`: only what items declare; `inferred` (default): items that declare nothing get footprints inferred from their words. */
export type FootprintMode = 'declared' | 'inferred';

/** File → the repo files it imports (repo-relative POSIX paths); the import graph of docs/conflicts.md. */
export type ImportGraph = ReadonlyMap<string, ReadonlySet<string>>;

export type ConflictKind = 'file' | 'data' | 'component';

/**
 * Why two items conflict, as data (docs/conflicts.md). Turned into text only for output
 * (src/analyze/evidence.ts formatEvidence); code that handles kinds switches on `kind` exhaustively.
 */
export type Evidence =
  /** Both write this file. */
  | { kind: 'file'; file: string }
  /** Both name (or touch a file of) this resource. */
  | { kind: 'resource'; resource: string }
  /** Item `reader` declares under `reads` a file the other item writes. */
  | { kind: 'declared-read'; reader: string; file: string }
  /**
   * Item `reader`'s written file (first) reads the other item's written file (last), through the
   * files between: importers (`analysis.reads: transitive`), or, when `reexports` is set, modules
   * that re-export what the reader imports (`direct`, docs/conflicts.md).
   */
  | { kind: 'import-chain'; reader: string; chain: readonly string[]; reexports?: true }
  /** Both touch this component. */
  | { kind: 'component'; component: string }
  /** Item `releaser` is a release: it consumes the change notes in `folders`, which the other item's change may add. */
  | { kind: 'release'; releaser: string; folders: readonly string[] }
  /** Both name these symbols of the file they write (`path#symbol` entries). */
  | { kind: 'symbol'; file: string; symbols: readonly string[] }
  /**
   * Not a conflict: both write the file, each only in its own symbols (`a`'s, then `b`'s), so they
   * may share a wave; kept so reviewers see the bet (Analysis.shared, docs/conflicts.md).
   */
  | { kind: 'shared-file'; file: string; a: readonly string[]; b: readonly string[] };

/** Two items that may not share a wave, and why (the analysis' form; the plan file holds PlanConflict). */
export interface Conflict {
  /** file, data or component: conflictKindOf(evidence). */
  kind: ConflictKind;
  /** The lower id of the pair (compareIds). */
  a: string;
  b: string;
  evidence: Evidence;
}

/**
 * A conflict of a plan: the evidence as text (formatEvidence). A compiled plan has every conflict
 * with its kind and evidence; a plan read from its file has them only for the conflicts that pin
 * an item to its wave, the other pairs come without (docs/plan-file.md, "Conflicts").
 */
export interface PlanConflict {
  kind?: ConflictKind;
  a: string;
  b: string;
  /**
   * What they share, in words a reviewer reads: a file (`src/a.ts`), a resource
   * (`resource db-schema`), a component (`component web`), a declared read (`002 reads docs/api.md`)
   * or an import chain (`src/b.ts → src/x.ts → src/a.ts`, reader first, written file last).
   */
  evidence?: string;
}

/** A conflict with its kind and evidence (every conflict of a compiled plan). */
export type DetailedConflict = Required<PlanConflict>;

/** The result of the analysis stage: every item's footprint and every conflicting pair. */
export interface Analysis {
  footprints: Footprint[];
  /** Sorted by a, b, kind, evidence. One entry per pair and kind (the shortest evidence). */
  conflicts: Conflict[];
  /** Repo files the plan depends on (write sets and evidence chains), sorted: their blob ids go into the fingerprint. */
  files: string[];
  /** Pairs that write one file in different symbols and do not conflict (evidence kind `shared-file`), sorted by a, b. */
  shared?: SharedWrite[];
}

/** Two items that write one file, each in its own symbols: they may share a wave (docs/conflicts.md#symbol-level-write-sets). */
export interface SharedWrite {
  a: string;
  b: string;
  evidence: Extract<Evidence, { kind: 'shared-file' }>;
}

/** One item as the plan file records it. */
export interface PlanItem {
  id: string;
  file: string;
  title: string;
  status: Status;
  priority: Priority;
  estimate: number;
  /**
   * The command `apply` runs for the item (its `run:`, else config `run.command`), as written:
   * set for the items a run may start (pending, in_progress) that have one. Part of the review
   * (docs/reliability.md): `apply` runs exactly this string.
   */
  run?: string;
  /** The write set W (repo-relative, sorted): what the item declares, or its inferred guess; empty for completed items. */
  writes: string[];
  /**
   * For an inferred item: the files near its guess that it may change too (sorted, none of them in
   * `writes`). Conflicts count them as written, and so does the landing's audit (docs/inference.md,
   * "Still safe when wrong"); they are not the guess.
   */
  near?: string[];
  /** True when the item has no known write set (runs alone unless --assume-disjoint). */
  unknown_footprint: boolean;
  /** Write entries inferred from the item's words (it declares none), with the words and the confidence. */
  inferred?: Array<{ path: string; words: string[]; confidence: number }>;
  /** For an unknown footprint: the `files:` entries its words suggest (too weak to trust). */
  suggested_files?: string[];
  /** Written files it writes only in named symbols, as `path#symbol` (sorted): docs/conflicts.md#symbol-level-write-sets. */
  symbols?: string[];
}

export interface PlanWave {
  /** 1-based. */
  index: number;
  /** Ids, sorted. */
  items: string[];
  /** The wave's length: its longest item's estimate. */
  estimate: number;
}

/** The compiled plan (`.agent/plan.yaml`, docs/plan-file.md). Keys are written in this order. */
export interface Plan {
  version: 1;
  /** `sha256:<hex>` over item files, config and the blob ids of files in write sets and on evidence chains. */
  fingerprint: string;
  settings: {
    max_parallel: number;
    level: AutonomyLevel;
    /** Unknown footprints treated as disjoint instead of running alone (`--assume-disjoint`). */
    assume_disjoint?: boolean;
  };
  /** Every item of the queue, by id. */
  items: PlanItem[];
  /** Waves in run order. */
  waves: PlanWave[];
  edges: {
    /** `item` waits for `on`. */
    blocked_by: Array<{ item: string; on: string }>;
    /**
     * `item` runs and lands after `on`: they conflict and nothing else orders them, so the lower id
     * goes first (docs/plan-file.md#queue-order-among-conflicting-items). Absent when there is none.
     */
    after?: Array<{ item: string; on: string }>;
    conflicts: PlanConflict[];
    /** Pairs that write one file in different symbols and may share a wave: the bet, as text (docs/conflicts.md#symbol-level-write-sets). */
    shared?: Array<{ a: string; b: string; evidence: string }>;
  };
  /** Items not scheduled, with the reason (e.g. "blocked by 004, which is blocked"). */
  held: Array<{ item: string; reason: string }>;
  /** The longest estimate-weighted chain of BlockedBy and queue-order (`edges.after`) edges among the items to run, first first. */
  critical_path: { items: string[]; length: number };
  stats: PlanStats;
}

export interface PlanStats {
  /** Items in the queue. */
  items: number;
  /** Items placed in a wave. */
  scheduled: number;
  /** Items held behind a blocked item. */
  held?: number;
  waves: number;
  /** Σ wave estimates. */
  makespan: number;
  /** max(bounds.*): no plan can be shorter. */
  lower_bound: number;
  /** Σ estimate of the scheduled items / makespan: how many items run at once, on average. */
  parallelism: number;
  /** The terms of the lower bound (docs/plan-file.md). */
  bounds?: {
    critical_path: number;
    /** Σₖ e₍k·c+1₎ over estimates sorted longest first, c = max_parallel (≥ Σestimate / max_parallel). */
    capacity: number;
    /** Σ estimate of the largest set of mutually conflicting items found. */
    conflicts: number;
    /** That set. */
    conflict_set: string[];
  };
  /** exhaustive: the least makespan possible (≤ 12 items to run); greedy: priority placement improved by moves and swaps. */
  search?: 'exhaustive' | 'greedy';
}
