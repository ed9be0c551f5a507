import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatEvidence } from '../../src/analyze/evidence.js';
import { explainPair, formatPairExplanation } from '../../src/analyze/explain.js';
import { readAnalysisInput } from '../../src/analyze/read-analysis.js';
import { analyzeQueue } from '../../src/analyze/analyze-queue.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { parseFileSymbol } from '../../src/file-symbol.js';
import { gitPort } from '../../src/io/git.js';
import { namedSymbols } from '../../src/queue/parse-item.js';
import { normalPath } from '../../src/repo-path.js';
import type { Analysis, Footprint, Item, ReadRule } from '../../src/types.js';
import { findConflictsWithFiles } from '../../src/analyze/conflicts.js';
import { gitRepo, writeFiles } from '../helpers/git-repo.js';
import { buildPlan } from '../../src/plan/build-plan.js';
import { parsePlanFile } from '../../src/plan/parse-plan.js';
import { serializePlan } from '../../src/plan/serialize-plan.js';
import { workTreeReader } from '../../src/io/node-fs.js';
import { makeFootprint, makeItem } from '../helpers/items.js';

/** fixtures/analyze/symbols: src/App.tsx (class App: zoom, handlePaste, onKeyDown, render; createApp), src/util.ts (round, clamp), src/index.ts (export * from util) and three importers. */
let root = '';
const repo = () => (root ||= gitRepo('analyze/symbols'));

/** An item whose `files:` are these entries, as parseItem reads them. */
function item(id: string, entries: string[]): Item {
  const symbols = namedSymbols(entries);
  return makeItem(id, { files: [...new Set(entries.map((e) => normalPath(parseFileSymbol(e).path)))], ...(symbols ? { symbols } : {}) });
}

async function analyze(items: Record<string, string[]>, reads: ReadRule = 'direct') {
  const config = defaultConfig();
  config.analysis.reads = reads;
  const list = Object.entries(items).map(([id, entries]) => item(id, entries));
  const { input, diagnostics } = await readAnalysisInput({ root: repo(), items: list, config, git: gitPort(repo()), cacheDir: false });
  return { analysis: analyzeQueue(input), diagnostics };
}
const pairs = (a: Analysis) => a.conflicts.map((c) => `${c.a}-${c.b} ${c.kind} ${formatEvidence(c.evidence)}`);
const bets = (a: Analysis) => (a.shared ?? []).map((s) => `${s.a}-${s.b} ${formatEvidence(s.evidence)}`);

const writes = suite('symbol-level write sets (files: [path#symbol])');

writes('two items naming different symbols of one file do not conflict; the plan keeps the bet', async () => {
  const { analysis, diagnostics } = await analyze({ '001': ['src/App.tsx#handlePaste'], '002': ['src/App.tsx#onKeyDown', 'src/App.tsx#App.render'] });
  assert.equal(diagnostics, []);
  assert.equal(pairs(analysis), []);
  assert.equal(bets(analysis), ['001-002 file src/App.tsx: different symbols (App.handlePaste | App.onKeyDown, App.render)']);
  assert.equal(analysis.footprints[0].symbols, { 'src/App.tsx': { symbols: ['App.handlePaste'], exports: ['App'] } });
});

writes('the same symbol (under either spelling) is a conflict, and so is a whole-file write beside a symbol', async () => {
  const same = await analyze({ '001': ['src/App.tsx#handlePaste'], '002': ['src/App.tsx#App.handlePaste'] });
  assert.equal(pairs(same.analysis), ['001-002 file src/App.tsx: same symbol App.handlePaste']);
  assert.equal(bets(same.analysis), []);
  const whole = await analyze({ '001': ['src/App.tsx#handlePaste'], '002': ['src/App.tsx'] });
  assert.equal(pairs(whole.analysis), ['001-002 file src/App.tsx']);
  const plainToo = await analyze({ '001': ['src/App.tsx#handlePaste', 'src/**'], '002': ['src/App.tsx#onKeyDown'] });
  assert.equal(pairs(plainToo.analysis), ['001-002 file src/App.tsx', '001-002 data src/App.tsx → src/util.ts'], 'a glob covering the file writes it whole');
});

writes('a symbol the file does not declare: a warning at the item line, and the whole file is written', async () => {
  const { analysis, diagnostics } = await analyze({ '001': ['src/App.tsx#handlePast'], '002': ['src/App.tsx#onKeyDown'] });
  assert.equal(pairs(analysis), ['001-002 file src/App.tsx']);
  assert.is(diagnostics.length, 1);
  assert.is(diagnostics[0].code, 'ITEM_SYMBOL');
  assert.is(diagnostics[0].severity, 'warning');
  assert.match(diagnostics[0].message, 'src/App.tsx declares no "handlePast"');
  assert.match(diagnostics[0].expected ?? '', 'App.handlePaste');
});

writes('reads at the level of symbols: an importer reads the change only when it takes a symbol the writer names', async () => {
  const { analysis } = await analyze({ '001': ['src/util.ts#clamp'], '002': ['src/uses-round.ts'], '003': ['src/uses-clamp.ts'], '004': ['src/uses-all.ts'] });
  assert.equal(pairs(analysis), ['001-003 data src/uses-clamp.ts → src/util.ts', '001-004 data src/uses-all.ts → src/util.ts']);
  // uses-round takes round through the barrel: a writer of round conflicts with it.
  const round = await analyze({ '001': ['src/util.ts#round'], '002': ['src/uses-round.ts'], '003': ['src/uses-clamp.ts'] });
  assert.equal(pairs(round.analysis), ['001-002 data src/uses-round.ts → src/index.ts (re-exports) → src/util.ts']);
  // Under transitive reads the names taken are not known: every importer reads the file.
  const transitive = await analyze({ '001': ['src/util.ts#clamp'], '002': ['src/uses-round.ts'] }, 'transitive');
  assert.equal(pairs(transitive.analysis), ['001-002 data src/uses-round.ts → src/index.ts → src/util.ts']);
});

writes('a class member written: importers of the class read it', async () => {
  const { analysis } = await analyze({ '001': ['src/App.tsx#App.render'], '002': ['src/util.ts#round'] });
  assert.equal(pairs(analysis), []);
  const reader = await analyze({ '001': ['src/util.ts#clamp'], '002': ['src/App.tsx#render'] });
  assert.equal(
    pairs(reader.analysis),
    ['001-002 data src/App.tsx → src/util.ts'],
    'App.tsx imports clamp: its writer reads the change, whatever symbol of App it writes',
  );
});

writes('property: symbol-level conflicts are a subset of file-level ones', async () => {
  const symbols = ['App.zoom', 'App.handlePaste', 'App.onKeyDown', 'App.render', 'createApp'];
  const files = ['src/App.tsx', 'src/util.ts', 'src/uses-round.ts', 'src/uses-clamp.ts', 'src/uses-all.ts'];
  const entry = fc.oneof(
    fc.constantFrom(...files),
    fc.constantFrom(...symbols.map((s) => `src/App.tsx#${s}`)),
    fc.constantFrom('src/util.ts#round', 'src/util.ts#clamp'),
  );
  const queue = fc.array(fc.uniqueArray(entry, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 5 });
  await fc.assert(
    fc.asyncProperty(queue, async (lists) => {
      const named = Object.fromEntries(lists.map((l, k) => [String(k + 1).padStart(3, '0'), l]));
      const plain = Object.fromEntries(lists.map((l, k) => [String(k + 1).padStart(3, '0'), l.map((e) => parseFileSymbol(e).path)]));
      const key = (c: { a: string; b: string }) => `${c.a}-${c.b}`;
      const bySymbol = new Set((await analyze(named)).analysis.conflicts.map(key));
      const byFile = new Set((await analyze(plain)).analysis.conflicts.map(key));
      for (const k of bySymbol) assert.ok(byFile.has(k), `${k} conflicts only at the level of symbols`);
    }),
    { numRuns: 25, seed: 23 },
  );
});

writes.run();

const planned = suite('symbol-level write sets in the plan');

planned(
  'items naming different symbols of one file share a wave; the plan file keeps the bet under `shares`; the same symbol or a whole file does not',
  async () => {
    const dir = gitRepo('analyze/symbols');
    writeFiles(dir, {
      '.agent/queue/001-pending-paste.md': '---\nfiles: [src/App.tsx#handlePaste]\n---\n# Paste\n',
      '.agent/queue/002-pending-keys.md': '---\nfiles:\n  - src/App.tsx#App.onKeyDown\n---\n# Keys\n',
      '.agent/queue/003-pending-render.md': '---\nfiles: [src/App.tsx#render]\n---\n# Render\n',
      '.agent/queue/004-pending-paste-again.md': '---\nfiles: [src/App.tsx#handlePaste]\n---\n# Paste again\n',
      '.agent/queue/005-pending-whole.md': '---\nfiles: [src/App.tsx]\n---\n# Whole\n',
    });
    const { plan, diagnostics } = await buildPlan({ root: dir, tree: workTreeReader(dir), git: gitPort(dir), cacheDir: false });
    assert.equal(
      diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const waveOf = (id: string) => plan!.waves.find((w) => w.items.includes(id))!.index;
    assert.is(waveOf('001'), waveOf('002'));
    assert.is(waveOf('001'), waveOf('003'));
    assert.is.not(waveOf('004'), waveOf('001'), 'the same symbol');
    assert.is.not(waveOf('005'), waveOf('001'), 'the whole file');
    const text = serializePlan(plan!);
    assert.match(text, '    shares:\n      - item: "001"\n        evidence: "file src/App.tsx: different symbols (App.handlePaste | App.onKeyDown)"\n');
    assert.match(text, 'evidence: "src/App.tsx: same symbol App.handlePaste"');
    // The file reads back as the plan it was written from.
    assert.equal(parsePlanFile(text, '.agent/plan.yaml').plan?.edges.shared, plan!.edges.shared);
  },
);

planned.run();

const explained = suite('explain A B: the bet');

explained('explain names the symbols each writes in the file they share', async () => {
  const { analysis } = await analyze({ '001': ['src/App.tsx#handlePaste'], '002': ['src/App.tsx#onKeyDown'] });
  const text = formatPairExplanation(explainPair(item('001', ['src/App.tsx#handlePaste']), item('002', ['src/App.tsx#onKeyDown']), analysis));
  assert.match(text, '001 and 002 may run together: each writes its own symbols of the file they share');
  assert.match(text, '  shares: file src/App.tsx: different symbols (App.handlePaste | App.onKeyDown)');
});

explained.run();

const shuffled = suite('symbol-level write sets: order of input');

shuffled('property: shuffled footprints give the same conflicts and the same shared files, byte for byte', () => {
  const symbolsOf = ['a', 'b', 'c', 'K.m', 'K.n'];
  const files = ['src/x.ts', 'src/y.ts', 'src/z.ts'];
  const footprint = (id: number) =>
    fc
      .record({ writes: fc.subarray(files, { minLength: 1 }), named: fc.array(fc.tuple(fc.constantFrom(...files), fc.subarray(symbolsOf, { minLength: 1 }))) })
      .map(({ writes, named }): Footprint => {
        const symbols: NonNullable<Footprint['symbols']> = {};
        for (const [file, list] of named) if (writes.includes(file)) symbols[file] = { symbols: [...list].sort(), exports: [...list].sort() };
        return makeFootprint(id, writes, Object.keys(symbols).length > 0 ? { symbols } : {});
      });
  const queue = fc.integer({ min: 2, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => footprint(k + 1))));
  fc.assert(
    fc.property(queue, fc.infiniteStream(fc.nat()), (fps, seeds) => {
      const once = findConflictsWithFiles(fps);
      const mixed = [...fps].reverse().sort(() => (seeds.next().value % 2 === 0 ? -1 : 1));
      const again = findConflictsWithFiles(mixed);
      assert.is(JSON.stringify(again.conflicts), JSON.stringify(once.conflicts));
      assert.is(JSON.stringify(again.shared), JSON.stringify(once.shared));
      // A pair shares a file, or conflicts on it: never both.
      const fileConflicts = new Set(once.conflicts.filter((c) => c.kind === 'file').map((c) => `${c.a}-${c.b}`));
      for (const s of once.shared) assert.not.ok(fileConflicts.has(`${s.a}-${s.b}`));
    }),
    { numRuns: 200, seed: 7 },
  );
});

shuffled.run();
