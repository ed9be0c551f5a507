import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { schemaErrors } from '../../src/schemas.js';
import { gitRepo } from '../helpers/git-repo.js';

async function run(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env: { NO_COLOR: '1' }, isTTY: false };
  return { code: await main(argv, io), stdout, stderr };
}

interface InferJson {
  items: Array<{
    id: string;
    state: string;
    confidence: number;
    entries: Array<{ path: string; confidence: number; words: string[]; symbols?: string[] }>;
    written?: boolean;
  }>;
}

const json = suite('waveplan infer --json (schemas/infer.schema.json)');

json('declared, inferred and unknown items validate against the schema, before and after --write', async () => {
  const root = gitRepo(undefined, {
    'src/http/etag.ts': 'export function generateDigest() {}\n',
    'src/http/etag.test.ts': 'test\n',
    'src/db/client.ts': 'export const db = 1;\n',
    '.agent/queue/001-pending-etag.md': '# Weak comparison in `generateDigest`\n',
    '.agent/queue/002-pending-db.md': '---\nfiles: [src/db/client.ts]\n---\n# Pool connections\n',
    '.agent/queue/003-pending-vague.md': '# Improve things\n',
  });
  const shown = await run(root, ['infer', '--json']);
  assert.is(shown.code, 0, shown.stderr);
  const out = JSON.parse(shown.stdout) as InferJson;
  assert.equal(schemaErrors('infer', out), []);
  assert.equal(
    out.items.map((i) => [i.id, i.state]),
    [
      ['001', 'inferred'],
      ['002', 'declared'],
      ['003', 'unknown'],
    ],
  );
  assert.equal(out.items[0].entries.map((e) => e.path).sort(), ['src/http/etag.test.ts', 'src/http/etag.ts']);
  // The file whose declaration the words name carries it (file#symbol); its test does not.
  assert.equal(Object.fromEntries(out.items[0].entries.map((e) => [e.path, e.symbols ?? null])), {
    'src/http/etag.test.ts': null,
    'src/http/etag.ts': ['generateDigest'],
  });
  const confidences = out.items[0].entries.map((e) => e.confidence);
  assert.equal(
    confidences,
    [...confidences].sort((a, b) => b - a),
    'best first',
  );
  const written = await run(root, ['infer', '--write', '--json']);
  assert.is(written.code, 0, written.stderr);
  const after = JSON.parse(written.stdout) as InferJson;
  assert.equal(schemaErrors('infer', after), []);
  assert.equal(
    after.items.filter((i) => i.written).map((i) => i.id),
    ['001'],
  );
  const again = JSON.parse((await run(root, ['infer', '--json'])).stdout) as InferJson;
  assert.is(again.items[0].state, 'declared', 'after --write the item declares what was inferred');
});

json('the schema refuses what the command must never print', () => {
  const good = {
    items: [{ id: '001', title: 't', file: 'f', state: 'inferred', confidence: 0.9, entries: [{ path: 'a.ts', confidence: 0.9, words: ['a'] }] }],
  };
  assert.equal(schemaErrors('infer', good), []);
  assert.ok(schemaErrors('infer', { items: [{ ...good.items[0], state: 'maybe' }] }).length > 0);
  assert.ok(schemaErrors('infer', { items: [{ ...good.items[0], confidence: 1.5 }] }).length > 0);
  assert.ok(schemaErrors('infer', { items: [{ ...good.items[0], entries: [{ path: 'a.ts', confidence: 0.5 }] }] }).length > 0);
  assert.ok(schemaErrors('infer', { items: [], extra: 1 }).length > 0);
});

json('an item declaring only a glob that matches nothing gets the ITEM_GLOB_EMPTY warning, as from plan', async () => {
  const root = gitRepo(undefined, {
    'src/middleware/csrf/index.ts': 'export const csrf = 1;\n',
    '.agent/queue/001-pending-csrf.md': '---\nfiles: ["src/middlware/csrf/**"]\n---\n# Check the origin in csrf\n',
  });
  const shown = await run(root, ['infer']);
  assert.is(shown.code, 0, shown.stderr);
  assert.match(shown.stderr, /^\.agent\/queue\/001-pending-csrf\.md:2:\d+ warning ITEM_GLOB_EMPTY files entry "src\/middlware\/csrf\/\*\*" matches no file/m);
});

json.run();
