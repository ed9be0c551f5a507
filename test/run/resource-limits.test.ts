import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decideStart, parseMemoryFloor, type ResourceLimits } from '../../src/run/resource-limits.js';

const parse = suite('parseMemoryFloor');

parse('reads percentages and sizes, binary with i, decimal without', () => {
  assert.equal(parseMemoryFloor('10%'), { percent: 10 });
  assert.equal(parseMemoryFloor('2.5%'), { percent: 2.5 });
  assert.equal(parseMemoryFloor('2GiB'), { bytes: 2 * 2 ** 30 });
  assert.equal(parseMemoryFloor('2Gi'), { bytes: 2 * 2 ** 30 });
  assert.equal(parseMemoryFloor('512MB'), { bytes: 512e6 });
  assert.equal(parseMemoryFloor('512M'), { bytes: 512e6 });
  assert.equal(parseMemoryFloor('64KiB'), { bytes: 65536 });
  assert.equal(parseMemoryFloor('1048576'), { bytes: 1048576 });
});

parse('rejects what is not a size', () => {
  assert.is(parseMemoryFloor('lots'), undefined);
  assert.is(parseMemoryFloor('101%'), undefined);
  assert.is(parseMemoryFloor('2TB'), undefined);
});

parse.run();

const decide = suite('decideStart');
const GiB = 2 ** 30;
const limits = (over: Partial<ResourceLimits>): ResourceLimits => ({ maxLoad: null, minFreeMemory: null, ...over });
const idle = { load1: 0.2, freeBytes: 8 * GiB, totalBytes: 16 * GiB };

decide('starts when under every limit', () => {
  assert.equal(decideStart(limits({ maxLoad: 4, minFreeMemory: { percent: 10 } }), idle, 3), { go: true });
});

decide('holds at or above max_load, naming the figures', () => {
  assert.equal(decideStart(limits({ maxLoad: 4 }), { ...idle, load1: 4 }, 1), { go: false, reason: 'load 4.00 ≥ max_load 4' });
});

decide('holds below min_free_memory, as a percentage or a size', () => {
  const low = { ...idle, freeBytes: 1 * GiB };
  assert.equal(decideStart(limits({ minFreeMemory: { percent: 10 }, minFreeMemoryText: '10%' }), low, 2), {
    go: false,
    reason: 'free memory 1.0 GiB < min_free_memory 10%',
  });
  assert.equal(decideStart(limits({ minFreeMemory: { bytes: 2 * GiB } }), low, 2), { go: false, reason: 'free memory 1.0 GiB < min_free_memory 2.0 GiB' });
  assert.equal(decideStart(limits({ minFreeMemory: { bytes: GiB / 2 } }), low, 2), { go: true });
});

decide('names both when both hold', () => {
  const verdict = decideStart(limits({ maxLoad: 1, minFreeMemory: { bytes: 10 * GiB }, minFreeMemoryText: '10GiB' }), { ...idle, load1: 2 }, 1);
  assert.equal(verdict, { go: false, reason: 'load 2.00 ≥ max_load 1, free memory 8.0 GiB < min_free_memory 10GiB' });
});

decide('always starts one when nothing of the run is running (GNU make -l)', () => {
  assert.equal(decideStart(limits({ maxLoad: 0.01 }), { ...idle, load1: 50 }, 0), { go: true });
});

decide.run();
