import type { Command } from 'commander';
import type { CommandAction } from '../context.js';

export type Lazy = (load: () => Promise<{ default: CommandAction<never> }>) => (...params: unknown[]) => Promise<void>;

/**
 * Every command, defined cheaply here; each body is imported only when it runs,
 * so `hooks run pre-commit` does not pay for ts-morph.
 */
export function registerCommands(program: Command, lazy: Lazy): void {
  program
    .command('validate')
    .description('check the queue items and parallel.config.yaml; exit 1 with file:line diagnostics when something is wrong')
    .option('--json', 'print the result as JSON')
    .action(lazy(() => import('./validate.js')));
  program
    .command('explain')
    .description('why an item writes what it writes and whom it conflicts with (explain A), or why two items may not run together (explain A B)')
    .argument('<id>', 'an item id, e.g. 002')
    .argument('[other]', 'a second item id: explain the pair')
    .option('--json', 'print the explanation as JSON')
    .action(lazy(() => import('./explain.js')));
  program
    .command('requeue')
    .description('move a blocked item back to pending, recording why under its ## Notes')
    .argument('<id>', 'the item id, e.g. 003')
    .option('--reason <text>', 'why it is requeued (written to the item\'s Notes)')
    .action(lazy(() => import('./requeue.js')));
}
