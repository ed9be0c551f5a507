import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../src/config/defaults.js';
import { compilePlan } from '../../src/plan/compile-plan.js';
import { compileReport } from '../../src/plan/compile-report.js';
import { parsePlanFile } from '../../src/plan/parse-plan.js';
import { serializePlan, serializePlanBytes, toOrderedPlan } from '../../src/plan/serialize-plan.js';
import { schemaErrors } from '../../src/schemas.js';
import type { Analysis, Conflict, Item } from '../../src/types.js';
import { makeItem } from '../helpers/items.js';
import { arbitraryQueue } from '../helpers/random-queue.js';

const FINGERPRINT = `sha256:${'0'.repeat(64)}`;

function fromQueue(input: ReturnType<typeof arbitraryQueue> extends fc.Arbitrary<infer T> ? T : never): { items: Item[]; analysis: Analysis } {
  const items = input.items.map((i) =>
    makeItem(i.id, {
      status: i.status,
      estimate: i.estimate,
      priority: i.priority,
      blockedBy: [...i.blockedBy],
      files: input.alone.has(i.id) ? [] : [`src/${i.id}.ts`],
    }),
  );
  const toRun = items.filter((i) => i.status === 'pending' || i.status === 'in_progress');
  const conflicts: Conflict[] = input.conflicts.map(([a, b]) => ({ kind: 'file', a, b, evidence: { kind: 'file', file: `src/shared-${a}-${b}.ts` } }));
  const analysis: Analysis = {
    footprints: toRun.map((i) => ({ id: i.id, writes: i.files, origins: {}, reads: [], components: [], resources: [], unknown: i.files.length === 0 })),
    conflicts,
    files: toRun.flatMap((i) => i.files),
  };
  return { items, analysis };
}

const compile = suite('compilePlan + serializePlan');

compile('every compiled plan passes plan.schema.json and reads back as the same plan', () => {
  fc.assert(
    fc.property(arbitraryQueue({ minItems: 0, maxItems: 16, statuses: ['pending', 'in_progress', 'completed', 'blocked'], aloneRate: 0.1 }), (input) => {
      const { items, analysis } = fromQueue(input);
      const plan = compilePlan({ items, config: defaultConfig(), analysis, fingerprint: FINGERPRINT, maxParallel: input.maxParallel });
      const text = serializePlan(plan);
      const parsed = parsePlanFile(text, '.agent/plan.yaml');
      assert.equal(parsed.diagnostics, []);
      assert.is(serializePlan(parsed.plan!), text);
      assert.equal(schemaErrors('plan', toOrderedPlan(parsed.plan!)), []);
      assert.not.ok(text.includes('\r'));
      assert.ok(serializePlanBytes(plan).equals(Buffer.from(text)));
    }),
    { numRuns: 150, seed: 3 },
  );
});

compile('shuffled items, edges and conflicts give byte-identical YAML', () => {
  fc.assert(
    fc.property(arbitraryQueue({ minItems: 1, maxItems: 18, statuses: ['pending', 'in_progress', 'completed', 'blocked'] }), fc.nat(), (input, seed) => {
      const { items, analysis } = fromQueue(input);
      const mix = <T>(xs: readonly T[]) =>
        xs
          .map((x, i) => ({ x, k: ((i + 1) * 2654435761 + seed) % 4294967296 }))
          .sort((a, b) => a.k - b.k)
          .map((e) => e.x);
      const a = serializePlan(compilePlan({ items, config: defaultConfig(), analysis, fingerprint: FINGERPRINT, maxParallel: input.maxParallel }));
      const shuffledItems = mix(items).map((i) => ({ ...i, blockedBy: mix(i.blockedBy) }));
      const shuffledAnalysis = { ...analysis, footprints: mix(analysis.footprints), conflicts: mix(analysis.conflicts), files: mix(analysis.files) };
      const b = serializePlan(
        compilePlan({ items: shuffledItems, config: defaultConfig(), analysis: shuffledAnalysis, fingerprint: FINGERPRINT, maxParallel: input.maxParallel }),
      );
      assert.is(b, a);
    }),
    { numRuns: 150, seed: 11 },
  );
});

compile('the file starts with the schema header and keeps the key order of docs/plan-file.md', () => {
  const items = [makeItem('001', { files: ['src/a.ts'] }), makeItem('002', { files: ['src/a.ts'], blockedBy: [] })];
  const analysis: Analysis = {
    footprints: [],
    conflicts: [{ kind: 'file', a: '001', b: '002', evidence: { kind: 'file', file: 'src/a.ts' } }],
    files: ['src/a.ts'],
  };
  const text = serializePlan(compilePlan({ items, config: defaultConfig(), analysis, fingerprint: FINGERPRINT }));
  assert.ok(text.startsWith('# yaml-language-server: $schema=https://waveplan.dev/schemas/plan.schema.json\n'));
  const keys = text
    .split('\n')
    .filter((l) => /^[a-z_]+:/.test(l))
    .map((l) => l.split(':')[0]);
  assert.equal(keys, ['version', 'fingerprint', 'settings', 'items', 'waves', 'edges', 'held', 'critical_path', 'stats']);
});

compile('the plan file writes each conflicting pair once, at its later item: with evidence when it pins the item, else as an id', () => {
  const items = ['001', '002', '003', '004'].map((id) => makeItem(id, { files: ['src/a.ts'] }));
  const file = (a: string, b: string): Conflict => ({ kind: 'file', a, b, evidence: { kind: 'file', file: 'src/a.ts' } });
  const chain: Conflict = { kind: 'data', a: '001', b: '003', evidence: { kind: 'import-chain', reader: '003', chain: ['src/c.ts', 'src/a.ts'] } };
  const analysis: Analysis = {
    footprints: [],
    conflicts: [file('002', '003'), chain, file('001', '002'), file('001', '003'), file('003', '004'), file('001', '004'), file('002', '004')],
    files: ['src/a.ts'],
  };
  const plan = compilePlan({ items, config: defaultConfig(), analysis, fingerprint: FINGERPRINT });
  assert.equal(
    plan.waves.map((w) => w.items),
    [['001'], ['002'], ['003'], ['004']],
  );
  const out = toOrderedPlan(plan);
  const conflicts = out.items.map((i) => ({ id: i.id, pinned_by: i.pinned_by, conflicts_with: i.conflicts_with }));
  assert.equal(conflicts, [
    { id: '001', pinned_by: undefined, conflicts_with: undefined },
    { id: '002', pinned_by: [{ item: '001', kind: 'file', evidence: 'src/a.ts' }], conflicts_with: undefined },
    // Queue order: each item follows its nearest lower conflicting id (edges.after), and that conflict pins it;
    // the farther pairs are ordered through it and are written as ids.
    { id: '003', pinned_by: [{ item: '002', kind: 'file', evidence: 'src/a.ts' }], conflicts_with: '001' },
    { id: '004', pinned_by: [{ item: '003', kind: 'file', evidence: 'src/a.ts' }], conflicts_with: '001 002' },
  ]);
  assert.equal(plan.edges.after, [
    { item: '002', on: '001' },
    { item: '003', on: '002' },
    { item: '004', on: '003' },
  ]);
  assert.not.ok('conflicts' in out.edges);
  const back = parsePlanFile(serializePlan(plan), 'plan.yaml');
  assert.equal(back.diagnostics, []);
  // Every pair comes back (apply needs them all); 001–003 pins nothing, so it comes back without evidence.
  assert.equal(
    back.plan!.edges.conflicts.map((c) => `${c.a}-${c.b}`),
    ['001-002', '001-003', '001-004', '002-003', '002-004', '003-004'],
  );
});

compile('a conflict that pins nothing is written as an id at the item in the later wave', () => {
  const items = ['001', '002', '003'].map((id) =>
    makeItem(id, { files: ['src/a.ts'], ...(id === '003' ? { blockedBy: ['002'] } : id === '002' ? { blockedBy: ['001'] } : {}) }),
  );
  const file = (a: string, b: string): Conflict => ({ kind: 'file', a, b, evidence: { kind: 'file', file: 'src/a.ts' } });
  // 001 and 003 conflict, but 003 waits for 002, which waits for 001, anyway: that conflict pins nothing.
  const analysis: Analysis = { footprints: [], conflicts: [file('001', '003')], files: ['src/a.ts'] };
  const plan = compilePlan({ items, config: defaultConfig(), analysis, fingerprint: FINGERPRINT });
  assert.equal(
    plan.waves.map((w) => w.items),
    [['001'], ['002'], ['003']],
  );
  assert.is(plan.edges.after, undefined);
  const out = toOrderedPlan(plan);
  assert.equal(
    out.items.map((i) => [i.id, i.pinned_by, i.conflicts_with]),
    [
      ['001', undefined, undefined],
      ['002', undefined, undefined],
      ['003', undefined, '001'],
    ],
  );
  const back = parsePlanFile(serializePlan(plan), 'plan.yaml').plan!;
  assert.equal(back.edges.conflicts, [{ a: '001', b: '003' }]);
});

compile('queue order: of two conflicting items nothing else orders, the lower id goes first; the file shows the edge and the conflict that made it', () => {
  const items = ['001', '002', '003'].map((id) => makeItem(id, { files: ['src/a.ts'], priority: id === '003' ? 'p0' : 'p3', estimate: id === '003' ? 3 : 1 }));
  const file = (a: string, b: string): Conflict => ({ kind: 'file', a, b, evidence: { kind: 'file', file: 'src/a.ts' } });
  const analysis: Analysis = { footprints: [], conflicts: [file('002', '003')], files: ['src/a.ts'] };
  const plan = compilePlan({ items, config: defaultConfig(), analysis, fingerprint: FINGERPRINT });
  // 003 is p0 and the longest, so without the rule it would go first; 002 is the lower id.
  assert.equal(
    plan.waves.map((w) => w.items),
    [['001', '002'], ['003']],
  );
  assert.equal(plan.edges.after, [{ item: '003', on: '002' }]);
  const text = serializePlan(plan);
  assert.match(text, 'edges:\n  blocked_by: []\n  after:\n    - item: "003"\n      on: "002"\n');
  const out = toOrderedPlan(plan);
  assert.equal(out.items.find((i) => i.id === '003')!.pinned_by, [{ item: '002', kind: 'file', evidence: 'src/a.ts' }]);
  const back = parsePlanFile(text, 'plan.yaml').plan!;
  assert.equal(back.edges.after, [{ item: '003', on: '002' }]);
  assert.equal(compileReport(plan, { planFile: 'plan.yaml' }).waves[1].items[0].waits_for, ['runs after 002 (wave 1): lower id first (file: src/a.ts)']);
});

compile.run();
