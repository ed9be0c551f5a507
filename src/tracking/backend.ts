import type { Diagnostic } from '../diagnostics.js';
import type { ParseMemo } from '../io/parse-memo.js';
import type { TreeReader } from '../io/ports.js';
import type { Config, Item, TrackingConfig } from '../types.js';
import { fileBackend } from './file/backend.js';
import type { GithubClientOptions } from './github/github-client.js';
import type { ItemState, MoveWatch, Tracker } from './tracker.js';

/** What a backend needs beyond the tree and the config (each backend ignores what is not its own). */
export interface LoadQueueOptions {
  /** Project root: its origin remote names the repository when tracking.github.repo is unset. */
  root?: string;
  /** GITHUB_API_URL and GITHUB_TOKEN; default process.env. */
  env?: Record<string, string | undefined>;
  /** GitHub client overrides (tests: tiny retry delays). */
  github?: Partial<GithubClientOptions>;
  /** Parses remembered from earlier runs (openParseMemo); the caller saves it. Default: parse everything. */
  memo?: ParseMemo;
}

/** The items as one backend read them, before the cross-item checks. */
export interface ItemsRead {
  items: Item[];
  diagnostics: Diagnostic[];
  /** Whether the place the items live exists (the queue folder; always true for a reachable API). */
  exists: boolean;
  /** Whether every item is a file of the tree (its text can be read to point a diagnostic at a name). */
  itemsAreFiles: boolean;
  /** `owner/name` when the items are GitHub issues. */
  githubRepo?: string;
  /** The items' states as this same read saw them (`itemStates`), when it cost nothing more: the issues. */
  states?: Map<string, ItemState>;
}

/**
 * One tracking provider (docs/architecture.md, "A tracker backend"): where the items live and
 * how their statuses move. Each is a folder of `src/tracking/`, registered in `TRACKER_BACKENDS`.
 */
export interface TrackerBackend {
  /** The items, with the diagnostics of reading and parsing each one. */
  readItems(tree: TreeReader, config: Config, options: LoadQueueOptions): Promise<ItemsRead>;
  /** The tracker that moves the statuses of the items `readItems` returned, telling `watch` each move first. */
  openTracker(
    read: { config: Config; githubRepo?: string },
    options: { root: string; env: Record<string, string | undefined>; watch?: MoveWatch },
  ): Promise<Tracker>;
  /**
   * Every item's state now, by id, for apply's ledger (docs/reliability.md): where it is, with its
   * status, and the sha-256 of its content. Read from where `readItems` read (`githubRepo`), and
   * every item of `ids` that still exists although the listing leaves it out (a closed issue).
   */
  itemStates(
    read: { config: Config; githubRepo?: string },
    options: { root: string; env: Record<string, string | undefined>; ids?: readonly string[] },
  ): Promise<Map<string, ItemState>>;
}

/**
 * Every provider `tracking.provider` may name (the keys are checked against the config type, so a
 * provider added to the schema fails to compile until it has a backend here). A backend other than
 * the file queue is imported only when configured, so its client (octokit) stays off the warm path.
 */
export const TRACKER_BACKENDS: { readonly [P in TrackingConfig['provider']]: () => Promise<TrackerBackend> } = {
  'file-based': () => Promise.resolve(fileBackend),
  github: async () => (await import('./github/backend.js')).githubBackend,
};

export function trackerBackend(provider: TrackingConfig['provider']): Promise<TrackerBackend> {
  return TRACKER_BACKENDS[provider]();
}
