import { readConfig } from '../config/read-config.js';
import type { Diagnostic } from '../diagnostics.js';
import type { TreeReader } from '../io/ports.js';
import type { Config, Item } from '../types.js';
import { checkQueue } from './check-queue.js';
import { checkReferences } from './check-references.js';
import { readQueue } from './read-queue.js';

export interface LoadedQueue {
  config: Config;
  /** The config file read (undefined: defaults). */
  configSource?: string;
  configText?: string;
  /** Items with BlockedBy resolved and merged with Blocks. */
  items: Item[];
  diagnostics: Diagnostic[];
  queueExists: boolean;
}

/** Config, then the queue folder it names, then the cross-item checks. */
export async function loadQueue(tree: TreeReader): Promise<LoadedQueue> {
  const configRead = await readConfig(tree);
  const queue = await readQueue(tree, configRead.config.queue.dir);
  const checked = checkQueue(queue.items);
  return {
    config: configRead.config,
    configSource: configRead.source,
    configText: configRead.text,
    items: checked.items,
    diagnostics: [...configRead.diagnostics, ...queue.diagnostics, ...checked.diagnostics, ...checkReferences(checked.items, configRead.config)],
    queueExists: queue.exists,
  };
}
