import { WaveplanError } from '../errors.js';
import { knownIds } from '../suggest.js';
import { sortIds } from '../order.js';
import type { Config, Item, Plan } from '../types.js';

/**
 * The shell command of every item the plan still runs: the item's own `run`,
 * else `run.command` of the config. Every item without one is named at once.
 */
export function resolveCommands(plan: Plan, items: readonly Item[], config: Config): Record<string, string> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const commands: Record<string, string> = {};
  const missing: string[] = [];
  for (const id of sortIds(plan.waves.flatMap((w) => w.items))) {
    const command = byId.get(id)?.run ?? config.run.command;
    if (command) commands[id] = command;
    else missing.push(id);
  }
  if (missing.length > 0) {
    throw new WaveplanError(
      `no command to run for ${knownIds(missing)}: give ${missing.length === 1 ? 'the item' : 'each item'} a \`run:\` field ` +
        '(e.g. run: npm run agent -- "$WAVEPLAN_ITEM_FILE") or set run.command in parallel.config.yaml',
      'NO_COMMAND',
    );
  }
  return commands;
}
