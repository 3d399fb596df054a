import { sleep, spawn, Timeout, wait } from '@tendril/hub';
import { describe, expect, it } from 'vitest';
import { spawnLogged, underOuterTimeout } from './__fixtures__/support.js';
import { BoundedSemaphore, ReleaseError, Semaphore } from './index.js';

/** A greenlet that acquires `sem`, logs `name`, and keeps the permit. */
const taker = (sem: Semaphore, log: string[], name: string) =>
  spawn(function* () {
    const got = yield* sem.acquire();
    log.push(name);
    return got;
  });

describe('Semaphore', () => {
  it('counts permits: acquire takes one, release gives one back', async () => {
    const sem = new Semaphore(2);
    expect([sem.counter, sem.locked(), sem.ready()]).toEqual([2, false, true]);
    expect(await sem.acquire()).toBe(true);
    expect(sem.acquire({ blocking: false })).toBe(true); // a plain boolean
    expect([sem.counter, sem.locked(), sem.ready()]).toEqual([0, true, false]);
    expect(sem.acquire({ blocking: false })).toBe(false);
    expect(String(sem)).toBe('Semaphore (0 free, 0 waiting)');
    sem.release();
    sem.release();
    sem.release(); // an unbounded semaphore may be released above its initial value
    expect(sem.counter).toBe(3);
  });

  it('acquire({ timeout }) returns false after the timeout (gevent issue 39)', async () => {
    const sem = new Semaphore(0);
    const start = performance.now();
    expect(await sem.acquire({ timeout: 20 })).toBe(false);
    expect(performance.now() - start).toBeGreaterThanOrEqual(15);
    expect(await sem.acquire({ timeout: 0 })).toBe(false);
    expect([sem.waiting, sem.counter]).toEqual([0, 0]);
  });

  it('waiters get permits in the order they began to wait', async () => {
    const sem = new Semaphore(0);
    const log: string[] = [];
    const takers = ['a', 'b', 'c'].map((name) => taker(sem, log, name));
    await sleep(0);
    expect(sem.waiting).toBe(3);
    sem.release();
    sem.release();
    sem.release();
    for (const g of takers) expect(await g).toBe(true);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(sem.counter).toBe(0);
  });

  it('is fair: a third greenlet is not starved by two ping-ponging (gevent test_fair_or_hangs)', async () => {
    const sem = new Semaphore();
    const log: string[] = [];
    function* pingPong(name: string) {
      for (let i = 0; i < 3; i++) {
        yield* sem.acquire();
        log.push(name);
        yield* sleep(0);
        sem.release(); // and at once acquire again: it must queue behind the waiters
      }
    }
    const [a, b] = [spawn(pingPong, 'a'), spawn(pingPong, 'b')];
    const c = spawn(function* () {
      yield* sem.acquire();
      log.push('c');
      sem.release();
    });
    await Promise.all([a, b, c]);
    expect(log).toEqual(['a', 'b', 'c', 'a', 'b', 'a', 'b']);
    expect(sem.counter).toBe(1);
  });

  it('an outer Timeout surfaces as itself from acquire(), and takes no permit', async () => {
    const sem = new Semaphore(0);
    const g = underOuterTimeout(10, () => sem.acquire({ timeout: 1000 }));
    expect(await g).toBe('outer timeout');
    expect([sem.waiting, sem.counter]).toEqual([0, 0]);
    sem.release();
    expect(sem.counter).toBe(1);
  });

  describe('kill during acquire', () => {
    it('while waiting: nothing is left waiting, the next release is not lost', async () => {
      const sem = new Semaphore(0);
      const log: string[] = [];
      const g = spawnLogged(log, () => sem.acquire());
      await sleep(0);
      await g.kill();
      expect([log, sem.waiting]).toEqual([['finally'], 0]);
      sem.release();
      expect(sem.counter).toBe(1);
    });

    it('killed, then a release before it ran: the next waiter gets the permit', async () => {
      const sem = new Semaphore(0);
      const log: string[] = [];
      const [b, c] = [taker(sem, log, 'b'), taker(sem, log, 'c')];
      await sleep(0);
      b.kill();
      sem.release();
      expect(await c).toBe(true);
      expect([log, sem.counter, sem.waiting]).toEqual([['c'], 0, 0]);
    });

    it('handed a permit but killed before it ran: it passes the permit on', async () => {
      const sem = new Semaphore(0);
      const log: string[] = [];
      const [b, c] = [taker(sem, log, 'b'), taker(sem, log, 'c')];
      await sleep(0);
      sem.release(); // hands the permit to b
      expect([sem.counter, sem.waiting]).toEqual([0, 1]);
      b.kill();
      expect(await c).toBe(true);
      expect([log, sem.counter, sem.waiting]).toEqual([['c'], 0, 0]);
    });

    it('handed a permit but killed before it ran, nobody else waiting: the permit is free again', async () => {
      const sem = new Semaphore(0);
      const log: string[] = [];
      const b = taker(sem, log, 'b');
      await sleep(0);
      sem.release();
      await b.kill();
      expect([log, sem.counter, sem.waiting]).toEqual([[], 1, 0]);
    });
  });

  describe('scoped use', () => {
    it('withLock() returns the body value and releases, also when the body throws', async () => {
      const sem = new Semaphore(1);
      const inside: number[] = [];
      const value = await sem.withLock(function* () {
        inside.push(sem.counter);
        return 'done';
      });
      expect([value, inside, sem.counter]).toEqual(['done', [0], 1]);
      const boom = new Error('boom');
      await expect(
        sem.withLock(function* () {
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(sem.counter).toBe(1);
      expect(() => sem.withLock(null as never)).toThrow(TypeError);
    });

    it('withLock({ timeout }) raises a Timeout when no permit comes', async () => {
      const sem = new Semaphore(0);
      await expect(sem.withLock(function* () {}, { timeout: 10 })).rejects.toBeInstanceOf(Timeout);
      expect([sem.counter, sem.waiting]).toEqual([0, 0]);
    });

    it('kill inside withLock() releases the permit', async () => {
      const sem = new Semaphore(1);
      const g = spawn(function* () {
        yield* sem.withLock(function* () {
          yield* sleep(1000);
        });
      });
      await sleep(0);
      expect(sem.counter).toBe(0);
      await g.kill();
      expect(sem.counter).toBe(1);
    });

    it('hold(): `using` releases at the end of the block; release() early is not repeated', async () => {
      const sem = new Semaphore(1);
      const seen = await spawn(function* () {
        const counters: number[] = [];
        {
          using permit = yield* sem.hold();
          counters.push(sem.counter);
          expect(permit.active).toBe(true);
        }
        counters.push(sem.counter);
        {
          using permit = yield* sem.hold();
          permit.release();
          counters.push(sem.counter);
        }
        counters.push(sem.counter);
        return counters;
      });
      expect(seen).toEqual([0, 1, 1, 1]);
    });

    it('hold({ timeout }) raises a Timeout when no permit comes', async () => {
      const sem = new Semaphore(0);
      await expect(sem.hold({ timeout: 10 })).rejects.toBeInstanceOf(Timeout);
      expect(sem.waiting).toBe(0);
    });
  });

  describe('as a Linkable', () => {
    it('wait([sem]) returns at once when a permit is free (gevent #1287)', async () => {
      const sem = new Semaphore();
      expect(await wait([sem])).toEqual([sem]);
    });

    it('wait([sem]) returns once a release frees a permit', async () => {
      const sem = new Semaphore(0);
      const g = spawn(function* () {
        return yield* wait([sem]);
      });
      await sleep(0);
      expect(g.ready()).toBe(false);
      sem.release();
      expect(await g).toEqual([sem]);
    });

    it('links are called from the hub, not inside release() (gevent test_release_twice)', async () => {
      const sem = new Semaphore();
      const result: string[] = [];
      sem.link(() => result.push('a'));
      sem.release();
      sem.link(() => result.push('b'));
      sem.release();
      expect(result).toEqual([]);
      await sleep(0);
      expect(result).toEqual(['a', 'b']);
    });

    it('links stop once a link has taken the last free permit', async () => {
      const sem = new Semaphore(0);
      const result: string[] = [];
      sem.link(() => result.push(`a took ${sem.acquire({ blocking: false })}`));
      sem.link(() => result.push('b'));
      sem.release();
      await sleep(0);
      expect([result, sem.counter]).toEqual([['a took true'], 0]);
    });
  });

  it('takes an integer number of permits >= 0', () => {
    expect(() => new Semaphore(-1)).toThrow(TypeError);
    expect(() => new Semaphore(1.5)).toThrow(TypeError);
  });
});

describe('BoundedSemaphore', () => {
  it('refuses a release above its initial value', async () => {
    const sem = new BoundedSemaphore(2);
    expect(() => sem.release()).toThrow(ReleaseError);
    expect(sem.counter).toBe(2);
    expect(await sem.acquire()).toBe(true);
    sem.release();
    expect(() => sem.release()).toThrow(
      'BoundedSemaphore (2 free, 0 waiting) was released more times than it was acquired',
    );
    expect([sem.counter, sem.initialValue]).toEqual([2, 2]);
  });

  it('a permit passed on by a killed waiter does not count as a release', async () => {
    const sem = new BoundedSemaphore(1);
    const log: string[] = [];
    sem.acquire({ blocking: false });
    const b = taker(sem, log, 'b');
    await sleep(0);
    sem.release();
    await b.kill();
    expect(sem.counter).toBe(1);
    expect(() => sem.release()).toThrow(ReleaseError);
  });
});
