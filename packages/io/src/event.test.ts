import { GreenletExit } from '@tendril/greenlet';
import { sleep, spawn, wait } from '@tendril/hub';
import { expectOneError } from '@tendril/testing';
import { describe, expect, it } from 'vitest';
import { spawnLogged, underOuterTimeout } from './__fixtures__/support.js';
import { AsyncResult, Event } from './index.js';

describe('Event', () => {
  it('wakes every waiter on set(), in the order they began to wait', async () => {
    const e = new Event();
    const log: string[] = [];
    const waiters = [1, 2, 3].map((n) =>
      spawn(function* () {
        log.push(`wait ${n}`);
        log.push(`woke ${n}: ${yield* e.wait()}`);
      }),
    );
    await sleep(0);
    expect(e.waiting).toBe(3);
    expect(e.isSet()).toBe(false);
    e.set();
    expect(log).toEqual(['wait 1', 'wait 2', 'wait 3']); // set() only schedules them
    for (const g of waiters) await g;
    expect(log.slice(3)).toEqual(['woke 1: true', 'woke 2: true', 'woke 3: true']);
    expect(e.waiting).toBe(0);
  });

  it('returns at once while set; blocks again after clear()', async () => {
    const e = new Event();
    e.set();
    expect([e.isSet(), e.ready(), String(e)]).toEqual([true, true, 'Event (set, 0 waiting)']);
    expect(await e.wait()).toBe(true);
    e.clear();
    expect(e.ready()).toBe(false);
    expect(await e.wait({ timeout: 0 })).toBe(false);
  });

  it('set() then clear() before the waiters run still wakes them with true', async () => {
    const e = new Event();
    const waiters = Array.from({ length: 100 }, () =>
      spawn(function* () {
        return yield* e.wait();
      }),
    );
    await sleep(0);
    e.set();
    e.clear();
    expect(await Promise.all(waiters)).toEqual(Array(100).fill(true));
    expect(e.isSet()).toBe(false);
  });

  it('a wait that finds it set runs after the waiters set() woke (gevent #1520)', async () => {
    const e = new Event();
    const results: number[] = [];
    function* waitThenAppend(n: number) {
      yield* e.wait();
      results.push(n);
    }
    spawn(waitThenAppend, 1);
    spawn(waitThenAppend, 2);
    await sleep(0);
    expect(e.waiting).toBe(2);
    await spawn(function* () {
      e.set();
      yield* waitThenAppend(3);
    });
    expect(results).toEqual([1, 2, 3]);
  });

  it('a waiter woken by set() does not see itself as ready after clear() (gevent #771)', async () => {
    const e = new Event();
    const waiter = spawn(function* () {
      const setter = spawn(function* () {
        e.set();
      });
      expect(yield* e.wait()).toBe(true);
      expect(e.ready()).toBe(true);
      yield* setter.join();
      e.clear();
      return yield* wait([e], { timeout: 10 });
    });
    expect(await waiter).toEqual([]);
    expect(e.ready()).toBe(false);
  });

  it('wait() returns false after its timeout', async () => {
    const e = new Event();
    const start = performance.now();
    expect(await e.wait({ timeout: 20 })).toBe(false);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(15);
    expect(elapsed).toBeLessThan(1000);
    expect(e.waiting).toBe(0);
  });

  it('an outer Timeout surfaces as itself from wait()', async () => {
    const e = new Event();
    const g = underOuterTimeout(10, () => e.wait({ timeout: 1000 }));
    expect(await g).toBe('outer timeout');
    expect(e.waiting).toBe(0);
  });

  it('kill during wait: finally runs, nothing is left waiting', async () => {
    const e = new Event();
    const log: string[] = [];
    const g = spawnLogged(log, () => e.wait());
    await sleep(0);
    expect(e.waiting).toBe(1);
    expect(await g.kill()).toBe(true);
    expect(log).toEqual(['finally']);
    expect(e.waiting).toBe(0);
  });

  it('a waiter killed after set() woke it does not stop the others', async () => {
    const e = new Event();
    const [a, b] = [1, 2].map(() =>
      spawn(function* () {
        return yield* e.wait();
      }),
    );
    await sleep(0);
    e.set();
    a?.kill();
    expect(GreenletExit.isInstance(await a)).toBe(true);
    expect(await b).toBe(true);
  });

  it('wait([event]) of the hub works, also twice on a set event', async () => {
    const e = new Event();
    spawn(function* () {
      e.set();
    });
    expect(await wait([e])).toEqual([e]);
    expect(await wait([e])).toEqual([e]);
  });

  it('links are called from the hub each time it is set, until unlinked', async () => {
    const e = new Event();
    const calls: Event[] = [];
    const link = (source: Event) => calls.push(source);
    e.link(link);
    e.set();
    expect(calls).toEqual([]); // not inside set()
    await sleep(0);
    expect(calls).toEqual([e]);
    e.clear();
    e.set();
    e.set(); // in the same turn: one call
    await sleep(0);
    expect(calls).toEqual([e, e]);
    e.unlink(link);
    e.unlink(link); // not there any more: fine
    e.set();
    await sleep(0);
    expect(calls).toHaveLength(2);
  });

  it('a link added while it is set is called once, soon', async () => {
    const e = new Event();
    e.set();
    const calls: string[] = [];
    e.link(() => calls.push('late'));
    expect(calls).toEqual([]);
    await sleep(0);
    await sleep(0);
    expect(calls).toEqual(['late']);
  });

  it('a link that throws is reported; the other links still run', async () => {
    const e = new Event();
    const boom = new Error('link failed');
    const calls: string[] = [];
    e.link(() => {
      throw boom;
    });
    e.link(() => calls.push('second'));
    const reported = await expectOneError(Error, function* () {
      e.set();
      yield* sleep(0);
    });
    expect(calls).toEqual(['second']);
    expect(reported).toBe(boom);
    expect(() => e.link(null as never)).toThrow(TypeError);
  });
});

describe('wait() of @tendril/hub over Events and AsyncResults (gevent TestWait)', () => {
  function* sender(events: Event[], results: AsyncResult<string>[]) {
    while (events.length > 0 || results.length > 0) {
      yield* sleep(0);
      events.pop()?.set();
      yield* sleep(0);
      results.pop()?.set('done');
    }
  }
  /** Wait for all the objects (or `count`) while a sender sets them one by one. */
  function* waitWhileSending(count?: number) {
    const events = Array.from({ length: 5 }, () => new Event());
    const results = Array.from({ length: 5 }, () => new AsyncResult<string>());
    const all = [...events, ...results];
    const s = spawn(sender, [...events], [...results]); // runs once this greenlet waits
    const ready = yield* wait(all, { count });
    return { order: ready.map((obj) => all.indexOf(obj)), senderDone: s.ready() };
  }

  it('returns all of them, in the order they became ready', async () => {
    expect(await spawn(waitWhileSending)).toEqual({
      order: [4, 9, 3, 8, 2, 7, 1, 6, 0, 5],
      senderDone: true,
    });
  });

  it('with count, returns the first `count` and leaves the sender running', async () => {
    expect(await spawn(waitWhileSending, 2)).toEqual({ order: [4, 9], senderDone: false });
  });
});
