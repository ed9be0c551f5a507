import picomatch from 'picomatch';
import { compareIds, compareStrings } from '../order.js';
import type { Analysis, Config, Conflict, Footprint, Item, Plan, ReadRule } from '../types.js';
import { formatEvidence, unreachable } from './evidence.js';

/** One write-set entry and where it came from: `declared src/api/**`, `branch feature/x`, `component web`. */
export interface WriteOrigin {
  file: string;
  from: string[];
}

export interface ItemExplanation {
  id: string;
  title: string;
  file: string;
  status: string;
  writes: WriteOrigin[];
  /** |R|: declared reads plus what the write set imports (under `readRule`). */
  reads: number;
  /** `analysis.reads`: direct imports through re-exports, or the transitive closure. */
  readRule: ReadRule;
  unknownFootprint: boolean;
  /** For an unknown footprint: the `files:` entries the item's words weakly point at. */
  suggestedFiles?: string[];
  /** For an unknown footprint: the item's own `files:` entries, which all match no file (a typo?). */
  unmatchedFiles?: string[];
  /** Each conflict, its evidence as data and as the text the plan file prints. */
  conflicts: Array<Conflict & { text: string }>;
  /** Where the plan compiled from this analysis puts it (absent for an item not to run). */
  placement?: Placement;
}

/** An item's wave, and what keeps it out of earlier ones; or why it is held. */
export interface Placement {
  wave?: number;
  waves: number;
  /** The other items of its wave. */
  with: string[];
  /** Items in earlier waves it must follow: its blockers, and the items it conflicts with. */
  after: Array<{ item: string; wave: number; because: 'blockedBy' | 'order' | 'conflict' }>;
  /** Why it is not scheduled (a blocker is blocked). */
  held?: string;
}

/** Where `plan` puts item `id`, and why not earlier (pure). */
export function placementIn(plan: Plan, item: Item): Placement | undefined {
  const waveOf = new Map(plan.waves.flatMap((w) => w.items.map((id) => [id, w.index] as const)));
  const held = plan.held.find((h) => h.item === item.id);
  if (held) return { waves: plan.waves.length, with: [], after: [], held: held.reason };
  const wave = waveOf.get(item.id);
  if (wave === undefined) return undefined;
  const after = new Map<string, { item: string; wave: number; because: 'blockedBy' | 'order' | 'conflict' }>();
  for (const on of item.blockedBy) {
    const at = waveOf.get(on);
    if (at !== undefined && at < wave) after.set(on, { item: on, wave: at, because: 'blockedBy' });
  }
  for (const e of plan.edges.after ?? []) {
    const at = e.item === item.id ? waveOf.get(e.on) : undefined;
    if (at !== undefined && at < wave && !after.has(e.on)) after.set(e.on, { item: e.on, wave: at, because: 'order' });
  }
  for (const c of plan.edges.conflicts) {
    const other = c.a === item.id ? c.b : c.b === item.id ? c.a : undefined;
    const at = other === undefined ? undefined : waveOf.get(other);
    if (other !== undefined && at !== undefined && at < wave && !after.has(other)) after.set(other, { item: other, wave: at, because: 'conflict' });
  }
  return {
    wave,
    waves: plan.waves.length,
    with: plan.waves[wave - 1].items.filter((id) => id !== item.id),
    after: [...after.values()].sort((x, y) => x.wave - y.wave || compareIds(x.item, y.item)),
  };
}

export interface PairExplanation {
  a: string;
  b: string;
  /** No conflict between them (BlockedBy may still order them). */
  mayRunTogether: boolean;
  /** Each conflict with its evidence's text and a sentence saying who writes and who reads. */
  conflicts: Array<Conflict & { text: string; why: string }>;
  /** BlockedBy edges between the two: `item` waits for `on`. */
  blockedBy: Array<{ item: string; on: string }>;
  /** The plan's queue order between the two (`edges.after`): `item` runs and lands after `on`, the lower id. */
  runsAfter?: { item: string; on: string };
  /** Those of the two with an unknown footprint: each runs alone (unless --assume-disjoint). */
  alone: string[];
  /** Of those, the ones that declare `files:` entries matching no file: the entries. */
  unmatchedFiles?: Record<string, string[]>;
  /** They write one file in different symbols: the bet the plan keeps (docs/conflicts.md#symbol-level-write-sets). */
  shared?: { text: string; why: string };
}

/** Why an item's write set is what it is, and whom it conflicts with (pure). */
export function explainItem(item: Item, analysis: Analysis, config: Config): ItemExplanation {
  const fp = analysis.footprints.find((f) => f.id === item.id);
  const writes = (fp?.writes ?? []).map((file) => ({
    file,
    from: (fp?.origins[file] ?? []).flatMap((source) =>
      source === 'inferred'
        ? inferredLabels(file, fp)
        : source === 'declared' && fp?.symbols?.[file]
          ? // Written only in these symbols (docs/conflicts.md#symbol-level-write-sets).
            [`declared ${fp.symbols[file].symbols.map((x) => `#${x}`).join(', ')} (only these symbols)`]
          : source === 'near' && fp?.nearWhy?.[file]
            ? [`near the inferred guess: ${fp.nearWhy[file]} (it may change this too)`]
            : originLabels(file, source, item, config),
    ),
  }));
  return {
    id: item.id,
    title: item.title,
    file: item.file,
    status: item.status,
    writes,
    reads: fp?.reads.length ?? 0,
    readRule: config.analysis.reads,
    unknownFootprint: fp?.unknown ?? true,
    ...(fp?.suggestedFiles ? { suggestedFiles: fp.suggestedFiles } : {}),
    ...((fp?.unknown ?? true) && item.files.length > 0 ? { unmatchedFiles: [...item.files] } : {}),
    conflicts: analysis.conflicts.filter((c) => c.a === item.id || c.b === item.id).map((c) => ({ ...c, text: formatEvidence(c.evidence) })),
  };
}

/** Whether two items may share a wave, with every conflict's evidence and their BlockedBy order (pure). */
export function explainPair(a: Item, b: Item, analysis: Analysis, plan?: Plan): PairExplanation {
  const conflicts = analysis.conflicts
    .filter((c) => (c.a === a.id && c.b === b.id) || (c.a === b.id && c.b === a.id))
    .map((c) => ({ ...c, text: formatEvidence(c.evidence), why: why(c, onlyNear(analysis)) }));
  const blockedBy = [...(a.blockedBy.includes(b.id) ? [{ item: a.id, on: b.id }] : []), ...(b.blockedBy.includes(a.id) ? [{ item: b.id, on: a.id }] : [])];
  const unknown = (id: string) => analysis.footprints.find((f) => f.id === id)?.unknown ?? false;
  const alone = [a.id, b.id].filter(unknown);
  const unmatched = [a, b].filter((i) => alone.includes(i.id) && i.files.length > 0);
  const runsAfter = plan?.edges.after?.find((e) => (e.item === a.id && e.on === b.id) || (e.item === b.id && e.on === a.id));
  const [x, y] = compareIds(a.id, b.id) <= 0 ? [a.id, b.id] : [b.id, a.id];
  const shared = analysis.shared?.find((s) => s.a === x && s.b === y);
  return {
    a: a.id,
    b: b.id,
    mayRunTogether: conflicts.length === 0 && alone.length === 0,
    conflicts,
    blockedBy,
    ...(runsAfter ? { runsAfter } : {}),
    alone,
    ...(unmatched.length > 0 ? { unmatchedFiles: Object.fromEntries(unmatched.map((i) => [i.id, [...i.files]])) } : {}),
    ...(shared
      ? { shared: { text: formatEvidence(shared.evidence), why: why({ kind: 'file', a: x, b: y, evidence: shared.evidence }, onlyNear(analysis)) } }
      : {}),
  };
}

/** `inferred src/http/* from "generateDigest" (0.85)`: the entry that put the file there, its words, its confidence. */
function inferredLabels(file: string, fp: Footprint | undefined): string[] {
  const entries = Object.entries(fp?.inferred ?? {}).filter(
    ([path]) => path === file || picomatch(path.endsWith('/') ? `${path}**` : path, { dot: true })(file),
  );
  if (entries.length === 0) return ['inferred'];
  const [path, reason] = entries.sort(([, x], [, y]) => y.confidence - x.confidence)[0];
  const how = reason.evidence ? `: ${reason.evidence.join(', ')}` : '';
  return [`inferred${path === file ? '' : ` ${path}`} from ${reason.words.map((w) => `"${w}"`).join(', ')} (${reason.confidence.toFixed(2)}${how})`];
}

function originLabels(file: string, source: string, item: Item, config: Config): string[] {
  const named = (kind: 'component' | 'resource', globs: Record<string, string[]>, names: readonly string[]) => {
    const hits = names.filter((n) => (globs[n] ?? []).some((g) => g === file || picomatch(g, { dot: true })(file)));
    return hits.length > 0 ? hits.sort(compareStrings).map((n) => `${kind} ${n}`) : [kind];
  };
  switch (source) {
    case 'declared': {
      const glob = item.files.find(
        (g) => g === file || picomatch(g.endsWith('/') ? `${g}**` : g, { dot: true })(file) || file.startsWith(`${g.replace(/\/+$/, '')}/`),
      );
      return [glob === undefined || glob === file ? 'declared' : `declared ${glob}`];
    }
    case 'branch':
      return [`branch ${item.branch ?? ''}`.trim()];
    case 'component':
      return named('component', config.analysis.components, item.components);
    case 'resource':
      return named('resource', config.analysis.resources, item.resources);
    case 'near':
      return ['near the inferred guess (it may change this too)'];
    default:
      return [source];
  }
}

const MAX_LISTED = 50;

export function formatItemExplanation(x: ItemExplanation): string {
  const lines = [`${x.id} ${x.title} (${x.status}, ${x.file})`];
  if (x.unknownFootprint)
    lines.push(
      x.unmatchedFiles
        ? `  write set: unknown footprint: ${unmatchedText(x.unmatchedFiles)} (a typo?); it runs alone unless --assume-disjoint`
        : '  write set: unknown footprint (no files, branch, component or resource); it runs alone unless --assume-disjoint',
    );
  if (x.suggestedFiles) lines.push(`  its words point weakly at: files: [${x.suggestedFiles.join(', ')}] (add a files: line if that is right)`);
  else if (!x.unknownFootprint || x.writes.length > 0) lines.push(`  write set (${x.writes.length} file${x.writes.length === 1 ? '' : 's'}):`);
  for (const w of x.writes.slice(0, MAX_LISTED)) lines.push(`    ${w.file}  ← ${w.from.join(', ')}`);
  if (x.writes.length > MAX_LISTED) lines.push(`    … and ${x.writes.length - MAX_LISTED} more (--json lists all)`);
  lines.push(
    `  read set: ${x.reads} file${x.reads === 1 ? '' : 's'} (declared reads and what the write set imports, ${x.readRule === 'direct' ? 'directly and through re-exporting modules' : 'transitively'})`,
  );
  if (x.conflicts.length === 0) lines.push('  conflicts: none');
  else lines.push(`  conflicts (${x.conflicts.length}):`, ...x.conflicts.map((c) => `    ${c.kind} with ${c.a === x.id ? c.b : c.a}: ${c.text}`));
  const p = x.placement;
  if (p?.held !== undefined) lines.push(`  held, not scheduled: ${p.held}`);
  else if (p?.wave !== undefined) {
    lines.push(
      `  wave ${p.wave} of ${p.waves}${p.with.length > 0 ? `, with ${p.with.join(', ')}` : ', alone'}${x.unknownFootprint ? ' (an unknown footprint runs alone)' : ''}`,
    );
    const because = { blockedBy: 'BlockedBy', order: 'they conflict; the lower id runs and lands first', conflict: 'they conflict' };
    for (const a of p.after) lines.push(`    after ${a.item} (wave ${a.wave}): ${because[a.because]}`);
    const free = Math.max(0, ...p.after.map((a) => a.wave)) + 1;
    if (free < p.wave)
      lines.push(
        `    wave${free + 1 < p.wave ? `s ${free}–${p.wave - 1}` : ` ${free}`}: no room for it (max_parallel reached, or it or an item there runs alone); items on the critical path and harder to place go first`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export function formatPairExplanation(x: PairExplanation): string {
  const lines = [
    x.mayRunTogether
      ? x.shared
        ? `${x.a} and ${x.b} may run together: each writes its own symbols of the file they share`
        : `${x.a} and ${x.b} may run together: no shared file, import chain, resource or component`
      : `${x.a} and ${x.b} may not run together:`,
  ];
  for (const id of x.alone) {
    const files = x.unmatchedFiles?.[id];
    const what = files ? unmatchedText(files) : 'no files, branch, component or resource';
    lines.push(`  alone: ${id} has an unknown footprint (${what}), so it runs in a wave of its own unless --assume-disjoint`);
  }
  for (const c of x.conflicts) lines.push(`  ${c.kind}: ${c.text}`, `    ${c.why}`);
  if (x.shared) lines.push(`  shares: ${x.shared.text}`, `    ${x.shared.why}`);
  for (const e of x.blockedBy) lines.push(`  order: ${e.item} is blocked by ${e.on} (BlockedBy), so ${e.item} runs in a later wave`);
  if (x.runsAfter)
    lines.push(`  order: ${x.runsAfter.item} runs and lands after ${x.runsAfter.on}: they conflict and nothing else orders them, so the lower id goes first`);
  else if (x.blockedBy.length === 0) lines.push('  order: no BlockedBy edge between them');
  return `${lines.join('\n')}\n`;
}

/**
 * Whether `file` is in `id`'s write set only as a file near its inferred guess (docs/inference.md,
 * "Still safe when wrong"): the item may change it, the guess did not name it.
 */
function onlyNear(analysis: Analysis): (id: string, file: string) => boolean {
  return (id, file) => {
    const origins = analysis.footprints.find((f) => f.id === id)?.origins[file];
    return origins !== undefined && origins.length > 0 && origins.every((o) => o === 'near');
  };
}

/** Who writes and who reads, in words; a file only near a guess is one the item may write. */
function why(c: Conflict, isNear: (id: string, file: string) => boolean = () => false): string {
  const e = c.evidence;
  switch (e.kind) {
    case 'file': {
      const [nearA, nearB] = [isNear(c.a, e.file), isNear(c.b, e.file)];
      if (nearA && nearB) return `both ${c.a} and ${c.b} may write ${e.file}: it is near both inferred guesses (each may change it too)`;
      const [near, other] = nearA ? [c.a, c.b] : nearB ? [c.b, c.a] : [undefined, undefined];
      if (near !== undefined)
        return `both ${c.a} and ${c.b} may write ${e.file}: it is near ${near}'s inferred guess (${near} may change it too), ${other} writes it`;
      return `both ${c.a} and ${c.b} write ${e.file}`;
    }
    case 'symbol':
      return `both ${c.a} and ${c.b} write ${e.symbols.join(', ')} in ${e.file}`;
    case 'shared-file':
      return `${c.a} writes ${e.a.join(', ')} and ${c.b} writes ${e.b.join(', ')} in ${e.file}: different symbols, so they may share a wave (the landing settles what git cannot merge)`;
    case 'component':
      return `both touch component ${e.component}`;
    case 'resource':
      return `both use resource ${e.resource}`;
    case 'release':
      return `${e.releaser} is a release: it consumes the change notes in ${e.folders.map((f) => `${f}/`).join(', ')}, where ${e.releaser === c.a ? c.b : c.a}'s change may add one, so it runs apart from every other item`;
    case 'declared-read':
      return `${e.reader} declares it reads ${e.file}, which ${e.reader === c.a ? c.b : c.a} writes`;
    case 'import-chain': {
      const chain = e.chain;
      const between = chain.length - 2;
      const via =
        between > 0
          ? ` through ${between} ${e.reexports ? 'module' : 'other file'}${between === 1 ? '' : 's'}${e.reexports ? ` that re-export${between === 1 ? 's' : ''} it` : ''}`
          : '';
      const other = e.reader === c.a ? c.b : c.a;
      const writes = isNear(e.reader, chain[0]) ? `may write ${chain[0]} (near its inferred guess)` : `writes ${chain[0]}`;
      const changes = isNear(other, chain[chain.length - 1]) ? 'may change that file: it is near its inferred guess' : 'changes that file';
      return `${e.reader} ${writes}, which imports ${chain[chain.length - 1]}${via}; ${other} ${changes}`;
    }
    default:
      return unreachable(e);
  }
}

/** `its files: entry src/x/** matches no file in the repository` (validate warns ITEM_GLOB_EMPTY at it). */
function unmatchedText(files: readonly string[]): string {
  return `its files: ${files.length === 1 ? 'entry' : 'entries'} ${files.join(', ')} ${files.length === 1 ? 'matches' : 'match'} no file in the repository`;
}
