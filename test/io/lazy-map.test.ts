import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LazyMap } from '../../src/io/lazy-map.js';

const lazy = suite('LazyMap: values computed when first read');

function counted(values: Record<string, string | undefined>) {
  const calls: string[] = [];
  const map = new LazyMap<string, string>(
    new Map([
      ['a', '1'],
      ['b', 'stale'],
    ]),
    Object.keys(values),
    (key) => {
      calls.push(key);
      return values[key];
    },
  );
  return { map, calls };
}

lazy('pending keys are present before they are computed, and computed once, when read', () => {
  const { map, calls } = counted({ b: '2', c: '3' });
  assert.is(map.size, 3);
  assert.ok(map.has('c') && map.has('b') && map.has('a'));
  assert.equal(calls, [], 'has and size compute nothing');
  assert.is(map.get('c'), '3');
  assert.is(map.get('c'), '3');
  assert.is(map.get('b'), '2', 'a pending key replaces the value it came with');
  assert.is(map.get('a'), '1');
  assert.equal(calls, ['c', 'b']);
});

lazy('a key computed as undefined leaves the map', () => {
  const { map } = counted({ gone: undefined, c: '3' });
  assert.ok(map.has('gone'));
  assert.is(map.get('gone'), undefined);
  assert.not.ok(map.has('gone'));
  assert.is(map.size, 3);
});

lazy('iteration computes every pending value first; set and delete settle a key without computing it', () => {
  const { map, calls } = counted({ c: '3', d: '4', e: '5' });
  map.set('c', 'set');
  assert.ok(map.delete('d'));
  assert.not.ok(map.has('d'));
  assert.equal(calls, []);
  assert.equal([...map].sort(), [
    ['a', '1'],
    ['b', 'stale'],
    ['c', 'set'],
    ['e', '5'],
  ]);
  assert.equal([...map.keys()].sort(), ['a', 'b', 'c', 'e']);
  assert.equal(calls, ['e']);
  const seen: string[] = [];
  map.forEach(function (this: unknown, v, k, self) {
    assert.is(self, map, 'forEach passes the LazyMap itself');
    assert.is(this, seen, 'and thisArg');
    seen.push(`${k}=${v}`);
  }, seen);
  assert.equal(seen.sort(), ['a=1', 'b=stale', 'c=set', 'e=5']);
  map.clear();
  assert.is(map.size, 0);
});

lazy('takes the given map over as its storage: nothing copied, Map methods see every entry', () => {
  const known = new Map([
    ['a', '1'],
    ['b', 'old'],
  ]);
  const map = new LazyMap(known, ['b', 'c'], (key) => key.toUpperCase());
  assert.equal([...known.keys()], ['a'], 'pending keys leave the known map until computed');
  assert.ok(map instanceof Map);
  assert.equal(
    new Map(map),
    new Map([
      ['a', '1'],
      ['b', 'B'],
      ['c', 'C'],
    ]),
  );
  assert.is(known.get('c'), 'C');
});

lazy.run();
