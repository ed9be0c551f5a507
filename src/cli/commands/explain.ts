import { readAnalysis } from '../../analyze/read-analysis.js';
import { explainItem, explainPair, formatItemExplanation, formatPairExplanation, placementIn } from '../../analyze/explain.js';
import { compilePlan } from '../../plan/compile-plan.js';
import { hasErrors } from '../../diagnostics.js';
import { formatCommandDiagnostics } from '../command-diagnostics.js';
import { DiagnosticsError } from '../../errors.js';
import { ExitCode } from '../../exit-code.js';
import { gitPort } from '../../io/git.js';
import { workTreeReader } from '../../io/node-fs.js';
import { loadQueue } from '../../tracking/load-queue.js';
import { compareIds, idNumber } from '../../order.js';
import { didYouMean, knownIds } from '../../suggest.js';
import type { FootprintMode, Item } from '../../types.js';
import type { CommandAction } from '../context.js';

/**
 * `explain A`: A's write set (with where each entry came from), read-set size and conflicts.
 * `explain A B`: whether A and B may share a wave, every conflict's evidence, and BlockedBy between them.
 */
const explain: CommandAction<{ json?: boolean; footprints?: FootprintMode }> = async (ctx, args, options) => {
  const loaded = await loadQueue(workTreeReader(ctx.root), { root: ctx.root, env: ctx.io.env });
  if (hasErrors(loaded.diagnostics)) throw new DiagnosticsError(loaded.diagnostics);
  const ids = args.slice(0, 2);
  const picked: Item[] = [];
  for (const id of ids) {
    const item = findItem(loaded.items, id);
    if (!item) {
      const known = loaded.items.map((i) => i.id).sort(compareIds);
      const hint = didYouMean(id, known) ?? (known.length > 0 ? `known ids: ${knownIds(known)}` : `the queue ${loaded.config.queue.dir} is empty`);
      ctx.io.stderr(`waveplan: no item with id "${id}"; ${hint}\n`);
      return ExitCode.error;
    }
    picked.push(item);
  }
  // Printed once the items asked about are known: their warnings are listed whatever their status.
  if (loaded.diagnostics.length > 0) ctx.io.stderr(formatCommandDiagnostics(loaded.diagnostics, new Set(picked.map((i) => i.file))));
  if (picked.length === 2 && picked[0] === picked[1]) {
    ctx.io.stderr(`waveplan: "${ids[0]}" and "${ids[1]}" are the same item (${picked[0].id}); give two items, or one to explain it alone\n`);
    return ExitCode.error;
  }
  // Conflicts that matter are with the items still to run, plus the ones asked about.
  const items = loaded.items.filter((i) => i.status === 'pending' || i.status === 'in_progress' || picked.includes(i));
  const analysis = await readAnalysis({
    root: ctx.root,
    items,
    allItems: loaded.items,
    config: loaded.config,
    git: gitPort(ctx.root),
    footprints: options.footprints,
  });
  const [a, b] = picked;
  // The plan this same analysis compiles to (the fingerprint plays no part in the waves or the order).
  const plan = compilePlan({ items: loaded.items, config: loaded.config, analysis, fingerprint: `sha256:${'0'.repeat(64)}` });
  let result;
  if (b === undefined) {
    const placement = placementIn(plan, a);
    result = { ...explainItem(a, analysis, loaded.config), ...(placement ? { placement } : {}) };
  } else result = explainPair(a, b, analysis, plan);
  if (options.json) ctx.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else ctx.io.stdout('writes' in result ? formatItemExplanation(result) : formatPairExplanation(result));
  return ExitCode.ok;
};

/** By exact id, else by number (`2` finds `002`, `#12` finds `012`). */
function findItem(items: readonly Item[], id: string): Item | undefined {
  return items.find((i) => i.id === id) ?? (/^#?\d+$/.test(id) ? items.find((i) => idNumber(i.id) === idNumber(id)) : undefined);
}

export default explain;
