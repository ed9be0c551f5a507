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
  program
    .command('plan')
    .description('compile the queue into parallel waves and write the plan file (parallel.config.yaml plan.file, default .agent/plan.yaml)')
    .option('--check', 'compare the committed plan with a fresh compile and write nothing: exit 0 same, 2 differs (saying what moved), 1 error or edited by hand')
    .option('--dry-run', 'print the report of a fresh compile instead of writing the plan')
    .option('--format <format>', 'report format for --dry-run: text | md | json', 'text')
    .option('--json', 'print the result as JSON')
    .option('--max-parallel <n>', 'plan for this many items at once instead of autonomy.max_parallel (1..64)')
    .option('--assume-disjoint', 'let items with an unknown footprint share waves instead of running alone')
    .action(lazy(() => import('./plan.js')));
  program
    .command('report')
    .description('print the plan of a fresh compile (waves, why items wait, held items, conflicts) without writing anything')
    .option('--format <format>', 'text | md (for a PR comment, with a Mermaid chart) | json', 'text')
    .option('--json', 'same as --format json')
    .option('--max-parallel <n>', 'what if: plan for this many items at once, compared with autonomy.max_parallel (1..64)')
    .option('--assume-disjoint', 'let items with an unknown footprint share waves instead of running alone')
    .action(lazy(() => import('./report.js')));
  const hooks = program
    .command('hooks')
    .description('manage the git pre-commit hook that keeps the plan file in step with the staged queue');
  hooks
    .command('install')
    .description('install the pre-commit hook (git hooks folder, or husky / lefthook when the repo uses them); never overwrites a hook it did not write')
    .action(lazy(() => import('./hooks-install.js')));
  hooks
    .command('uninstall')
    .description('remove the hook that `hooks install` added, and nothing else')
    .action(lazy(() => import('./hooks-uninstall.js')));
  hooks
    .command('run')
    .description('what the installed hook calls: recompile the plan from the staged state and stage it (or fail)')
    .argument('<hook>', 'the hook to run: pre-commit')
    .action(lazy(() => import('./hooks-run.js')));
}
