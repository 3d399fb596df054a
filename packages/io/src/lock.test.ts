import { getCurrent } from '@tendril/greenlet';
import { sleep, spawn, wait } from '@tendril/hub';
import { captureHubErrors } from '@tendril/testing';
import { describe, expect, it } from 'vitest';
import { underOuterTimeout } from './__fixtures__/support.js';
import { Event, Lock, ReleaseError, RLock } from './index.js';

describe('Lock', () => {
  it('is a mutex any greenlet may release; releasing it unlocked is an error', async () => {
    const lock = new Lock();
    expect(String(lock)).toBe('Lock (unlocked, 0 waiting)');
    expect(() => lock.release()).toThrow(ReleaseError);
    expect(() => lock.release()).toThrow('Lock (unlocked, 0 waiting) was released more times');
    await spawn(function* () {
      yield* lock.acquire();
    });
    expect([lock.locked(), lock.acquire({ blocking: false })]).toEqual([true, false]);
    lock.release(); // not the greenlet that acquired it: fine for a Lock
    expect(lock.locked()).toBe(false);
  });

  it('one greenlet at a time, in the order they asked', async () => {
    const lock = new Lock();
    const log: string[] = [];
    const worker = (name: string) =>
      spawn(function* () {
        yield* lock.withLock(function* () {
          log.push(`${name} in`);
          yield* sleep(0);
          log.push(`${name} out`);
        });
      });
    await Promise.all([worker('a'), worker('b'), worker('c')]);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('acquire in one greenlet, then another: it waits for the release (gevent test__lock)', async () => {
    const lock = new Lock();
    lock.acquire({ blocking: false });
    const other = spawn(function* () {
      return yield* lock.acquire();
    });
    await sleep(0);
    lock.release();
    expect(await other).toBe(true);
    expect(lock.locked()).toBe(true);
  });

  it('a timed acquire in another greenlet gives up; the release then wakes nobody', async () => {
    const lock = new Lock();
    lock.acquire({ blocking: false });
    expect(await lock.acquire({ timeout: 10 })).toBe(false);
    lock.release();
    expect([lock.locked(), lock.waiting]).toEqual([false, 0]);
  });
});

describe('RLock', () => {
  it('the holder may acquire it again; it is free after as many releases', async () => {
    const rlock = new RLock();
    const seen = await spawn(function* () {
      const me = getCurrent();
      const log: unknown[] = [];
      yield* rlock.acquire();
      yield* rlock.acquire();
      log.push(rlock.count, rlock.owner === me, rlock.acquire({ blocking: false }), rlock.count);
      rlock.release();
      rlock.release();
      log.push(rlock.locked());
      rlock.release();
      log.push(rlock.locked(), rlock.count, rlock.owner);
      return log;
    });
    expect(seen).toEqual([2, true, true, 3, true, false, 0, null]);
  });

  it('only the holder may release it', async () => {
    const rlock = new RLock();
    expect(() => rlock.release()).toThrow(ReleaseError);
    const holder = spawn(function* holder() {
      yield* rlock.acquire();
      yield* sleep(1000);
    });
    await sleep(0);
    // `other` fails before the greenlet behind `await` links it: the hub reports the error too.
    using _reported = captureHubErrors();
    const other = spawn(function* other() {
      expect(rlock.acquire({ blocking: false })).toBe(false);
      rlock.release();
    });
    await expect(other).rejects.toThrow(
      'Greenlet "other" (running) cannot release RLock (held 1x by Greenlet "holder" (waiting on',
    );
    expect(rlock.count).toBe(1);
    expect(rlock.owner).toBe(holder); // toBe: toEqual would iterate the greenlet (yield* g)
    await holder.kill();
  });

  it('goes to the waiters in order, each becoming its owner', async () => {
    const rlock = new RLock();
    const owners: string[] = [];
    const worker = (name: string) =>
      spawn(function* () {
        yield* rlock.withLock(function* () {
          yield* rlock.withLock(function* () {
            owners.push(`${name} ${rlock.count}`);
            yield* sleep(0);
          });
        });
      });
    await Promise.all([worker('a'), worker('b')]);
    expect(owners).toEqual(['a 2', 'b 2']);
    expect([rlock.locked(), rlock.owner]).toEqual([false, null]);
  });

  it('a waiter handed the lock but killed before it ran passes it on', async () => {
    const rlock = new RLock();
    const waiter = () =>
      spawn(function* () {
        yield* rlock.acquire();
        return rlock.owner === getCurrent();
      });
    const holder = spawn(function* () {
      yield* rlock.acquire();
      yield* sleep(0); // b and c begin to wait
      rlock.release(); // hands it to b...
      b.kill(); // ...which is killed before it runs
    });
    const [b, c] = [waiter(), waiter()];
    await holder;
    expect(await c).toBe(true);
    expect([rlock.count, rlock.waiting]).toEqual([1, 0]);
  });

  it('acquire({ timeout }) gives up; an outer Timeout surfaces as itself', async () => {
    const rlock = new RLock();
    const holder = spawn(function* () {
      yield* rlock.acquire();
      yield* sleep(1000);
    });
    await sleep(0);
    expect(await rlock.acquire({ timeout: 10 })).toBe(false);
    const g = underOuterTimeout(10, () => rlock.acquire({ timeout: 1000 }));
    expect(await g).toBe('outer timeout');
    expect(rlock.waiting).toBe(0);
    await holder.kill();
  });

  it('kill during acquire: nothing is left waiting', async () => {
    const rlock = new RLock();
    rlock.acquire({ blocking: false }); // held by the main greenlet
    const g = spawn(function* () {
      yield* rlock.acquire();
    });
    await sleep(0);
    await g.kill();
    expect(rlock.waiting).toBe(0);
    rlock.release();
    expect(rlock.locked()).toBe(false);
  });

  it('from plain code: withLock() works; an awaited acquire() belongs to its own greenlet', async () => {
    const rlock = new RLock();
    expect(
      await rlock.withLock(function* () {
        return yield* rlock.withLock(function* () {
          return rlock.count;
        });
      }),
    ).toBe(2);
    expect(await rlock.acquire()).toBe(true);
    expect(() => rlock.release()).toThrow(/use withLock\(\)/);
  });

  it('is a Linkable: wait([rlock]) returns once it is free', async () => {
    const rlock = new RLock();
    const done = new Event();
    const holder = spawn(function* () {
      yield* rlock.withLock(function* () {
        yield* done.wait();
      });
    });
    await sleep(0);
    expect(rlock.ready()).toBe(false);
    done.set();
    expect(await wait([rlock])).toEqual([rlock]);
    expect(holder.ready()).toBe(true);
  });
});
