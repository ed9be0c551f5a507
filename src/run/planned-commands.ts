import type { Config, Item, Plan } from '../types.js';

/** Each item's command as the reviewed plan records it (`items[].run`), by id (docs/reliability.md). */
export function plannedCommands(plan: Plan): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of plan.items) if (item.run !== undefined) out.set(item.id, item.run);
  return out;
}

/**
 * The items and config a run gets: every item's command is the plan's, and the config has no
 * fallback command, so `apply` runs exactly what was reviewed and never re-reads a command
 * from an item file or the config (either may have changed since).
 */
export function withPlannedCommands(plan: Plan, items: readonly Item[], config: Config): { items: Item[]; config: Config } {
  const commands = plannedCommands(plan);
  return {
    items: items.map((item) => {
      const { run: _ignored, ...rest } = item;
      const run = commands.get(item.id);
      return run === undefined ? rest : { ...rest, run };
    }),
    config: { ...config, run: { ...config.run, command: null } },
  };
}
