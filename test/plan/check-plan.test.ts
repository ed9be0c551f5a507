import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultConfig } from '../../src/config/defaults.js';
import { checkPlan } from '../../src/plan/check-plan.js';
import { compilePlan } from '../../src/plan/compile-plan.js';
import { diffPlans } from '../../src/plan/diff-plan.js';
import { parsePlanFile } from '../../src/plan/parse-plan.js';
import { serializePlan, withFingerprint } from '../../src/plan/serialize-plan.js';
import type { Analysis, Conflict, Item, Plan, PlanConflict } from '../../src/types.js';
import { makeItem } from '../helpers/items.js';
import { planFor, randomQueue } from '../helpers/random-plans.js';

const FILE = '.agent/plan.yaml';
const fp = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

function compile(items: Item[], conflicts: Conflict[], fingerprint = fp(1), maxParallel = 3): Plan {
  const toRun = items.filter((i) => i.status === 'pending' || i.status === 'in_progress');
  const analysis: Analysis = {
    footprints: toRun.map((i) => ({ id: i.id, writes: i.files, origins: {}, reads: [], components: [], resources: [], unknown: i.files.length === 0 })),
    conflicts: conflicts.filter((c) => toRun.some((i) => i.id === c.a) && toRun.some((i) => i.id === c.b)),
    files: toRun.flatMap((i) => i.files),
  };
  return compilePlan({ items, config: defaultConfig(), analysis, fingerprint, maxParallel });
}

const shared: Conflict = { kind: 'file', a: '001', b: '003', evidence: { kind: 'file', file: 'src/a.ts' } };
const base = () => [makeItem('001', { files: ['src/a.ts'] }), makeItem('002', { files: ['src/b.ts'] }), makeItem('003', { files: ['src/a.ts', 'src/c.ts'] })];

const diff = suite('diffPlans');

diff('a conflict that goes away moves the item, and the message says why', () => {
  const old = compile(base(), [shared]);
  const items = base();
  items[2] = makeItem('003', { files: ['src/c.ts'] });
  const fresh = compile(items, [], fp(2));
  const moved = diffPlans(old, fresh);
  assert.ok(moved.includes('003 moved from wave 2 to wave 1: conflict with 001 gone (src/a.ts no longer shared)'), moved.join('\n'));
  assert.ok(moved.includes('conflict 001–003 (file src/a.ts) lost'));
  assert.ok(moved.includes('003 no longer writes src/a.ts'));
  assert.ok(moved.includes('makespan 2 → 1'));
});

diff('added items, status changes, gained conflicts and new edges, in words', () => {
  const old = compile(base(), []);
  const items = [
    makeItem('001', { status: 'completed', files: ['src/a.ts'] }),
    makeItem('002', { files: ['src/b.ts'], blockedBy: ['001'] }),
    makeItem('003', { files: ['src/a.ts'] }),
    makeItem('007', { files: ['src/b.ts'] }),
  ];
  const fresh = compile(items, [{ kind: 'file', a: '002', b: '007', evidence: { kind: 'file', file: 'src/b.ts' } }], fp(2));
  const moved = diffPlans(old, fresh);
  assert.ok(moved.includes('001 pending → completed'), moved.join('\n'));
  assert.ok(moved.some((m) => m.startsWith('item 007 added (wave ')));
  assert.ok(moved.includes('conflict 002–007 (file src/b.ts) gained'));
  assert.ok(moved.includes('002 now waits for 001'));
});

diff('a gained conflict whose evidence the plan does not hold says its kind and where to read why', () => {
  const items = base();
  items[2] = makeItem('003', { files: ['src/c.ts'] });
  const old = compile(items, []);
  const fresh = compile(base(), [shared], fp(2));
  // A plan read from its file keeps evidence only for the conflicts that pin an item to its wave.
  for (const c of fresh.edges.conflicts) delete (c as { evidence?: string }).evidence;
  const moved = diffPlans(old, fresh);
  assert.ok(moved.includes('003 moved from wave 1 to wave 2: new conflict with 001 (file: `waveplan explain 003` shows the evidence)'), moved.join('\n'));
});

diff('a conflict recorded with its evidence in one plan and without in the other is the same conflict, not gained and lost', () => {
  // Breadth QA (the pre-commit hook on Effect-TS/effect): adding a fourth item on README.md printed
  // "conflict 992–999 gained", "conflict 992–999 (file README.md) lost" and "999 moved …: conflict
  // with 992 gone (README.md no longer shared); new conflict with 992": a pinning conflict
  // (pinned_by, with evidence) had become one of conflicts_with (no kind, no evidence).
  const items = [makeItem('001', { files: ['README.md'] }), makeItem('003', { files: ['README.md'] }), makeItem('009', { files: ['README.md'] })];
  const pair = (a: string, b: string): Conflict => ({ kind: 'file', a, b, evidence: { kind: 'file', file: 'README.md' } });
  const old = compile(items, [pair('001', '003'), pair('001', '009'), pair('003', '009')]);
  const added = [...items, makeItem('005', { files: ['README.md'] })];
  const fresh = compile(added, [pair('001', '003'), pair('001', '005'), pair('001', '009'), pair('003', '005'), pair('003', '009'), pair('005', '009')], fp(2));
  for (const c of fresh.edges.conflicts)
    if (c.a === '003' && c.b === '009') {
      delete (c as { evidence?: string }).evidence;
      delete (c as { kind?: string }).kind;
    }
  const moved = diffPlans(old, fresh);
  assert.not.ok(
    moved.some((m) => m.startsWith('conflict 003–009')),
    moved.join('\n'),
  );
  assert.not.ok(
    moved.some((m) => /conflict with 003 gone|new conflict with 003/.test(m)),
    moved.join('\n'),
  );
  assert.ok(
    moved.some((m) => m.startsWith('009 moved from wave 3 to wave 4: new conflict with 005')),
    moved.join('\n'),
  );
});

diff('identical plans: nothing moved', () => {
  assert.equal(diffPlans(compile(base(), [shared]), compile(base(), [shared], fp(2))), []);
});

diff.run();

const check = suite('checkPlan');

const read = (text?: string) =>
  text === undefined ? { file: FILE, exists: false, diagnostics: [] } : { file: FILE, exists: true, text, ...parsePlanFile(text, FILE) };

check('same bytes: same; another fingerprint: differs with what moved', () => {
  const plan = compile(base(), [shared]);
  assert.is(checkPlan(read(serializePlan(plan)), { plan }).status, 'same');
  const fresh = compile(base(), [], fp(2));
  const result = checkPlan(read(serializePlan(plan)), { plan: fresh });
  assert.is(result.status, 'differs');
  assert.ok(result.messages.some((m) => m.startsWith('003 moved from wave 2 to wave 1')));
});

check('only the fingerprint changed: differs, saying an input changed', () => {
  const result = checkPlan(read(serializePlan(compile(base(), [shared]))), { plan: compile(base(), [shared], fp(2)) });
  assert.is(result.status, 'differs');
  assert.match(result.messages[0], /an input changed/);
});

check('only the fingerprint line differs, but it is not a fingerprint: invalid, not stale', () => {
  const plan = compile(base(), [shared]);
  const text = serializePlan(plan);
  assert.is(checkPlan(read(text.replace(plan.fingerprint, 'sha256:nope')), { plan }).status, 'invalid');
  assert.is(checkPlan(read(text.replace(plan.fingerprint, fp(3))), { plan }).messages.length, 1);
});

check('same fingerprint, other content: edited by hand', () => {
  const plan = compile(base(), [shared]);
  const edited = serializePlan(plan).replace('max_parallel: 3', 'max_parallel: 4');
  const result = checkPlan(read(edited), { plan });
  assert.is(result.status, 'hand-edited');
  assert.match(result.messages[0], /edited by hand/);
  assert.ok(result.messages.includes('compiled plan differs: setting max_parallel 4 → 3'));
});

check('missing and invalid plans', () => {
  const plan = compile(base(), []);
  assert.is(checkPlan(read(), { plan }).status, 'missing');
  const invalid = checkPlan(read('version: 2\n'), { plan });
  assert.is(invalid.status, 'invalid');
  assert.match(invalid.messages.join('\n'), /\.agent\/plan\.yaml:1:\d+ PLAN_SCHEMA/);
  // Another tool's plan: one line per problem would bury the message; five and a count.
  const foreign = checkPlan(read(`version: 1\nitems:\n${Array.from({ length: 40 }, (_, i) => `  - ${i} done\n`).join('')}`), { plan });
  assert.is(foreign.messages.length, 1 + 5 + 1);
  assert.match(foreign.messages[6], /^… and \d+ more problems$/);
});

check('a cached plan with the new fingerprint is the plan compiled with it, byte for byte', () => {
  const queue = [...base(), makeItem('004', { title: 'fingerprint: sha256:1111 in a title', files: ['src/d.ts'] })];
  const bytes = Buffer.from(serializePlan(compile(queue, [shared])));
  assert.is(withFingerprint(bytes, fp(2)).toString(), serializePlan(compile(queue, [shared], fp(2))));
  assert.throws(() => withFingerprint(Buffer.from('version: 1\n'), fp(2)), /no fingerprint line/);
});

check.run();

const parse = suite('parsePlanFile');

parse('schema problems name file:line:col and the key', () => {
  const text = serializePlan(compile(base(), [shared]))
    .replace('    status: pending\n', '    status: done\n')
    .replace('held: []', 'held: []\nextra: 1');
  const result = parsePlanFile(text, FILE);
  assert.is(result.plan, undefined);
  const lines = text.split('\n');
  const statusLine = lines.findIndex((l) => l === '    status: done') + 1;
  const extraLine = lines.findIndex((l) => l === 'extra: 1') + 1;
  assert.ok(
    result.diagnostics.some(
      (d) => d.line === statusLine && d.col === 13 && /items\.0\.status/.test(d.message) && d.expected === 'one of pending | in_progress | completed | blocked',
    ),
    JSON.stringify(result.diagnostics),
  );
  assert.ok(result.diagnostics.some((d) => d.line === extraLine && d.message === 'unknown key "extra"'));
});

parse('broken YAML is a PLAN_YAML diagnostic with its line', () => {
  const result = parsePlanFile('version: 1\nitems: [\n', FILE);
  assert.is(result.diagnostics[0].code, 'PLAN_YAML');
  assert.ok(result.diagnostics[0].line >= 2);
});

parse.run();

const crlf = suite('checkPlan line endings');

crlf('a plan checked out with CRLF line endings is the same plan', () => {
  const plan = compile(base(), [shared]);
  const text = serializePlan(plan).replace(/\n/g, '\r\n');
  assert.is(checkPlan(read(text), { plan }).status, 'same');
});

crlf.run();

const property = suite('diffPlans on random plans');

property('names every conflict gained and lost, once each; a plan against itself: nothing', () => {
  const pair = randomQueue.chain((q) => fc.tuple(fc.constant(q), fc.array(fc.tuple(fc.nat(q.n - 1), fc.nat(q.n - 1)), { maxLength: q.n * 2 })));
  const line = (c: PlanConflict, what: string) => `conflict ${c.a}–${c.b} (${c.kind} ${c.evidence}) ${what}`;
  const key = (c: PlanConflict) => `${c.a}|${c.b}|${c.kind}|${c.evidence}`;
  fc.assert(
    fc.property(pair, ([q, conflicts]) => {
      const a = planFor(q);
      const b = planFor({ ...q, conflicts });
      const diff = diffPlans(a, b);
      const before = new Set(a.edges.conflicts.map(key));
      const after = new Set(b.edges.conflicts.map(key));
      const gained = b.edges.conflicts.filter((c) => !before.has(key(c))).map((c) => line(c, 'gained'));
      const lost = a.edges.conflicts.filter((c) => !after.has(key(c))).map((c) => line(c, 'lost'));
      assert.equal(
        diff.filter((l) => l.startsWith('conflict ')),
        [...gained, ...lost],
      );
      assert.equal(diffPlans(a, a), []);
    }),
    { numRuns: 300 },
  );
});

property.run();
