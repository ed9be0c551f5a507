import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { footprintExcess, unionOf } from '../../src/land/audit-footprint.js';

const excess = suite('footprintExcess');

excess('files the prediction covers by path, folder or declared glob are not findings', () => {
  const predicted = { writes: ['src/a.ts', 'docs'], globs: ['src/gen/**', 'lib/'] };
  const changed = ['docs/x.md', 'lib/new.ts', 'src/a.ts', 'src/b.ts', 'src/gen/new.ts', '.agent/queue/001-completed-x.md', 'docsy.md'];
  assert.equal(
    footprintExcess(changed, predicted, (p) => p.startsWith('.agent/')),
    ['docsy.md', 'src/b.ts'],
  );
});

excess('a wave is audited against the union of its write sets', () => {
  const wave = unionOf([{ writes: ['src/a.ts'] }, { writes: ['src/b.ts'], globs: ['test/**'] }]);
  assert.equal(footprintExcess(['src/b.ts', 'test/t.ts', 'src/a.ts', 'README.md'], wave), ['README.md']);
});

excess.run();
