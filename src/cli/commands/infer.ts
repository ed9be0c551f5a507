import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { formatInference, toItemInference, type ItemInference } from '../../analyze/infer/format-inference.js';
import { emptyGlobs } from '../../plan/empty-globs.js';
import { notARepo } from '../../plan/not-a-repo.js';
import { readInference } from '../../analyze/infer/read-inference.js';
import { formatDiagnostics, hasErrors } from '../../diagnostics.js';
import { DiagnosticsError, InternalError, WaveplanError } from '../../errors.js';
import { formatSchemaErrors, schemaErrors } from '../../schemas.js';
import { ExitCode } from '../../exit-code.js';
import { gitPort } from '../../io/git.js';
import { workTreeReader } from '../../io/node-fs.js';
import { compareIds, compareStrings, idNumber } from '../../order.js';
import { newRunId } from '../../run/event-log.js';
import { acquireLock } from '../../run/lock.js';
import { loadQueue } from '../../tracking/load-queue.js';
import { withDeclaredFiles } from '../../queue/write-item-files.js';
import { didYouMean, knownIds } from '../../suggest.js';
import type { Item } from '../../types.js';
import type { CommandAction } from '../context.js';

/**
 * `waveplan infer [ID…] [--write]`: each item's inferred footprint with its evidence and
 * confidence; `--write` records it in the item as `files:` for review (docs/inference.md).
 * Items that declare something are never touched; a second `--write` finds nothing to do.
 */
const infer: CommandAction<{ write?: boolean; json?: boolean }> = async (ctx, args, options) => {
  if (!options.write) return inferItems(ctx, args, options);
  // --write edits item files, which a running apply renames as it moves their statuses: a write
  // racing it would bring an item back under its old name beside the new one. It takes the queue's
  // lock, as requeue does, and refuses while an apply holds it (docs/inference.md).
  const lock = await acquireLock(ctx.root, newRunId());
  try {
    return await inferItems(ctx, args, options);
  } finally {
    await lock.release();
  }
};

const inferItems: CommandAction<{ write?: boolean; json?: boolean }> = async (ctx, args, options) => {
  const loaded = await loadQueue(workTreeReader(ctx.root), { root: ctx.root, env: ctx.io.env });
  if (hasErrors(loaded.diagnostics)) throw new DiagnosticsError(loaded.diagnostics);
  if (options.write && loaded.config.tracking.provider !== 'file-based') {
    throw new WaveplanError(
      `infer --write edits item files; with tracking.provider ${loaded.config.tracking.provider}, add the files: line to the issue's waveplan block instead (waveplan infer prints it)`,
    );
  }
  const picked: Item[] = [];
  for (const id of args) {
    const item = loaded.items.find((i) => i.id === id) ?? (/^#?\d+$/.test(id) ? loaded.items.find((i) => idNumber(i.id) === idNumber(id)) : undefined);
    if (!item) {
      const known = loaded.items.map((i) => i.id).sort(compareIds);
      ctx.io.stderr(
        `waveplan: no item with id "${id}"; ${didYouMean(id, known) ?? (known.length > 0 ? `known ids: ${knownIds(known)}` : `the queue ${loaded.config.queue.dir} is empty`)}\n`,
      );
      return ExitCode.error;
    }
    if (!picked.includes(item)) picked.push(item);
  }
  const items = (picked.length > 0 ? picked : loaded.items.filter((i) => i.status === 'pending' || i.status === 'in_progress')).sort((a, b) =>
    compareIds(a.id, b.id),
  );
  const { files: repoFiles, versions } = await gitPort(ctx.root).snapshot();
  // Only the items shown are inferred; the whole queue lends its words to what past runs changed.
  const inference = await readInference({ root: ctx.root, items, allItems: loaded.items, config: loaded.config, repoFiles, versions });
  // A declared glob that matches nothing is warned as plan and validate warn it: `infer` is where a user
  // looks when an item runs alone, and such an item declares its footprint yet has none.
  // One list of warnings with one count, as validate prints them.
  // Only the items shown, and what is no item's (the config): validate lists the rest.
  const others = new Set(loaded.items.filter((i) => !items.includes(i)).map((i) => i.file));
  const warnings = [...loaded.diagnostics.filter((d) => !others.has(d.file)), ...(await emptyGlobs(items, repoFiles, workTreeReader(ctx.root)))];
  // Words are matched against git's file list: outside a repository every item would say its words name nothing.
  if (items.length > 0 && !(await gitPort(ctx.root).isRepo()))
    warnings.push(notARepo(ctx.root, 'words are matched against no files, so every item stays unknown'));
  if (warnings.length > 0) ctx.io.stderr(formatDiagnostics(warnings));
  const results: ItemInference[] = items.map((item) => toItemInference(item, inference.get(item.id)));
  // A release is left inferred: declared, it would lose its conflict with every item (docs/inference.md, "Releases consume the change notes").
  const releases: string[] = [];
  if (options.write) {
    for (const result of results) {
      if (result.state !== 'inferred') continue;
      if (result.release) {
        releases.push(
          `${result.id} is a release (like "${result.release.like}"): left inferred, since a declared files: would run it beside the items whose change notes it consumes in ${result.release.folders.map((f) => `${f}/`).join(', ')}\n`,
        );
        continue;
      }
      // A file whose declarations the words name is written as `file#symbol` (docs/inference.md):
      // confirmed in review, it becomes a symbol-level write set (docs/conflicts.md).
      const paths = result.entries.flatMap((e) => (e.symbols ? e.symbols.map((s) => `${e.path}#${s}`) : [e.path])).sort(compareStrings);
      result.written = await writeItemFiles(join(ctx.root, result.file), paths);
    }
  }
  if (options.json) {
    const out = { items: results };
    // The output is a contract (schemas/infer.schema.json): a mismatch is our bug, never printed.
    const errors = schemaErrors('infer', out);
    if (errors.length > 0) throw new InternalError(`infer --json fails schemas/infer.schema.json:\n${formatSchemaErrors(errors)}`);
    ctx.io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else ctx.io.stdout(formatInference(results));
  if (options.write) {
    const written = results.filter((r) => r.written).length;
    ctx.io.stderr(
      written > 0
        ? `wrote files: into ${written} item${written === 1 ? '' : 's'}; review them, then run waveplan plan\n` +
            // docs/inference.md, "Still safe when wrong": the cover an inferred item gets is for guesses, not for what a person confirmed.
            'a declared files: is taken as written: the files near the guess and the regions an inferred item also holds are gone, so add what the change may touch besides\n'
        : 'wrote files: into 0 items: nothing to write (an item that declares files is never touched, an unknown one has nothing to write)\n',
    );
    for (const line of releases) ctx.io.stderr(line);
  }
  return ExitCode.ok;
};

/** Put `files:` into one item file (atomically); false when it already declares files. */
async function writeItemFiles(path: string, files: readonly string[]): Promise<boolean> {
  const text = await readFile(path, 'utf8');
  const next = withDeclaredFiles(text, files);
  if (next === undefined || next === text) return false;
  await writeFileAtomic(path, next);
  return true;
}

export default infer;
