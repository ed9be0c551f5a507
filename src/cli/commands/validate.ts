import { diagnostic, formatDiagnostics, hasErrors, type Diagnostic } from '../../diagnostics.js';
import { gitPort } from '../../io/git.js';
import { BranchError, readBranchFiles } from '../../analyze/read-analysis.js';
import type { Config, Item } from '../../types.js';
import type { TreeReader } from '../../io/ports.js';
import { ExitCode } from '../../exit-code.js';
import { workTreeReader } from '../../io/node-fs.js';
import { readWorkTreeSnapshot } from '../../io/work-tree-snapshot.js';
import { emptyGlobs } from '../../plan/empty-globs.js';
import { readSymbolTable } from '../../analyze/symbol-table.js';
import { loadQueue } from '../../tracking/load-queue.js';
import { projectPathDiagnostics } from '../../plan/project-paths.js';
import { compareIds } from '../../order.js';
import type { CommandAction } from '../context.js';

/**
 * What `plan` would refuse about the items' `branch:` (no git.base, no such branch), as a
 * diagnostic at the item's `branch:` line: readBranchFiles is the check plan runs, its error
 * names the item by its file.
 */
async function branchProblems(root: string, items: readonly Item[], config: Config, tree: TreeReader, isRepo: boolean): Promise<Diagnostic[]> {
  try {
    await readBranchFiles(items, config, gitPort(root), isRepo);
    return [];
  } catch (error) {
    if (!(error instanceof BranchError)) throw error;
    const item = items.find((i) => i.file === error.file) ?? items.find((i) => i.branch)!;
    const bytes = await tree.read(item.file);
    const line = bytes
      ? new TextDecoder()
          .decode(bytes)
          .split('\n')
          .findIndex((l) => /^branch\s*:/.test(l))
      : -1;
    return [diagnostic({ code: error.code, file: item.file, line: line + 1, col: line === -1 ? 0 : 1, message: error.problem, ...error.detail })];
  }
}

const validate: CommandAction<{ json?: boolean }> = async (ctx, _args, options) => {
  const tree = workTreeReader(ctx.root);
  const read = await loadQueue(tree, { root: ctx.root, env: ctx.io.env });
  const loaded = { ...read, diagnostics: [...read.diagnostics, ...projectPathDiagnostics(ctx.root, read.config, read.configText)] };
  // The warnings plan gives from the repository's file list, when there is one: a glob matching nothing.
  const toRun = loaded.items.filter((i) => i.status === 'pending' || i.status === 'in_progress');
  // The repository's file list, read once and only when a check needs it.
  let listing: ReturnType<typeof readWorkTreeSnapshot> | undefined;
  const repoSnapshot = () => (listing ??= readWorkTreeSnapshot(ctx.root));
  // A glob matching nothing is listed with the errors, not after they are fixed: every problem at once.
  const errorsFirst = hasErrors(loaded.diagnostics);
  if (toRun.some((i) => i.files.length > 0)) {
    const snapshot = await repoSnapshot();
    if (snapshot.repo && snapshot.files.length > 0) loaded.diagnostics.push(...(await emptyGlobs(toRun, snapshot.files, tree)));
    // And a `path#symbol` entry naming a symbol its file does not declare (read only when an item names one).
    if (!errorsFirst && toRun.some((i) => i.symbols !== undefined))
      loaded.diagnostics.push(...(await readSymbolTable({ root: ctx.root, items: toRun, tree })).diagnostics);
  }
  // A `branch:` plan cannot compare (no git.base, no such branch) is refused by plan: said here first.
  if (!hasErrors(loaded.diagnostics) && toRun.some((i) => i.branch))
    loaded.diagnostics.push(...(await branchProblems(ctx.root, toRun, loaded.config, tree, (await repoSnapshot()).repo)));
  const ok = !hasErrors(loaded.diagnostics);
  const items = [...loaded.items].sort((a, b) => compareIds(a.id, b.id));
  if (options.json) {
    const result = {
      valid: ok,
      config: loaded.configSource ?? null,
      queue: loaded.githubRepo ? `github:${loaded.githubRepo}` : loaded.config.queue.dir,
      items: items.map((i) => ({ id: i.id, file: i.file, status: i.status, title: i.title, priority: i.priority, blockedBy: i.blockedBy })),
      diagnostics: loaded.diagnostics,
    };
    ctx.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return ok ? ExitCode.ok : ExitCode.error;
  }
  if (loaded.diagnostics.length > 0) ctx.io.stderr(formatDiagnostics(loaded.diagnostics));
  if (!ok) return ExitCode.error;
  if (!loaded.queueExists) {
    ctx.io.stdout(`no queue folder at ${loaded.config.queue.dir} (nothing to validate)\n`);
    return ExitCode.ok;
  }
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  const summary = ['pending', 'in_progress', 'completed', 'blocked']
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
  const where = loaded.githubRepo ? `the issues of ${loaded.githubRepo}` : loaded.config.queue.dir;
  // Read alone (a script, a CI log of stdout), "valid" must not hide the warnings printed on stderr.
  const warnings = loaded.diagnostics.length;
  const warned = warnings > 0 ? `, with ${warnings} warning${warnings === 1 ? '' : 's'} (on stderr)` : '';
  ctx.io.stdout(
    `✓ ${items.length} item${items.length === 1 ? '' : 's'} in ${where} ${items.length === 1 ? 'is' : 'are'} valid${summary ? ` (${summary})` : ''}${warned}; config: ${loaded.configSource ?? 'defaults'}\n`,
  );
  return ExitCode.ok;
};

export default validate;
