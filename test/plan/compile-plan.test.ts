import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../src/config/defaults.js';
import { compilePlan } from '../../src/plan/compile-plan.js';
import { parsePlanFile } from '../../src/plan/parse-plan.js';
import { serializePlan, serializePlanBytes, toOrderedPlan } from '../../src/plan/serialize-plan.js';
import { schemaErrors } from '../../src/schemas.js';
import type { Analysis, Conflict, Item, Plan, PlanConflict } from '../../src/types.js';
import { makeItem } from '../helpers/items.js';
import { arbitraryQueue } from '../helpers/random-queue.js';

const FINGERPRINT = `sha256:${'0'.repeat(64)}`;

function fromQueue(input: ReturnType<typeof arbitraryQueue> extends fc.Arbitrary<infer T> ? T : never): { items: Item[]; analysis: Analysis } {
  const items = input.items.map((i) => makeItem(i.id, { status: i.status, estimate: i.estimate, priority: i.priority, blockedBy: [...i.blockedBy], files: input.alone.has(i.id) ? [] : [`src/${i.id}.ts`] }));
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
      assert.equal(schemaErrors('plan', parsed.plan), []);
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
      const mix = <T>(xs: readonly T[]) => xs.map((x, i) => ({ x, k: ((i + 1) * 2654435761 + seed) % 4294967296 })).sort((a, b) => a.k - b.k).map((e) => e.x);
      const a = serializePlan(compilePlan({ items, config: defaultConfig(), analysis, fingerprint: FINGERPRINT, maxParallel: input.maxParallel }));
      const shuffledItems = mix(items).map((i) => ({ ...i, blockedBy: mix(i.blockedBy) }));
      const shuffledAnalysis = { ...analysis, footprints: mix(analysis.footprints), conflicts: mix(analysis.conflicts), files: mix(analysis.files) };
      const b = serializePlan(compilePlan({ items: shuffledItems, config: defaultConfig(), analysis: shuffledAnalysis, fingerprint: FINGERPRINT, maxParallel: input.maxParallel }));
      assert.is(b, a);
    }),
    { numRuns: 150, seed: 11 },
  );
});

compile('the file starts with the schema header and keeps the key order of docs/plan-file.md', () => {
  const items = [makeItem('001', { files: ['src/a.ts'] }), makeItem('002', { files: ['src/a.ts'], blockedBy: [] })];
  const analysis: Analysis = { footprints: [], conflicts: [{ kind: 'file', a: '001', b: '002', evidence: { kind: 'file', file: 'src/a.ts' } }], files: ['src/a.ts'] };
  const text = serializePlan(compilePlan({ items, config: defaultConfig(), analysis, fingerprint: FINGERPRINT }));
  assert.ok(text.startsWith('# yaml-language-server: $schema=https://waveplan.dev/schemas/plan.schema.json\n'));
  const keys = text.split('\n').filter((l) => /^[a-z_]+:/.test(l)).map((l) => l.split(':')[0]);
  assert.equal(keys, ['version', 'fingerprint', 'settings', 'items', 'waves', 'edges', 'held', 'critical_path', 'stats']);
});

compile('the plan holds each conflict’s evidence as text, in the key order of docs/plan-file.md; toOrderedPlan copies only conflicts in another order', () => {
  const items = ['001', '002', '003', '004'].map((id) => makeItem(id, { files: ['src/a.ts'] }));
  const file = (a: string, b: string): Conflict => ({ kind: 'file', a, b, evidence: { kind: 'file', file: 'src/a.ts' } });
  const chain: Conflict = { kind: 'data', a: '001', b: '003', evidence: { kind: 'import-chain', reader: '003', chain: ['src/c.ts', 'src/a.ts'] } };
  const analysis: Analysis = { footprints: [], conflicts: [file('002', '003'), chain, file('001', '002')], files: ['src/a.ts'] };
  const plan = compilePlan({ items, config: defaultConfig(), analysis, fingerprint: FINGERPRINT });
  assert.equal(plan.edges.conflicts, [
    { kind: 'file', a: '001', b: '002', evidence: 'src/a.ts' },
    { kind: 'data', a: '001', b: '003', evidence: 'src/c.ts → src/a.ts' },
    { kind: 'file', a: '002', b: '003', evidence: 'src/a.ts' },
  ]);
  const out = toOrderedPlan(plan).edges.conflicts;
  assert.equal(out.map((c) => Object.keys(c)), Array.from({ length: 3 }, () => ['kind', 'a', 'b', 'evidence']));
  assert.ok(out.includes(plan.edges.conflicts[0]), 'not copied');
  const shuffled = { evidence: 'src/a.ts', b: '004', a: '001', kind: 'file' } as const;
  const extra = { kind: 'file', a: '002', b: '004', evidence: 'src/a.ts', note: 'not in the plan' } as PlanConflict;
  const inherited = Object.assign(Object.create({ inherited: true }) as object, { kind: 'file', a: '003', b: '004', evidence: 'src/a.ts' }) as PlanConflict;
  const handMade: Plan = { ...plan, edges: { ...plan.edges, conflicts: [...plan.edges.conflicts, shuffled, extra, inherited] } };
  const copied = toOrderedPlan(handMade).edges.conflicts;
  assert.equal(copied.map((c) => Object.keys(c)), Array.from({ length: 6 }, () => ['kind', 'a', 'b', 'evidence']));
  assert.not.ok(copied.includes(inherited), 'an object with another prototype is copied');
  assert.not.match(serializePlan(handMade), /note|inherited/);
});

compile.run();
