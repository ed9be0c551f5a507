import { readQueue } from '../../queue/read-queue.js';
import type { TrackerBackend } from '../backend.js';

/** The queue folder (`queue.dir`): one Markdown file per item, statuses in the filenames (docs/queue-items.md). */
export const fileBackend: TrackerBackend = {
  async readItems(tree, config, options) {
    return { ...(await readQueue(tree, config.queue.dir, options.memo)), itemsAreFiles: true };
  },
  async openTracker(_read, options) {
    const { fileQueue } = await import('./file-queue.js');
    return fileQueue(options.root, options.watch);
  },
  async itemStates(read, options) {
    const { readItemStates } = await import('./item-states.js');
    return readItemStates(options.root, read.config.queue.dir);
  },
};
