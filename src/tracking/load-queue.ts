import { readConfig } from '../config/read-config.js';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import type { TreeReader } from '../io/ports.js';
import { checkQueue } from '../queue/check-queue.js';
import { checkReferences, namePosition } from '../queue/check-references.js';
import type { Config, Item } from '../types.js';
import { trackerBackend, type LoadQueueOptions } from './backend.js';
import type { ItemState } from './tracker.js';

export type { LoadQueueOptions } from './backend.js';

export interface LoadedQueue {
  config: Config;
  /** The config file read (undefined: defaults). */
  configSource?: string;
  configText?: string;
  /** Items with BlockedBy resolved and merged with Blocks. */
  items: Item[];
  diagnostics: Diagnostic[];
  queueExists: boolean;
  /** `owner/name` when the items are GitHub issues (tracking.provider: github). */
  githubRepo?: string;
  /** The items' states as they were read here, when the backend gave them with the items (the issues). */
  itemStates?: ReadonlyMap<string, ItemState>;
}

/** Config, then the items from its provider's backend (`TRACKER_BACKENDS`), then the cross-item checks. */
export async function loadQueue(tree: TreeReader, options: LoadQueueOptions = {}): Promise<LoadedQueue> {
  const configRead = await readConfig(tree, options.memo);
  const config = configRead.config;
  // A config with errors may name the provider wrongly: its items are read from the queue folder.
  const backend = await trackerBackend(hasErrors(configRead.diagnostics) ? 'file-based' : config.tracking.provider);
  const source = await backend.readItems(tree, config, options);
  const checked = checkQueue(source.items);
  let references = checkReferences(checked.items, config);
  if (references.length > 0 && source.itemsAreFiles) {
    // Only on this error path: the items' texts, to point at the name itself.
    const texts = new Map(
      await Promise.all(references.map(async (d) => [d.file, new TextDecoder().decode((await tree.read(d.file)) ?? new Uint8Array())] as const)),
    );
    references = checkReferences(checked.items, config, (item, field, name) => namePosition(texts.get(item.file) ?? '', field, name));
  }
  const loaded: LoadedQueue = {
    config,
    configSource: configRead.source,
    configText: configRead.text,
    items: checked.items,
    diagnostics: [...configRead.diagnostics, ...source.diagnostics, ...checked.diagnostics, ...references],
    queueExists: source.exists,
  };
  if (source.githubRepo) loaded.githubRepo = source.githubRepo;
  if (source.states) loaded.itemStates = source.states;
  return loaded;
}
