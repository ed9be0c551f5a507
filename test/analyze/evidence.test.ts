import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { conflictKindOf, evidenceFiles, formatEvidence } from '../../src/analyze/evidence.js';
import type { Evidence } from '../../src/types.js';

const evidence = suite('conflict evidence: data turned into text at output');

const each: Array<[Evidence, string, string, string[]]> = [
  [{ kind: 'file', file: 'src/a.ts' }, 'src/a.ts', 'file', ['src/a.ts']],
  [{ kind: 'resource', resource: 'db-schema' }, 'resource db-schema', 'data', []],
  [{ kind: 'declared-read', reader: '002', file: 'docs/api.md' }, '002 reads docs/api.md', 'data', ['docs/api.md']],
  [
    { kind: 'import-chain', reader: '002', chain: ['src/b.ts', 'src/x.ts', 'src/a.ts'] },
    'src/b.ts → src/x.ts → src/a.ts',
    'data',
    ['src/b.ts', 'src/x.ts', 'src/a.ts'],
  ],
  [{ kind: 'component', component: 'web' }, 'component web', 'component', []],
];

evidence('each kind: its text, its conflict kind, the files it names', () => {
  for (const [e, text, kind, files] of each) {
    assert.is(formatEvidence(e), text);
    assert.is(conflictKindOf(e), kind);
    assert.equal([...evidenceFiles(e)], files);
  }
});

evidence('an unknown kind (a plan written by a newer version read as data) is a clear error, not undefined text', () => {
  assert.throws(() => formatEvidence({ kind: 'telepathy' } as unknown as Evidence), /unhandled evidence kind: \{"kind":"telepathy"\}/);
});

evidence.run();
