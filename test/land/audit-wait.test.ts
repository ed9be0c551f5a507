import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SILENT } from '../helpers/apply-repo.js';
import { runCli } from '../helpers/cli.js';
import { git } from '../helpers/git-repo.js';
import { landedIds, landRepo, summaryOf } from '../helpers/land-repo.js';

const wait = suite('footprint audit: an item that changed files outside its write set waits (docs/apply.md, "Footprint audit")');

/** Shell: wait (≤ 60 s) until the run's event log holds `footprint_exceeded` for `id`, so the test never hangs. */
const untilAudited = (id: string) =>
  `log="$(dirname "$(dirname "$WAVEPLAN_ITEM_FILE")")/runs/$WAVEPLAN_RUN_ID/events.jsonl"; n=0; ` +
  `until grep -q '"type":"footprint_exceeded","item":"${id}"' "$log" || [ $n -ge 1200 ]; do sleep 0.05; n=$((n+1)); done`;

wait('it lands after a running item that predicted writing, or declared reading, a file it changed; the merge decides', async () => {
  const dir = await landRepo(
    [
      // 001 predicts src/a.ts only, and also changes the first line of src/b.ts, which 002 predicts writing.
      { id: '001', files: ['src/a.ts'], run: `sh scripts/edit.sh src/a.ts one commit && sed -i 1s/b1/B1/ src/b.ts` },
      // 002 still runs when 001's audit reports it: it ends only after that.
      { id: '002', files: ['src/b.ts'], run: `${untilAudited('001')}; sh scripts/edit.sh src/b.ts two leave` },
      // 003 declares reading src/r.ts, which 004 changes outside its write set.
      { id: '003', files: ['src/c.ts'], reads: ['src/r.ts'], run: `${untilAudited('004')}; sh scripts/edit.sh src/c.ts three commit` },
      { id: '004', files: ['src/d.ts'], run: `sh scripts/edit.sh src/d.ts four leave && sh scripts/edit.sh src/r.ts four leave` },
    ],
    {
      config: 'autonomy:\n  level: L3\n  max_parallel: 4\n  continue_on_error: true\nanalysis:\n  import_graph: false\nrun:\n  isolation: worktree\n',
      files: { 'src/b.ts': 'b1\nb2\nb3\nb4\nb5\n', 'src/r.ts': 'r\n' },
    },
  );
  const plan = readFileSync(join(dir, '.agent/plan.yaml'), 'utf8');
  assert.match(
    plan,
    /items: \["001", "002", "003", "004"\]|items:\n\s+- "001"\n\s+- "002"\n\s+- "003"\n\s+- "004"/,
    'all four share one wave: the plan sees no conflict',
  );
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  const landed = landedIds(dir);
  assert.ok(landed.indexOf('002') < landed.indexOf('001'), `001 lands after 002: ${landed.join(' ')}`);
  assert.ok(landed.indexOf('003') < landed.indexOf('004'), `004 lands after 003: ${landed.join(' ')}`);
  assert.is(git(dir, 'show', 'main:src/b.ts'), 'B1\nb2\nb3\nb4\nb5\ntwo\n', 'both changes to src/b.ts, merged');
  assert.is(git(dir, 'show', 'main:src/r.ts'), 'r\nfour\n');
  const run = readdirSync(join(dir, '.agent/runs')).filter((n) => !n.startsWith('.'))[0];
  const exceeded = readFileSync(join(dir, '.agent/runs', run, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; item?: string; reason?: string })
    .filter((e) => e.type === 'footprint_exceeded')
    .map((e) => [e.item, e.reason]);
  assert.equal(exceeded.sort(), [
    ['001', 'changed 1 file outside its predicted write set; lands after 002, which predicted writing or reading them'],
    ['004', 'changed 1 file outside its predicted write set; lands after 003, which predicted writing or reading them'],
  ]);
  const summary = summaryOf(dir) as { items: Array<{ id: string; exceeded?: string[] }> };
  assert.equal(
    summary.items.map((i) => [i.id, i.exceeded ?? []]),
    [
      ['001', ['src/b.ts']],
      ['002', []],
      ['003', []],
      ['004', ['src/r.ts']],
    ],
  );
});

wait.run();
