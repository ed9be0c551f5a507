import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SILENT } from '../helpers/apply-repo.js';
import { runCli } from '../helpers/cli.js';
import { landRepo, summaryOf } from '../helpers/land-repo.js';

const audit = suite('footprint audit without isolation');

audit('a wave that changes files outside the union of its write sets is reported', async () => {
  const dir = await landRepo(
    [
      { id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts one leave && sh scripts/edit.sh src/c.ts extra leave' },
      { id: '002', files: ['src/b.ts'], run: 'sh scripts/edit.sh src/b.ts two leave' },
      { id: '003', files: ['src/c.ts'], blockedBy: ['001'], run: 'sh scripts/edit.sh src/c.ts three leave' },
    ],
    { config: 'autonomy:\n  level: L3\nanalysis:\n  import_graph: false\n' },
  );
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  assert.match(result.stdout, "footprint exceeded: wave 1 changed src/c.ts outside its items' predicted write sets");
  assert.not.match(result.stdout, 'wave 2 changed');
  assert.equal((summaryOf(dir) as unknown as { audit: unknown }).audit, [{ wave: 1, exceeded: ['src/c.ts'] }]);
});

audit('an item alone in its wave has its real write set recorded, an unknown footprint too: later plans learn from it', async () => {
  const dir = await landRepo(
    [
      { id: '001', files: ['src/a.ts'], run: 'sh scripts/edit.sh src/a.ts one leave' },
      { id: '002', files: ['src/b.ts'], run: 'sh scripts/edit.sh src/b.ts two leave' },
      // Declares nothing and its words name nothing: an unknown footprint, alone in its wave.
      { id: '003', files: [], blockedBy: ['001'], run: 'sh scripts/edit.sh src/c.ts three leave && sh scripts/edit.sh README.md three commit' },
      { id: '004', files: ['src/b.ts'], blockedBy: ['003'], run: 'sh scripts/edit.sh src/b.ts four leave && sh scripts/edit.sh src/a.ts four leave' },
    ],
    { config: 'autonomy:\n  level: L3\nanalysis:\n  import_graph: false\n' },
  );
  const result = runCli(dir, ['apply'], SILENT);
  assert.is(result.code, 0, result.stderr + result.stdout);
  const writes = Object.fromEntries(summaryOf(dir).items.map((i) => [i.id, i.writes]));
  // 001 and 002 shared wave 1: what each changed cannot be told apart, so neither is recorded.
  assert.equal(writes, { '001': undefined, '002': undefined, '003': ['README.md', 'src/c.ts'], '004': ['src/a.ts', 'src/b.ts'] });
  assert.equal((summaryOf(dir) as unknown as { audit: unknown }).audit, [{ wave: 3, exceeded: ['src/a.ts'] }]);
});

audit.run();
