import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareJoined, findConflicts, findConflictsWithFiles } from '../../src/analyze/conflicts.js';
import { evidenceFiles, formatEvidence } from '../../src/analyze/evidence.js';
import { compileFootprint } from '../../src/analyze/footprint.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { compareStrings } from '../../src/order.js';
import { makeItem } from '../helpers/items.js';
import type { Footprint, ImportGraph } from '../../src/types.js';

function footprint(id: string, fields: Partial<Footprint> = {}): Footprint {
  const writes = fields.writes ?? [];
  return { id, writes, origins: Object.fromEntries(writes.map((w) => [w, ['declared']])), reads: [], components: [], resources: [], unknown: false, ...fields };
}

function graphOf(edges: Record<string, string[]>): ImportGraph {
  return new Map(Object.entries(edges).map(([from, tos]) => [from, new Set(tos)]));
}

const conflicts = suite('findConflicts');

conflicts('no shared file, read, resource or component: no conflict', () => {
  assert.equal(findConflicts([footprint('001', { writes: ['src/a.ts'] }), footprint('002', { writes: ['src/b.ts'] })]), []);
});

conflicts('file: the first shared file', () => {
  const found = findConflicts([footprint('002', { writes: ['src/b.ts', 'src/z.ts'] }), footprint('001', { writes: ['src/z.ts', 'src/b.ts'] })]);
  assert.equal(found, [{ kind: 'file', a: '001', b: '002', evidence: { kind: 'file', file: 'src/b.ts' } }]);
});

conflicts('data: the import chain from the reader’s written file to the writer’s, reader first', () => {
  const graph = graphOf({ 'src/billing/invoice.ts': ['src/lib/index.ts'], 'src/lib/index.ts': ['src/lib/money.ts'] });
  const writer = footprint('001', { writes: ['src/lib/money.ts'] });
  const reader = footprint('002', { writes: ['src/billing/invoice.ts'], reads: ['src/lib/index.ts', 'src/lib/money.ts'] });
  assert.equal(findConflicts([writer, reader], graph), [
    {
      kind: 'data',
      a: '001',
      b: '002',
      evidence: { kind: 'import-chain', reader: '002', chain: ['src/billing/invoice.ts', 'src/lib/index.ts', 'src/lib/money.ts'] },
    },
  ]);
});

conflicts('data: the lower id may be the reader', () => {
  const graph = graphOf({ 'src/a.ts': ['src/b.ts'] });
  const found = findConflicts([footprint('001', { writes: ['src/a.ts'], reads: ['src/b.ts'] }), footprint('002', { writes: ['src/b.ts'] })], graph);
  assert.equal(found, [{ kind: 'data', a: '001', b: '002', evidence: { kind: 'import-chain', reader: '001', chain: ['src/a.ts', 'src/b.ts'] } }]);
});

conflicts('data: the shortest chain wins over a longer one', () => {
  const graph = graphOf({ 'src/r.ts': ['src/long1.ts', 'src/w.ts'], 'src/long1.ts': ['src/long2.ts'], 'src/long2.ts': ['src/w.ts'] });
  const found = findConflicts(
    [footprint('001', { writes: ['src/w.ts'] }), footprint('002', { writes: ['src/r.ts'], reads: ['src/long1.ts', 'src/long2.ts', 'src/w.ts'] })],
    graph,
  );
  assert.is(formatEvidence(found[0].evidence), 'src/r.ts → src/w.ts');
});

conflicts('data: a declared read, a shared resource; component: a shared component', () => {
  const found = findConflicts([
    footprint('001', { writes: ['docs/api.md'], components: ['web'] }),
    footprint('002', { writes: ['src/x.ts'], reads: ['docs/api.md'], components: ['web'] }),
    footprint('003', { writes: ['db/1.sql'], resources: ['db-schema'] }),
    footprint('004', { writes: ['db/2.sql'], resources: ['db-schema'] }),
  ]);
  assert.equal(found, [
    { kind: 'data', a: '001', b: '002', evidence: { kind: 'declared-read', reader: '002', file: 'docs/api.md' } },
    { kind: 'component', a: '001', b: '002', evidence: { kind: 'component', component: 'web' } },
    { kind: 'data', a: '003', b: '004', evidence: { kind: 'resource', resource: 'db-schema' } },
  ]);
});

conflicts('property: the order of footprints never changes the result', () => {
  const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts'];
  const graph = graphOf({ 'a.ts': ['b.ts', 'c.ts'], 'b.ts': ['d.ts'], 'c.ts': ['d.ts'], 'd.ts': ['e.ts'] });
  const arbFootprints = fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 }).chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.subarray(files).map((writes) =>
          footprint(String(id).padStart(3, '0'), {
            writes,
            reads: [...new Set(writes.flatMap((w) => closure(graph, w)))].filter((r) => !writes.includes(r)).sort(),
          }),
        ),
      ),
    ),
  );
  fc.assert(
    fc.property(arbFootprints, fc.nat(), (fps, seed) => {
      const shuffled = [...fps].sort((x, y) => ((x.id.charCodeAt(2) * 31 + seed) % 7) - ((y.id.charCodeAt(2) * 31 + seed) % 7));
      assert.equal(findConflicts(shuffled, graph), findConflicts(fps, graph));
    }),
  );
});

conflicts('property: footprints of compileFootprint (read set listed only when asked) conflict as their listed copies do', () => {
  // The copies carry their read set as a plain list, as any caller's footprints may: the search
  // is checked against it, and the declared reads that compileFootprint keeps against `reads`.
  const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts'];
  const arbEdges = fc.array(fc.tuple(fc.constantFrom(...files), fc.constantFrom(...files)), { maxLength: 12 });
  const arbItems = fc
    .uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 7 })
    .chain((ids) =>
      fc.tuple(
        ...ids.map((id) =>
          fc
            .tuple(fc.subarray(files), fc.subarray(files, { maxLength: 2 }))
            .map(([writes, reads]) => makeItem(String(id).padStart(3, '0'), { files: writes, reads })),
        ),
      ),
    );
  fc.assert(
    fc.property(arbEdges, arbItems, (edges, items) => {
      const graph: ImportGraph = new Map(files.map((f) => [f, new Set(edges.filter(([from, to]) => from === f && to !== f).map(([, to]) => to))]));
      const made = items.map((item) => compileFootprint({ item, config: defaultConfig(), repoFiles: files, graph }));
      const listed = made.map((fp) => ({ ...fp, reads: [...fp.reads] }));
      assert.equal(findConflictsWithFiles(made, graph), findConflictsWithFiles(listed, graph));
    }),
  );
});

conflicts('property: the files it reports are exactly the files its evidence names', () => {
  const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'x.md'];
  const graph = graphOf({ 'a.ts': ['b.ts', 'c.ts'], 'b.ts': ['d.ts'], 'c.ts': ['d.ts'], 'd.ts': ['e.ts'] });
  const arbFootprints = fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 }).chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.tuple(fc.subarray(files), fc.boolean(), fc.subarray(['db', 'web'])).map(([writes, readsDoc, named]) => {
          const reads = [...new Set([...writes.flatMap((w) => closure(graph, w)), ...(readsDoc ? ['x.md'] : [])])].filter((r) => !writes.includes(r)).sort();
          return footprint(String(id).padStart(3, '0'), {
            writes,
            reads,
            resources: named.filter((n) => n === 'db'),
            components: named.filter((n) => n === 'web'),
          });
        }),
      ),
    ),
  );
  fc.assert(
    fc.property(arbFootprints, (fps) => {
      const found = findConflictsWithFiles(fps, graph);
      const named = found.conflicts.flatMap((c) => evidenceFiles(c.evidence));
      assert.equal([...found.files].sort(), [...new Set(named)].sort());
    }),
  );
});

function closure(graph: ImportGraph, from: string): string[] {
  const out = new Set<string>();
  const stack = [from];
  while (stack.length) {
    for (const n of graph.get(stack.pop()!) ?? []) {
      if (!out.has(n)) {
        out.add(n);
        stack.push(n);
      }
    }
  }
  return [...out];
}

conflicts('property: compareJoined orders chains as their joined texts would', () => {
  // Parts that are prefixes of each other and hold the separator's characters are the hard cases.
  const part = fc.oneof(fc.constantFrom('a', 'a.ts', 'a.ts ', 'a.ts →', 'a.ts → b', ' ', '→', '', 'b'), fc.string({ maxLength: 4 }));
  const chain = fc.array(part, { maxLength: 4 });
  fc.assert(
    fc.property(chain, chain, (x, y) => {
      assert.is(Math.sign(compareJoined(x, y, ' → ')), Math.sign(compareStrings(x.join(' → '), y.join(' → '))));
      assert.is(compareJoined(x, x, ' → '), 0);
    }),
    { numRuns: 5000 },
  );
});

conflicts.run();
