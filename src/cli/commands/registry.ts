import { Option, type Command } from 'commander';
import type { CommandAction } from '../context.js';
import { durationOption, footprintsOption, maxParallelOption, parsePullRequest, reportFormatOption, scheduleOption, wholeNumberOption } from '../options.js';

const ASSUME_DISJOINT = 'let items with an unknown footprint share waves instead of running alone';

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
    .addOption(footprintsOption())
    .action(lazy(() => import('./explain.js')));
  program
    .command('infer')
    .description(
      "each item's inferred footprint (items that declare nothing): the files, the words behind them, the confidence; --write records it in the item as files: for review",
    )
    .argument('[ids...]', 'item ids (default: every pending or in-progress item)')
    .option('--write', 'write the inferred files: into each inferred item (never into an item that declares something)')
    .option('--json', 'print the result as JSON')
    .action(lazy(() => import('./infer.js')));
  program
    .command('apply')
    .description(
      'run the reviewed plan: refuse a stale, hand-edited or invalid plan, lock the queue, run each wave with up to max_parallel items at once and rename item statuses (exit 0 all done, 3 some failed or held, 1 error)',
    )
    .option('--dry-run', 'print what would run, in order, and change nothing')
    .option('-y, --yes', 'do not ask before running (L1 asks before each item, L2 once)')
    .addOption(scheduleOption())
    .option('--json', 'with --dry-run: print the order as JSON; with --detach: the run id and pid as JSON')
    .option('--detach', 'run in the background: print the run id and return at once (follow it with status / wait)')
    .addOption(maxParallelOption("this run's cap instead of the plan's max_parallel (the plan stays as reviewed)"))
    .addOption(new Option('--run-id <id>', 'the run id to use (set by --detach for its background run)').hideHelp())
    .action(lazy(() => import('./apply.js')));
  program
    .command('requeue')
    .description('move blocked items back to pending, recording why under their ## Notes; their worktrees and branches are reset')
    .argument('<ids...>', 'the item ids, e.g. 003 007')
    .option('--reason <text>', "why it is requeued (written to the item's Notes)")
    .option('--json', 'print what moved as JSON ({ id, from, to, status, reason }; a list for several ids)')
    .action(lazy(() => import('./requeue.js')));
  program
    .command('clean')
    .description('remove the item worktrees and the waveplan/* branches whose work is already on the current branch, left by finished runs (docs/apply.md)')
    .option('--all', 'also delete waveplan/* branches whose work is not on the current branch (blocked items, run.land: keep)')
    .option('--dry-run', 'print what would be removed and change nothing')
    .action(lazy(() => import('./clean.js')));
  program
    .command('export')
    .description(
      "turn the committed plan into a GitHub Actions workflow that runs each wave as a matrix job and lands every item's work on the branch it runs on (docs/github.md)",
    )
    .requiredOption('--to <target>', 'what to export to: github-actions')
    .option('-o, --output <file>', 'write the workflow to this file (e.g. .github/workflows/waveplan.yml) instead of stdout')
    .option('--runs-on <label>', 'runner label of every job; several, comma-separated, for a self-hosted runner (self-hosted,linux)', 'ubuntu-latest')
    .option('--name <name>', 'workflow name', 'waveplan')
    .option('--waveplan <command>', 'how the jobs run waveplan (default: npx --yes waveplan@<this version>; e.g. "npx waveplan" after npm ci)')
    .addOption(wholeNumberOption('--waves-per-run <n>', 'wave jobs in one workflow run; a longer plan continues in a run the last job dispatches', 1, 100))
    .action(lazy(() => import('./export.js')));
  program
    .command('plan')
    .description('compile the queue into parallel waves and write the plan file (parallel.config.yaml plan.file, default .agent/plan.yaml)')
    .addOption(
      new Option(
        '--check',
        'compare the committed plan with a fresh compile and write nothing: exit 0 same, 2 differs (saying what moved), 1 error or edited by hand',
      ).conflicts('dryRun'),
    )
    .option('--dry-run', 'print the report of a fresh compile instead of writing the plan')
    .addOption(reportFormatOption('format of the --dry-run report or the --check result (md: for a PR comment)'))
    .option('--json', 'print the result as JSON')
    .addOption(maxParallelOption('plan for this many items at once instead of autonomy.max_parallel (1..64)'))
    .option('--assume-disjoint', ASSUME_DISJOINT)
    .addOption(footprintsOption())
    .action(lazy(() => import('./plan.js')));
  program
    .command('report')
    .description('print the plan of a fresh compile (waves, why items wait, held items, conflicts) without writing anything')
    .addOption(reportFormatOption('text, md (for a PR comment, with a Mermaid chart) or json'))
    .option('--json', 'same as --format json')
    .addOption(maxParallelOption('what if: plan for this many items at once, compared with autonomy.max_parallel (1..64)'))
    .option('--assume-disjoint', ASSUME_DISJOINT)
    .addOption(footprintsOption())
    .action(lazy(() => import('./report.js')));
  program
    .command('status')
    .description('where a run stands, without waiting: running, done, blocked, held and still to start, time per item, the tail of running logs')
    .argument('[run]', 'run id or a unique prefix of one (default: the latest run)')
    .option('--json', 'print the status as JSON (schemas/run-status.schema.json)')
    .option('--watch', 'keep showing it until the run ends (redrawn on a terminal, a new block per change otherwise)')
    .addOption(durationOption('--interval <seconds>', 'with --watch: how often to look', 1))
    .addOption(wholeNumberOption('--lines <n>', "lines of each running item's log to show", 0, 5))
    .action(lazy(() => import('./status.js')));
  program
    .command('wait')
    .description('block until a run ends, print its result, and exit as apply would have (0 / 3 / 1; 124 on --timeout)')
    .argument('[run]', 'run id or a unique prefix of one (default: the latest run)')
    .addOption(durationOption('--timeout <seconds>', 'give up after this long with exit 124; the run goes on'))
    .option('--json', 'print the result as JSON (schemas/run-status.schema.json)')
    .action(lazy(() => import('./wait.js')));
  program
    .command('runs')
    .description('list the runs in .agent/runs/: start, end, result')
    .option('--json', 'print the list as JSON')
    .action(lazy(() => import('./runs.js')));
  const ci = program
    .command('ci')
    .description(
      'GitHub Actions: the pull-request review workflow (init, review) and the steps of the exported workflow (waves, land, report) (docs/github.md)',
    );
  ci.command('waves')
    .description("print each wave's items still to run, as $GITHUB_OUTPUT lines for the wave jobs' matrices")
    .option('--fingerprint <sha>', 'the plan the workflow was exported from: refuse any other')
    .addOption(wholeNumberOption('--from-wave <n>', 'first wave of this run', 1, 1))
    .addOption(wholeNumberOption('--waves-per-run <n>', 'wave jobs in one run', 1, 100))
    .action(lazy(() => import('./ci-waves.js')));
  ci.command('land')
    .description(
      "run one item's command in this checkout, then land its work on the target branch: merge onto the fetched tip, move its status, push with a lease, retry when another push won",
    )
    .argument('<id>', 'the item id, e.g. 003')
    .option('--target <branch>', 'the branch to land on (default: git.base)')
    .option('--remote <name>', 'the remote to fetch from and push to', 'origin')
    .addOption(wholeNumberOption('--attempts <n>', 'pushes to try before giving up when other jobs keep landing first', 1, 10))
    .addOption(durationOption('--wait-minutes <n>', 'how long to wait for the lower ids of its wave to land first (plan order) before landing anyway', 30))
    .action(lazy(() => import('./ci-land.js')));
  ci.command('report')
    .description(
      "a Markdown table of the plan's items on this branch: landed (with the commit), blocked (with the branch of its work), not run; exit 3 unless every item of the waves landed",
    )
    .option('--waves <range>', 'the waves of this run, e.g. 1-3 (default: all)')
    .action(lazy(() => import('./ci-report.js')));
  ci.command('init')
    .description('write the pull-request workflow: plan --check as a status check, one comment with the report kept up to date, the full report as an artifact')
    .option('-o, --output <file>', 'where to write it', '.github/workflows/waveplan-review.yml')
    .option('--waveplan <command>', 'how the job runs waveplan (default: npx --yes waveplan@<this version>)')
    .option('--runs-on <label>', 'runner label of the job; several, comma-separated, for a self-hosted runner (self-hosted,linux)', 'ubuntu-latest')
    .option('--name <name>', 'workflow name', 'waveplan review')
    .option('--force', 'replace the file even if `ci init` did not write it')
    .action(lazy(() => import('./ci-init.js')));
  ci.command('review')
    .description(
      "the pull-request workflow's step: check the committed plan (exit as plan --check), write the review comment and the full report (md, json), with --comment keep one comment on the pull request up to date",
    )
    .option('--out <dir>', 'folder for comment.md, report.md and report.json (default: waveplan-report in CI, the artifact; .agent/review elsewhere)')
    .option('--comment', 'post the comment on the pull request, or edit the one posted before (needs GITHUB_TOKEN with pull-requests: write)')
    .addOption(new Option('--pr <n>', 'the pull request (default: from the workflow event, GITHUB_EVENT_PATH)').argParser(parsePullRequest))
    .option('--repo <owner/name>', 'the repository (default: GITHUB_REPOSITORY, else the origin remote)')
    .option('--artifact-url <url>', "where the comment's last line sends readers for the full report (the workflow run)")
    .action(lazy(() => import('./ci-review.js')));
  program
    .command('mcp')
    .description(
      'serve the queue to coding agents: a Model Context Protocol server over stdio with the tools validate, plan, explain, infer, apply (detached), status, wait, requeue, report (docs/agents.md)',
    )
    .action(lazy(() => import('./mcp.js')));
  const agent = program.command('agent').description('set up a coding agent to drive waveplan: its skill and the MCP server registration (docs/agents.md)');
  agent
    .command('install')
    .description(
      'claude: .claude/skills/parallel-execution/SKILL.md and .mcp.json; codex: a section in AGENTS.md and the config.toml entry (written to .codex/config.toml when the project has one, else printed); never overwrites a file it did not write',
    )
    .argument('<agent>', 'claude or codex')
    .action(lazy(() => import('./agent-install.js')));
  agent
    .command('uninstall')
    .description('remove what `agent install` wrote, and nothing else')
    .argument('[agent]', 'claude or codex (default: both)')
    .action(lazy(() => import('./agent-uninstall.js')));
  const hooks = program.command('hooks').description('manage the git pre-commit hook that keeps the plan file in step with the staged queue');
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
