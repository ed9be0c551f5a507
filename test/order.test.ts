import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareIds, idNumber } from '../src/order.js';

const order = suite('ids and their order');

order('idNumber: the number an id names, with or without #; anything else sorts last', () => {
  const cases: Array<[string, number]> = [
    ['012', 12],
    ['#12', 12],
    ['0', 0],
    ['#0007', 7],
    ['123456789', 123456789],
    ['', Number.MAX_SAFE_INTEGER],
    ['#', Number.MAX_SAFE_INTEGER],
    ['##12', Number.MAX_SAFE_INTEGER],
    ['12a', Number.MAX_SAFE_INTEGER],
    ['a12', Number.MAX_SAFE_INTEGER],
    ['1 2', Number.MAX_SAFE_INTEGER],
    ['-1', Number.MAX_SAFE_INTEGER],
    ['1.5', Number.MAX_SAFE_INTEGER],
    ['٣', Number.MAX_SAFE_INTEGER],
  ];
  for (const [id, n] of cases) assert.is(idNumber(id), n, id);
});

order('property: idNumber reads exactly the ids /^#?\\d+$/ matches, as Number does', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.stringMatching(/^#?\d{1,12}$/)), (id) => {
      const expected = /^#?\d+$/.test(id) ? Number(id.replace(/^#/, '')) : Number.MAX_SAFE_INTEGER;
      assert.is(idNumber(id), expected);
    }),
    { numRuns: 2000 },
  );
});

order('compareIds: by number, then as text', () => {
  assert.equal(['010', '#2', 'b', '9', 'a', '#10'].sort(compareIds), ['#2', '9', '#10', '010', 'a', 'b']);
});

order.run();
