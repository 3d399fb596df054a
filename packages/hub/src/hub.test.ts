import { GreenletExit } from '@tendril/greenlet';
import { describe, expect, it } from 'vitest';
import { getHub, sleep, spawn, Timeout, until } from './index.js';

describe('hub', () => {
  it('spawn, sleep, join, get', async () => {
    const order: string[] = [];
    const a = spawn(function* a() {
      order.push('1A');
      yield* sleep(0);
      order.push('1B');
      return 1;
    });
    const b = spawn(function* b() {
      order.push('2A');
      yield* sleep(0);
      order.push('2B');
      return 2;
    });
    expect(await a).toBe(1);
    expect(await b.get()).toBe(2);
    expect(order).toEqual(['1A', '2A', '1B', '2B']);
  });
  it('kill a sleeping greenlet runs finally', async () => {
    const log: string[] = [];
    const g = spawn(function* () {
      try {
        yield* sleep(10_000);
      } finally {
        log.push('finally');
      }
    });
    await sleep(1);
    await g.kill();
    expect(log).toEqual(['finally']);
    expect(g.dead).toBe(true);
    expect(GreenletExit.isInstance(g.value)).toBe(true);
    expect(getHub().timers.size).toBe(0);
  });
  it('Timeout interrupts', async () => {
    const g = spawn(function* () {
      const t = Timeout.startNew(5);
      try {
        yield* sleep(10_000);
        return 'slept';
      } catch (e) {
        return e === t ? 'timed out' : 'other';
      } finally {
        t.cancel();
      }
    });
    expect(await g).toBe('timed out');
  });
  it('until a promise', async () => {
    const g = spawn(function* () {
      return (yield* until(Promise.resolve(41))) + 1;
    });
    expect(await g).toBe(42);
    const h = spawn(function* () {
      return yield* until(Promise.reject(new Error('no')));
    });
    await expect(h.get()).rejects.toThrow('no');
  });
  it('await sleep from plain code', async () => {
    const t = performance.now();
    await sleep(20);
    expect(performance.now() - t).toBeGreaterThanOrEqual(19);
  });
});
