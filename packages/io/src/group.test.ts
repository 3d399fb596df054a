import { GreenletExit, getCurrent } from '@tendril/greenlet';
import { Greenlet, sleep, spawn, withTimeout } from '@tendril/hub';
import { captureHubErrors, expectOneError } from '@tendril/testing';
import { describe, expect, it } from 'vitest';
import { underOuterTimeout } from './__fixtures__/support.js';
import { Event, Group } from './index.js';

class SpecialError extends Error {
  override name = 'SpecialError';
}

function* nap(ms: number) {
  yield* sleep(ms);
  return ms;
}

/** Survives every kill but a SpecialError, counting the shots (gevent's Undead). */
function undead() {
  const state = { shots: 0 };
  const g = spawn(function* undead() {
    for (;;) {
      try {
        yield* sleep(10_000);
      } catch (error) {
        if (error instanceof SpecialError) return;
        state.shots++;
      }
    }
  });
  return { g, state };
}

describe('Group (test__greenletset)', () => {
  it('tracks spawned greenlets until each finishes', async () => {
    const group = new Group();
    const short = group.spawn(nap, 5);
    expect(group.length).toBe(1);
    const long = group.spawn(nap, 20);
    expect([group.length, group.has(short)]).toEqual([2, true]);
    expect([...group].map((g) => g.name)).toEqual(['nap', 'nap']);
    expect([...group][1]).toBe(long);
    await short.join();
    expect([group.length, group.has(short)]).toEqual([1, false]);
    await long.join();
    expect(group.length).toBe(0);
  });

  it('join() waits until it is empty; raiseError with no failure returns true', async () => {
    const group = new Group();
    const done: number[] = [];
    for (const ms of [10, 5]) {
      group.spawn(function* () {
        done.push(yield* nap(ms));
      });
    }
    expect(await group.join({ raiseError: true })).toBe(true);
    expect([group.length, done]).toEqual([0, [5, 10]]);
    expect(await new Group().join()).toBe(true); // empty: at once
  });

  it('kill() kills every member at the call and waits until they are dead', async () => {
    const group = new Group();
    const log: string[] = [];
    for (const name of ['a', 'b']) {
      group.spawn(function* () {
        try {
          yield* sleep(10_000);
        } finally {
          log.push(`${name} finally`);
        }
      });
    }
    await sleep(0);
    expect(await group.kill()).toBe(true);
    expect([group.length, log]).toEqual([0, ['a finally', 'b finally']]);
  });

  it('kill({ block: false }) kills without waiting; they leave once dead', async () => {
    const group = new Group();
    const gs = [group.spawn(nap, 10_000), group.spawn(nap, 10_000)];
    await sleep(0);
    group.kill({ block: false });
    expect(group.length).toBe(2);
    expect(await group.join()).toBe(true);
    expect(gs.map((g) => GreenletExit.isInstance(g.value))).toEqual([true, true]);
  });

  it('kills each member once; an outer timeout cuts the wait for survivors', async () => {
    const u1 = undead();
    const u2 = undead();
    await sleep(0);
    const group = new Group([u1.g, u2.g]);
    const shots = () => [u1.state.shots, u2.state.shots];
    expect(group.length).toBe(2);
    group.killOne(u1.g, { block: false });
    expect(shots()).toEqual([0, 0]);
    await sleep(0);
    expect(shots()).toEqual([1, 0]);
    expect(await group.killOne(u1.g)).toBe(false); // already dying: neither shot nor waited for
    group.kill({ block: false });
    group.kill({ block: false });
    group.kill({ block: false });
    await sleep(0);
    expect(shots()).toEqual([1, 1]);
    const X = Symbol('timed out');
    const result = await withTimeout(10, () => group.kill()[Symbol.iterator](), {
      timeoutValue: X,
    });
    expect([result, group.length, shots()]).toEqual([X, 2, [1, 1]]);
    expect(await group.kill({ timeout: 5 })).toBe(false); // its own timeout: false
    u1.g.kill(new SpecialError());
    u2.g.kill(new SpecialError());
    expect(await group.join()).toBe(true);
  });

  it('kill() empties a group whose members failed or never started', async () => {
    const failing = spawn(function* () {
      throw new Error('never runs');
    });
    const sleeper = spawn(nap, 10_000);
    const group = new Group([failing, sleeper]);
    expect(await group.kill()).toBe(true);
    expect([group.length, failing.dead, sleeper.dead]).toEqual([0, true, true]);
  });

  it('an error in a member nobody joins is still reported by the hub', async () => {
    const group = new Group();
    const boom = new Error('boom');
    const reported = await expectOneError(Error, function* () {
      group.spawn(function* () {
        throw boom;
      });
      expect(yield* group.join()).toBe(true);
    });
    expect(reported).toBe(boom);
  });

  it('join({ raiseError }) raises the first failure at once; it is not reported', async () => {
    using capture = captureHubErrors();
    const group = new Group();
    const boom = new Error('boom');
    const slow = group.spawn(nap, 10_000);
    group.spawn(function* () {
      yield* sleep(1);
      throw boom;
    });
    await expect(group.join({ raiseError: true })).rejects.toBe(boom);
    expect(group.has(slow)).toBe(true);
    await group.kill();
    expect(capture.errors).toEqual([]);
  });

  it('join({ timeout }) gives up with false; an outer Timeout surfaces as itself', async () => {
    const group = new Group();
    group.spawn(nap, 10_000);
    const started = performance.now();
    expect(await group.join({ timeout: 10 })).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(8);
    const outer = underOuterTimeout(5, () => group.join({ timeout: 1000 }));
    expect(await outer).toBe('outer timeout');
    await group.kill();
  });

  it('a joiner killed while it waits leaves nothing behind', async () => {
    const group = new Group();
    const member = group.spawn(nap, 10_000);
    const log: string[] = [];
    const joiner = spawn(function* () {
      try {
        yield* group.join();
      } finally {
        log.push('joiner finally');
      }
    });
    await sleep(0);
    await joiner.kill();
    expect(log).toEqual(['joiner finally']);
    member.kill();
    expect(await group.join()).toBe(true);
  });

  it('add() of a member is idempotent; discard() stops tracking but does not kill', async () => {
    const g = spawn(nap, 10_000);
    const group = new Group();
    group.add(g);
    group.add(g);
    expect(group.length).toBe(1);
    group.discard(g);
    group.discard(g);
    expect([group.length, g.dead]).toEqual([0, false]);
    await g.kill();
    expect(group.length).toBe(0);
    expect(() => group.add({} as Greenlet)).toThrow(TypeError);
  });

  it('start() adds an unstarted greenlet and starts it', async () => {
    const group = new Group();
    const g = new Greenlet(nap, 1);
    expect(group.start(g)).toBe(g);
    expect([group.has(g), await g]).toEqual([true, 1]);
  });

  it('a member killing its own group is killed last', async () => {
    const group = new Group();
    const log: string[] = [];
    const other = group.spawn(function* () {
      try {
        yield* sleep(10_000);
      } finally {
        log.push('other finally');
      }
    });
    const killer = group.spawn(function* () {
      yield* sleep(0);
      try {
        yield* group.kill();
      } finally {
        log.push('killer finally');
      }
      log.push('not reached');
    });
    await group.join();
    expect([log, other.dead, killer.dead]).toEqual([
      ['killer finally', 'other finally'],
      true,
      true,
    ]);
  });

  it('spawn is not blocking; freeCount is Infinity; waitAvailable returns at once', async () => {
    const group = new Group();
    expect([group.freeCount(), group.full(), String(group)]).toEqual([Infinity, false, 'Group(0)']);
    expect(await group.waitAvailable()).toBe(Infinity);
    const g = group.spawn(nap, 1);
    expect(String(group)).toBe('Group(1)');
    await g;
  });

  it('apply() and map() run in the group', async () => {
    const group = new Group();
    expect(await group.apply(nap, 2)).toBe(2);
    expect(await group.map(nap, [3, 1, 2])).toEqual([3, 1, 2]);
    expect(group.length).toBe(0);
  });

  it('map() gives each item that waits a worker of its own: no bound, as in a Group', async () => {
    const group = new Group();
    const allStarted = new Event();
    let started = 0;
    const workers = new Set<unknown>();
    const work = function* (x: number) {
      workers.add(getCurrent());
      if (++started === 200) allStarted.set();
      yield* allStarted.wait(); // each item waits until all 200 run at once
      return x;
    };
    const items = Array.from({ length: 200 }, (_, i) => i);
    expect(await group.map(work, items)).toEqual(items);
    expect(workers.size).toBe(200);
    expect(group.length).toBe(0);
  });

  it('map() runs items that do not wait in a few workers, not a greenlet each', async () => {
    const group = new Group();
    const workers = new Set<unknown>();
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const out = await group.map(function* (x: number) {
      workers.add(getCurrent());
      return x * 2;
    }, items);
    expect(out).toEqual(items.map((x) => x * 2));
    expect(workers.size).toBeLessThanOrEqual(2);
    expect(group.length).toBe(0);
  });

  it('map() killed while it waits kills its workers; their finally runs', async () => {
    const group = new Group();
    const cleanedUp: number[] = [];
    const allStarted = new Event();
    let started = 0;
    const work = function* (x: number) {
      if (++started === 3) allStarted.set();
      try {
        yield* sleep(10_000);
      } finally {
        cleanedUp.push(x);
      }
    };
    const mapper = spawn(function* () {
      return yield* group.map(work, [1, 2, 3]);
    });
    await allStarted.wait();
    expect(group.length).toBe(3);
    await mapper.kill();
    expect([cleanedUp.sort(), group.length]).toEqual([[1, 2, 3], 0]);
  });
});
