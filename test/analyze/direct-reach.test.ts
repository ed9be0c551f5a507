import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findConflicts } from '../../src/analyze/conflicts.js';
import { createDirectReach, type ModuleView } from '../../src/analyze/direct-reads.js';
import type { ModuleShape } from '../../src/analyze/module-shape.js';
import { createReach } from '../../src/analyze/reach.js';
import type { ImportGraph } from '../../src/types.js';
import { makeFootprint } from '../helpers/items.js';

const FILES = ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts'];
const NAMES = ['x', 'y', 'z', 'default'];

/** A random graph (cycles allowed) and shapes that agree with it: every specifier is an edge, named by its target path. */
const world = fc
  .array(fc.tuple(fc.constantFrom(...FILES), fc.constantFrom(...FILES)), { maxLength: 14 })
  .chain((pairs) => {
    const graph = new Map<string, Set<string>>();
    for (const [from, to] of pairs) if (from !== to) graph.set(from, (graph.get(from) ?? new Set()).add(to));
    const shapeOf = (file: string) => {
      const targets = [...(graph.get(file) ?? [])];
      const names = fc.option(fc.subarray(NAMES, { minLength: 1 }), { nil: null });
      return fc.record({
        imports: fc.tuple(...targets.map(() => names)).map((taken) => new Map(targets.map((t, k) => [t, taken[k]]))),
        defines: fc.subarray(NAMES).map((d) => new Set(d)),
        named: fc
          .tuple(
            ...targets.map((t) =>
              fc.option(
                fc
                  .tuple(fc.constantFrom(...NAMES), fc.option(fc.constantFrom(...NAMES), { nil: null }))
                  .map(([as, name]) => [as, { specifier: t, name }] as const),
                { nil: undefined },
              ),
            ),
          )
          .map((entries) => new Map(entries.filter((e) => e !== undefined))),
        stars: fc.subarray(targets),
      });
    };
    return fc.tuple(fc.constant(graph as ImportGraph), fc.tuple(...FILES.map((f) => fc.option(shapeOf(f), { nil: undefined }))));
  })
  .map(([graph, shapes]) => {
    const byFile = new Map(FILES.map((f, k) => [f, shapes[k] as ModuleShape | undefined]));
    const view: ModuleView = { shape: (f) => byFile.get(f), resolve: (file, specifier) => (graph.get(file)?.has(specifier) ? specifier : undefined) };
    return { graph, view };
  });

const footprints = fc
  .uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 5 })
  .chain((ids) => fc.tuple(...ids.map((id) => fc.subarray(FILES, { minLength: 1, maxLength: 2 }).map((writes) => makeFootprint(id, writes)))));

const subset = suite('createDirectReach');

subset('property: every direct conflict is a transitive one, and direct reads are transitive reads', () => {
  fc.assert(
    fc.property(world, footprints, ({ graph, view }, fps) => {
      const key = (c: { a: string; b: string; kind: string }) => `${c.a}|${c.b}|${c.kind}`;
      const direct = findConflicts(fps, graph, { reach: createDirectReach(graph, view) }).map(key);
      const transitive = new Set(findConflicts(fps, graph, { reach: createReach(graph) }).map(key));
      for (const k of direct) assert.ok(transitive.has(k), `${k} under direct only`);
      const directReach = createDirectReach(graph, view);
      const reach = createReach(graph);
      for (const fp of fps)
        for (const file of directReach(fp.writes).imports()) assert.ok(reach(fp.writes).imports(file), `${fp.id} reads ${file} under direct only`);
    }),
    { numRuns: 300, seed: 23 },
  );
});

subset('property: shuffled footprints give the same conflicts', () => {
  fc.assert(
    fc.property(world, footprints, fc.infiniteStream(fc.nat()), ({ graph, view }, fps, seeds) => {
      const once = findConflicts(fps, graph, { reach: createDirectReach(graph, view) });
      const shuffled = [...fps].reverse().sort(() => (seeds.next().value % 2 === 0 ? -1 : 1));
      assert.equal(findConflicts(shuffled, graph, { reach: createDirectReach(graph, view) }), once);
    }),
    { numRuns: 150, seed: 5 },
  );
});

subset.run();
